import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { matchesFindings } from '../../src/aws/collectors/eventbridge.js';
import { runPolicyCli } from '../../src/cli/policy.js';
import { configSchema } from '../../src/config/schema.js';
import { eventBridgeTemplate, findingsEventPatterns } from '../../src/findings/eventbridge-template.js';
import { findingsPolicy, queueArn } from '../../src/findings/policy.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/111122223333/gdpr-bot-findings';

function configFile(raw: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'gdpr-bot-eb-')), 'gdpr-bot.yml');
  writeFileSync(path, stringify(raw));
  return path;
}
async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runPolicyCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, stdout, stderr };
}

describe('the EventBridge → SQS CloudFormation template', () => {
  const template = eventBridgeTemplate({ minSeverity: 'medium' }) as { Resources: Record<string, Resource> };
  const resources = template.Resources;
  const rules = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Events::Rule');

  it('has one enabled rule per source on the default bus, each sending to the queue with retries and a dead-letter queue', () => {
    expect(rules.map(([id]) => id).sort()).toEqual(['GuardDutyFindingsRule', 'MacieFindingsRule', 'SecurityHubFindingsRule']);
    for (const [, rule] of rules) {
      expect(rule.Properties).toMatchObject({ EventBusName: 'default', State: 'ENABLED' });
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': ['FindingsQueue', 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['FindingsDeadLetterQueue', 'Arn'] } },
        }),
      ]);
    }
  });

  it("routes what the bot's own posture checks look for (eventbridge_guardduty_findings_rule, eventbridge_securityhub_findings_rule)", () => {
    const matched = rules.flatMap(([, r]) => matchesFindings(JSON.stringify(r.Properties.EventPattern)));
    expect(matched.sort()).toEqual(['guardduty', 'securityhub']);
  });

  it('filters as the poll does: open findings at or above findings.minSeverity, no GuardDuty/Macie copies from Security Hub', () => {
    const p = findingsEventPatterns('high');
    expect(p.GuardDuty.detail).toEqual({ severity: [{ numeric: ['>=', 7] }] });
    expect(p.Macie.detail).toEqual({ severity: { description: ['High'] } });
    expect(p.SecurityHub.detail).toMatchObject({
      findings: {
        RecordState: ['ACTIVE'],
        Workflow: { Status: ['NEW', 'NOTIFIED'] },
        Severity: { Label: ['HIGH', 'CRITICAL'] },
        ProductName: [{ 'anything-but': ['GuardDuty', 'Macie'] }],
      },
    });
    expect(findingsEventPatterns('low').GuardDuty.detail).toEqual({ severity: [{ numeric: ['>=', 1] }] });
  });

  it('encrypts both queues, redrives to the dead-letter queue, and lets only the three rules send (TLS only)', () => {
    expect(resources.FindingsQueue!.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['FindingsDeadLetterQueue', 'Arn'] }, maxReceiveCount: 10 },
    });
    expect(resources.FindingsDeadLetterQueue!.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    const ruleArns = rules.map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    for (const [policy, queue] of [
      ['FindingsQueuePolicy', 'FindingsQueue'],
      ['FindingsDeadLetterQueuePolicy', 'FindingsDeadLetterQueue'],
    ] as const) {
      const doc = resources[policy]!.Properties as { Queues: unknown[]; PolicyDocument: { Statement: Record<string, unknown>[] } };
      expect(doc.Queues).toEqual([{ Ref: queue }]);
      const [allow, deny, tls] = doc.PolicyDocument.Statement;
      expect(allow).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } },
      });
      expect(deny).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage', Condition: { ArnNotEquals: { 'aws:SourceArn': ruleArns } } });
      expect(tls).toMatchObject({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
      // Nothing in the queue policies allows anyone but EventBridge.
      expect(doc.PolicyDocument.Statement.filter((s) => s.Effect === 'Allow')).toHaveLength(1);
    }
  });

  it('every reference in the template names a resource of the template', () => {
    const refs = JSON.stringify(template).match(/"(Ref|Fn::GetAtt)":\s*(\["[^"]+"|"[^"]+")/g) ?? [];
    const names = refs.map((r) => /"(?:Ref|Fn::GetAtt)":\s*\[?"([^"]+)"/.exec(r)![1]!);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(name === 'QueueName' || Object.hasOwn(resources, name)).toBe(true);
  });
});

describe('npm run policy and the findings queue', () => {
  it('--eventbridge prints the template, built from the configuration', async () => {
    const path = configFile({ channels: { findings: 'C0000FIND' }, findings: { minSeverity: 'high', delivery: 'eventbridge', sqs: { queueUrl: QUEUE_URL } } });
    const { code, stdout } = await run(['--eventbridge', '--config', path]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(eventBridgeTemplate({ minSeverity: 'high' }));
  });

  it('the findings policy gets the queue actions on the queue only when delivery is eventbridge', async () => {
    const poll = configSchema.parse({ channels: { findings: 'C0000FIND' }, findings: {} });
    expect(JSON.stringify(findingsPolicy(poll.findings))).not.toContain('sqs:');
    const eb = configSchema.parse({ channels: { findings: 'C0000FIND' }, findings: { delivery: 'eventbridge', sqs: { queueUrl: QUEUE_URL } } });
    const statement = findingsPolicy(eb.findings).Statement.find((s) => s.Sid === 'GdprBotFindingsQueue');
    expect(statement).toEqual({
      Sid: 'GdprBotFindingsQueue',
      Effect: 'Allow',
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
      Resource: 'arn:aws:sqs:eu-west-1:111122223333:gdpr-bot-findings',
    });
    // The full output adds the template under its own heading.
    const { stdout } = await run([
      '--config',
      configFile({ channels: { findings: 'C0000FIND' }, findings: { delivery: 'eventbridge', sqs: { queueUrl: QUEUE_URL } } }),
    ]);
    expect(stdout).toContain('# 4. EventBridge → SQS');
    expect(stdout).toContain('"sqs:ReceiveMessage"');
  });

  it('delivery: eventbridge without a queue is a configuration error', () => {
    const result = configSchema.safeParse({ channels: { findings: 'C0000FIND' }, findings: { delivery: 'eventbridge' } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('sqs.queueUrl');
  });

  it.each([
    [{ queueUrl: QUEUE_URL }, 'arn:aws:sqs:eu-west-1:111122223333:gdpr-bot-findings'],
    [{ queueUrl: 'https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q' }, 'arn:aws-cn:sqs:cn-north-1:111122223333:q'],
    [{ queueUrl: 'http://localhost:4566/000000000000/q', region: 'eu-west-1' }, 'arn:aws:sqs:eu-west-1:000000000000:q'],
  ])('queueArn(%j) = %s', (sqs, arn) => expect(queueArn(sqs)).toBe(arn));

  it('queueArn refuses a URL that does not name the queue', () => {
    expect(() => queueArn({ queueUrl: 'http://localhost:4566/q' })).toThrow(/does not name/);
  });
});
