import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { eventbridgeCollector, matchesFindings } from '../../src/aws/collectors/eventbridge.js';
import { eventbridge_guardduty_findings_rule } from '../../src/checks/eventbridge/eventbridge_guardduty_findings_rule.js';
import { eventbridge_securityhub_findings_rule } from '../../src/checks/eventbridge/eventbridge_securityhub_findings_rule.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf } from '../helpers/collect-in.js';

const eb = mockClient(EventBridgeClient);
afterEach(() => eb.reset());

const GD = '{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"]}';
const SH = '{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"]}';
const arn = (name: string) => `arn:aws:events:eu-west-1:123456789012:rule/${name}`;

describe('the EventBridge collector', () => {
  it("lists every page of the default bus's rules and reads targets only of the rules that route findings", async () => {
    const all = [
      { Name: 'gd', Arn: arn('gd'), State: 'ENABLED', EventPattern: GD },
      { Name: 'cron', Arn: arn('cron'), State: 'ENABLED', ScheduleExpression: 'rate(1 day)' },
      { Name: 'sh', Arn: arn('sh'), State: 'DISABLED', EventPattern: SH },
    ];
    const buses: (string | undefined)[] = [];
    eb.on(ListRulesCommand).callsFake(async (input: { NextToken?: string; EventBusName?: string }) => {
      buses.push(input.EventBusName);
      const p = pageOf(all, input.NextToken, 2);
      return { Rules: p.items, NextToken: p.next };
    });
    eb.on(ListTargetsByRuleCommand).callsFake(async (input: { Rule: string; NextToken?: string }) =>
      input.Rule === 'gd' && !input.NextToken
        ? { Targets: [{ Id: '1', Arn: 'arn:aws:sns:eu-west-1:123456789012:a' }], NextToken: 'more' }
        : { Targets: [{ Id: '2', Arn: 'arn:aws:sqs:eu-west-1:123456789012:b' }] },
    );
    const { data, calls } = await collectIn(eventbridgeCollector, 'eu-west-1');
    if (!data.rules.ok) throw new Error('not read');
    expect(buses).toEqual(['default', 'default']);
    expect(data.rules.value.map((r) => [r.name, r.state, r.matches, r.targets])).toEqual([
      ['gd', 'ENABLED', ['guardduty'], { ok: true, value: 2 }],
      ['cron', 'ENABLED', [], undefined],
      ['sh', 'DISABLED', ['securityhub'], { ok: true, value: 1 }],
    ]);
    expect(calls.filter((c) => c === 'events:ListTargetsByRule')).toHaveLength(3);
    const s = compliantSnapshot();
    s.data.eventbridge = data;
    expect(eventbridge_guardduty_findings_rule.evaluate(s)[0]!.status).toBe('pass');
    const [sh] = eventbridge_securityhub_findings_rule.evaluate(s);
    expect(sh!.status).toBe('fail');
    expect(sh!.message).toContain('sh is DISABLED');
  });

  it('records a denied ListTargetsByRule on that rule (the check says error), and a denied ListRules on the whole list', async () => {
    eb.on(ListRulesCommand).resolves({ Rules: [{ Name: 'gd', Arn: arn('gd'), State: 'ENABLED', EventPattern: GD }] });
    eb.on(ListTargetsByRuleCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const { data } = await collectIn(eventbridgeCollector, 'eu-west-1');
    const s = compliantSnapshot();
    s.data.eventbridge = data;
    const [f] = eventbridge_guardduty_findings_rule.evaluate(s);
    expect(f!.status).toBe('error');
    expect(f!.message).toContain('events:ListTargetsByRule');

    eb.on(ListRulesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const denied = await collectIn(eventbridgeCollector, 'eu-west-1');
    expect(denied.data.rules.ok ? undefined : denied.data.rules.error).toMatchObject({ call: 'events:ListRules', kind: 'denied' });
  });

  it('reads event patterns as EventBridge matches them: source required, detail-type absent or naming the findings event, prefix filters', () => {
    expect(matchesFindings(GD)).toEqual(['guardduty']);
    expect(matchesFindings('{"source":["aws.guardduty","aws.securityhub"]}')).toEqual(['guardduty', 'securityhub']);
    expect(matchesFindings('{"source":[{"prefix":"aws."}],"detail-type":["Security Hub Findings - Imported"]}')).toEqual(['securityhub']);
    expect(matchesFindings('{"source":[{"anything-but":"aws.ec2"}]}')).toEqual([]);
    expect(matchesFindings('{"detail-type":["GuardDuty Finding"]}')).toEqual([]);
    expect(matchesFindings('{"source":"aws.guardduty"}')).toEqual([]);
    expect(matchesFindings('not json')).toEqual([]);
    expect(matchesFindings(undefined)).toEqual([]);
  });
});
