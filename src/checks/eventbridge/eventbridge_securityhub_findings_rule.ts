import { findingsRuleFindings } from '../eventbridge-findings.js';
import { defineCheck } from '../types.js';

/** An enabled EventBridge rule on the default bus sends imported Security Hub findings to a target. */
export const eventbridge_securityhub_findings_rule = defineCheck({
  id: 'eventbridge_securityhub_findings_rule',
  title: 'Security Hub findings are routed by EventBridge',
  demands:
    'An ENABLED rule on the default event bus whose pattern matches source aws.securityhub and detail-type "Security Hub Findings - Imported", with at least one target.',
  actionItem: 11,
  gdpr: ['Art. 33'],
  severity: 'low',
  scope: 'region',
  needs: ['eventbridge'],
  permissions: ['events:ListRules', 'events:ListTargetsByRule'],
  rationale:
    'Security Hub gathers the findings of every security service; routing its imported findings to a ticket, chat or pager turns them into incidents someone handles in time.',
  evaluate: (s) => findingsRuleFindings(s, 'securityhub'),
});
