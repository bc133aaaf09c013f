import type { EventRule } from '../../../src/aws/collectors/eventbridge.js';
import { matchesFindings } from '../../../src/aws/collectors/eventbridge.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, ok } from '../fixtures.js';

const rules = (s: Snapshot): EventRule[] => {
  const r = s.data.eventbridge!.rules;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
/** A rule as the collector builds it from ListRules (its matches computed from the pattern, like the collector does). */
const rule = (name: string, eventPattern: string, state = 'ENABLED', targets = 1): EventRule => ({
  name,
  arn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/${name}`,
  state,
  eventPattern,
  matches: matchesFindings(eventPattern),
  targets: ok(targets),
});
const PATTERNS =
  'Amazon EventBridge User Guide, "Creating event patterns": a field absent from the pattern matches any value; values are exact matches unless a content filter (prefix, anything-but, …) is used';
const GD =
  'GuardDuty User Guide, "Creating custom responses to GuardDuty findings with Amazon EventBridge": source aws.guardduty, detail-type "GuardDuty Finding"';
const SH = 'Security Hub User Guide, "EventBridge event formats": source aws.securityhub, detail-type "Security Hub Findings - Imported"';

/** EventBridge: rules that look like they alert on findings and do not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'eventbridge_guardduty_findings_rule',
    name: 'a rule named for GuardDuty matches aws.securityhub only: GuardDuty findings are not routed by it',
    source: `${GD}; ${PATTERNS}`,
    mutate: (s) => {
      rules(s)[0] = rule('guardduty-alerts', '{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"]}');
    },
    expect: 'fail',
  },
  {
    check: 'eventbridge_guardduty_findings_rule',
    name: 'the GuardDuty rule matches "GuardDuty Runtime Protection Unhealthy" only: a detail-type other than findings',
    source: `${GD}; GuardDuty also emits detail-type "GuardDuty Runtime Protection Unhealthy"`,
    mutate: (s) => {
      rules(s)[0] = rule('guardduty-to-pager', '{"source":["aws.guardduty"],"detail-type":["GuardDuty Runtime Protection Unhealthy"]}');
    },
    expect: 'fail',
  },
  {
    check: 'eventbridge_guardduty_findings_rule',
    name: 'a rule with source aws.guardduty and no detail-type: every GuardDuty event, findings included, is routed',
    source: `${GD}; ${PATTERNS}`,
    mutate: (s) => {
      rules(s)[0] = rule('guardduty-all', '{"source":["aws.guardduty"]}');
    },
    expect: 'pass',
  },
  {
    check: 'eventbridge_guardduty_findings_rule',
    name: 'the matching rule is enabled but has no target (ListTargetsByRule returns an empty Targets list)',
    source: `EventBridge API Reference, ListTargetsByRule; ${GD}`,
    mutate: (s) => {
      rules(s)[0]!.targets = ok(0);
    },
    expect: 'fail',
  },
  {
    check: 'eventbridge_securityhub_findings_rule',
    name: 'the Security Hub rule is DISABLED: it delivers nothing',
    source: `EventBridge API Reference, Rule.State ENABLED | DISABLED | ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS; ${SH}`,
    mutate: (s) => {
      rules(s)[1]!.state = 'DISABLED';
    },
    expect: 'fail',
  },
  {
    check: 'eventbridge_securityhub_findings_rule',
    name: 'a rule matching "Security Hub Findings - Custom Action" only: findings reach it only when someone clicks an action',
    source: `${SH}; custom actions emit detail-type "Security Hub Findings - Custom Action"`,
    mutate: (s) => {
      rules(s)[1] = rule('securityhub-to-tickets', '{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Custom Action"]}');
    },
    expect: 'fail',
  },
  {
    check: 'eventbridge_securityhub_findings_rule',
    name: 'a source prefix filter {"prefix":"aws.security"} with the imported detail-type: it matches',
    source: `${PATTERNS}; prefix matching`,
    mutate: (s) => {
      rules(s)[1] = rule('securityhub-prefix', '{"source":[{"prefix":"aws.security"}],"detail-type":["Security Hub Findings - Imported"]}');
    },
    expect: 'pass',
  },
];
