import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { page, type SyntheticCall, type SyntheticService } from './service.js';

/**
 * EventBridge: on each region's default bus, a rule routing GuardDuty findings to an SNS topic, one routing
 * imported Security Hub findings, and a scheduled rule (misconfigured: the GuardDuty rule is disabled and
 * the Security Hub rule lost its target).
 */
export const eventbridge: SyntheticService = ({ mock, count, accountId, pageSize, misconfigured }) => {
  const eb = mock(EventBridgeClient);
  const rules = (region: string) => [
    {
      Name: 'guardduty-findings',
      Arn: `arn:aws:events:${region}:${accountId}:rule/guardduty-findings`,
      State: misconfigured ? 'DISABLED' : 'ENABLED',
      EventBusName: 'default',
      EventPattern: '{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"]}',
    },
    {
      Name: 'securityhub-findings',
      Arn: `arn:aws:events:${region}:${accountId}:rule/securityhub-findings`,
      State: 'ENABLED',
      EventBusName: 'default',
      EventPattern: '{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"]}',
    },
    {
      Name: 'nightly-export',
      Arn: `arn:aws:events:${region}:${accountId}:rule/nightly-export`,
      State: 'ENABLED',
      EventBusName: 'default',
      ScheduleExpression: 'cron(0 2 * * ? *)',
    },
  ];
  eb.on(ListRulesCommand).callsFake(async (input: { NextToken?: string }, call: SyntheticCall) => {
    count('events:ListRules');
    const p = page(rules(await call.region()), input.NextToken, pageSize);
    return { Rules: p.items, NextToken: p.next };
  });
  eb.on(ListTargetsByRuleCommand).callsFake(async (input: { Rule: string }, call: SyntheticCall) => {
    count('events:ListTargetsByRule');
    const none = misconfigured && input.Rule === 'securityhub-findings';
    return { Targets: none ? [] : [{ Id: 'alerts', Arn: `arn:aws:sns:${await call.region()}:${accountId}:security-alerts` }] };
  });
};
