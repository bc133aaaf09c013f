import { GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding, type GetFindingsCommandInput } from '@aws-sdk/client-securityhub';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFindingsPollProcessor } from '../../jobs/findings-poll.js';
import { AwsClients } from '../../src/aws/clients.js';
import { collectSecurityHubFindings } from '../../src/aws/collectors/securityhub-findings.js';
import { configSchema } from '../../src/config/schema.js';
import { findingsPolicy } from '../../src/findings/policy.js';
import { FindingStore } from '../../src/findings/store.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { Queues } from '../../src/queues/queues.js';
import { Keys } from '../../src/redis/keys.js';
import { SlackOutbox } from '../../src/slack/outbound.js';
import { FakeFindingServices } from '../helpers/aws-findings.js';
import { asffFinding } from '../helpers/finding-events.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const asff = (n: number, over: Record<string, unknown> = {}) => asffFinding(n, over) as unknown as AwsSecurityFinding;
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: {} });

/** Security Hub's GetFindings over a list, honouring UpdatedAt ≥ Start, the page size and NextToken, and recording the input. */
function fakeHub(findings: AwsSecurityFinding[]) {
  const mock = mockClient(SecurityHubClient);
  const calls: GetFindingsCommandInput[] = [];
  mock.on(GetFindingsCommand).callsFake((input: GetFindingsCommandInput) => {
    calls.push(input);
    const start = input.Filters?.UpdatedAt?.[0]?.Start;
    const all = findings
      .filter((f) => !start || Date.parse(f.UpdatedAt!) >= Date.parse(start))
      .sort((a, b) => Date.parse(a.UpdatedAt!) - Date.parse(b.UpdatedAt!));
    const from = Number(input.NextToken ?? 0);
    const size = input.MaxResults ?? 100;
    return { Findings: all.slice(from, from + size), NextToken: from + size < all.length ? String(from + size) : undefined };
  });
  return { mock, calls };
}

describe('the Security Hub findings collector', () => {
  let hub: ReturnType<typeof fakeHub> | undefined;
  afterEach(() => hub?.mock.restore());

  it('asks for open findings at or above minSeverity from the watermark, oldest first, leaving out GuardDuty and Macie', async () => {
    hub = fakeHub([asff(2), asff(1), asff(3, { ProductArn: 'arn:aws:securityhub:eu-west-1::product/aws/guardduty', ProductName: 'GuardDuty' })]);
    const since = Date.UTC(2026, 0, 1);
    const c = await collectSecurityHubFindings(new AwsClients({ defaultRegion: 'eu-west-1' }), 'eu-west-1', {
      updatedSince: since,
      minSeverity: 'high',
      limit: 1000,
    });
    expect(c.status).toBe('ok');
    if (c.status !== 'ok') return;
    expect(c.findings.map((f) => f.title)).toEqual(['CVE-2026-1001 - openssl', 'CVE-2026-1002 - openssl']);
    expect(c.findings.every((f) => f.source === 'securityhub' && f.id.startsWith('sh-'))).toBe(true);
    const input = hub.calls[0]!;
    expect(input.SortCriteria).toEqual([{ Field: 'UpdatedAt', SortOrder: 'asc' }]);
    expect(input.MaxResults).toBe(100);
    expect(input.Filters).toMatchObject({
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
      WorkflowStatus: [
        { Value: 'NEW', Comparison: 'EQUALS' },
        { Value: 'NOTIFIED', Comparison: 'EQUALS' },
      ],
      SeverityLabel: [
        { Value: 'HIGH', Comparison: 'EQUALS' },
        { Value: 'CRITICAL', Comparison: 'EQUALS' },
      ],
      ProductName: [
        { Value: 'GuardDuty', Comparison: 'NOT_EQUALS' },
        { Value: 'Macie', Comparison: 'NOT_EQUALS' },
      ],
      UpdatedAt: [{ Start: new Date(since).toISOString() }],
    });
  });

  it('reads page by page and stops after the limit (and a newer one)', async () => {
    hub = fakeHub(Array.from({ length: 250 }, (_, i) => asff(i + 1)));
    const c = await collectSecurityHubFindings(new AwsClients({ defaultRegion: 'eu-west-1' }), 'eu-west-1', { minSeverity: 'low', limit: 120 });
    expect(c.status === 'ok' && c.findings.length).toBeGreaterThanOrEqual(120);
    expect(hub.calls).toHaveLength(2);
  });

  it('not subscribed is "disabled"; any other failure is an error, never "no findings"', async () => {
    const mock = mockClient(SecurityHubClient);
    try {
      mock
        .on(GetFindingsCommand)
        .rejectsOnce(awsError('InvalidAccessException', 'Account 111122223333 is not subscribed to AWS Security Hub'))
        .rejectsOnce(awsError('AccessDeniedException', 'no securityhub:GetFindings'));
      const aws = new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 1 });
      expect(await collectSecurityHubFindings(aws, 'eu-west-1', { minSeverity: 'low' })).toEqual({
        status: 'disabled',
        reason: 'Security Hub is not enabled in eu-west-1.',
      });
      expect(await collectSecurityHubFindings(aws, 'eu-west-1', { minSeverity: 'low' })).toEqual({
        status: 'error',
        reason: 'AccessDeniedException: no securityhub:GetFindings',
      });
    } finally {
      mock.restore();
    }
  });
});

