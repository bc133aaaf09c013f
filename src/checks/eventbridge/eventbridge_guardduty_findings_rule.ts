import { findingsRuleFindings } from '../eventbridge-findings.js';
import { defineCheck } from '../types.js';

/** An enabled EventBridge rule on the default bus sends GuardDuty findings to a target. */
export const eventbridge_guardduty_findings_rule = defineCheck({
  id: 'eventbridge_guardduty_findings_rule',
  title: 'GuardDuty findings are routed by EventBridge',
  demands: 'An ENABLED rule on the default event bus whose pattern matches source aws.guardduty and detail-type "GuardDuty Finding", with at least one target.',
  actionItem: 11,
  gdpr: ['Art. 33'],
  severity: 'medium',
  scope: 'region',
  needs: ['eventbridge'],
  permissions: ['events:ListRules', 'events:ListTargetsByRule'],
  rationale:
    'Art. 33 gives 72 hours from becoming aware of a breach; a GuardDuty finding that only sits in the console until someone looks is not an alert (the source document: automate incident response with CloudWatch Events).',
  evaluate: (s) => findingsRuleFindings(s, 'guardduty'),
});