describe('findings.pollSecurityHub', () => {
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  let queues: Queues;
  let services: FakeFindingServices;
  let hub: ReturnType<typeof fakeHub>;
  const sts = mockClient(STSClient);
  beforeEach(() => {
    prefix = uniquePrefix('findings-sh');
    redis = testRedis('worker');
    keys = new Keys(prefix);
    queues = new Queues(redis, prefix);
    services = new FakeFindingServices();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
  });
  afterEach(async () => {
    services.restore();
    hub?.mock.restore();
    sts.reset();
    await queues.close();
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  const poll = (pollSecurityHub: boolean) =>
    makeFindingsPollProcessor({
      config: configSchema.parse({ channels: { findings: 'C0FIND' }, scan: { regions: ['eu-west-1'] }, findings: { minSeverity: 'low', pollSecurityHub } }),
      redis,
      keys,
      outbox: new SlackOutbox(redis, keys, queues),
      log: createLogger('silent'),
      now: () => new Date(),
      aws: new AwsClients({ defaultRegion: 'eu-west-1' }),
      metrics: new Metrics(),
    })({ data: { account: 'self', region: 'eu-west-1' } } as Job<{ account: string; region: string }, never, 'poll'>);

  it('polls Security Hub as a third source with its own watermark, posting each finding once', async () => {
    hub = fakeHub([asff(1), asff(2)]);
    const first = await poll(true);
    expect(first.sources.securityhub).toMatchObject({ status: 'ok', fetched: 2, posted: 2 });
    expect(await new FindingStore(redis, keys).watermark('securityhub', 'self', 'eu-west-1')).toBeGreaterThan(0);
    const second = await poll(true);
    expect(second.sources.securityhub).toMatchObject({ posted: 0 });
    expect(hub.calls.at(-1)!.Filters!.UpdatedAt).toBeDefined();
  });

  it('is off by default (no Security Hub call, nothing in the policy)', async () => {
    hub = fakeHub([asff(1)]);
    const result = await poll(false);
    expect(Object.keys(result.sources)).toEqual(['guardduty', 'macie']);
    expect(hub.calls).toEqual([]);
    expect(JSON.stringify(findingsPolicy(configSchema.parse({ channels: { findings: 'C0FIND' }, findings: {} }).findings))).not.toContain('securityhub:');
    expect(JSON.stringify(findingsPolicy(configSchema.parse({ channels: { findings: 'C0FIND' }, findings: { pollSecurityHub: true } }).findings))).toContain(
      'securityhub:GetFindings',
    );
  });
});
