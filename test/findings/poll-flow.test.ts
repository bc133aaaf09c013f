import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { configSchema } from '../../src/config/schema.js';
import { FindingsPollFlow, type FindingsPollDeps } from '../../src/findings/poll-flow.js';
import { WATERMARK_LAG_MS } from '../../src/findings/poll.js';
import { FindingStore } from '../../src/findings/store.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import type { OutboundMessage } from '../../src/notify/outbox.js';
import { Lease } from '../../src/redis/lease.js';
import { Keys } from '../../src/redis/keys.js';
import { FakeFindingServices, gdFinding } from '../helpers/aws-findings.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

describe('FindingsPollFlow (a fake clock, a fake outbox, the real Redis)', () => {
  const prefix = uniquePrefix('poll-flow');
  const keys = new Keys(prefix);
  const redis = testRedis();
  const store = new FindingStore(redis, keys);
  const sts = mockClient(STSClient);
  let aws: FakeFindingServices;
  let clock: Date;
  let sent: OutboundMessage[];
  let metrics: Metrics;

  const config = (findings: Record<string, unknown> = {}) =>
    configSchema.parse({
      channels: { findings: 'C0FIND' },
      scan: { regions: ['eu-west-1'] },
      findings: { minSeverity: 'low', digestThreshold: 1000, ...findings },
    });
  const deps = (cfg = config()): FindingsPollDeps => ({
    config: cfg,
    redis,
    keys,
    log: createLogger('silent'),
    now: () => clock,
    aws: new AwsClients({ defaultRegion: 'eu-west-1' }),
    metrics,
    outbox: {
      send: async (...m) => void sent.push(...m),
      sendWith: async (m, also) => {
        sent.push(...m);
        const tx = redis.multi();
        also?.(tx);
        await tx.exec();
      },
      lookupRef: async () => undefined,
    },
  });

  beforeEach(async () => {
    await cleanupPrefix(prefix);
    aws = new FakeFindingServices();
    sts.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
    clock = new Date('2026-01-01T00:10:00Z');
    sent = [];
    metrics = new Metrics();
  });
  afterEach(() => aws.restore());
  afterAll(async () => {
    sts.restore();
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  it('posts what is new, holds the watermark a minute behind the clock, and records the poll time of the clock', async () => {
    // Two findings well before the poll, one updated 30 s before it (it may still have company on the way).
    const recent = Date.parse('2026-01-01T00:09:30Z');
    aws.addGuardDuty(gdFinding(1), gdFinding(2), gdFinding(3, { updatedAtMs: recent }));
    const result = await new FindingsPollFlow(deps()).poll('self', 'eu-west-1');
    expect(result.sources.guardduty).toMatchObject({ status: 'ok', fetched: 3, posted: 3 });
    expect(result.sources.macie).toMatchObject({ status: 'ok', fetched: 0 });
    expect(sent.filter((m) => m.kind === 'post')).toHaveLength(3);
    expect(await store.watermark('guardduty', 'self', 'eu-west-1')).toBe(clock.getTime() - WATERMARK_LAG_MS);
    const lastPoll = (await metrics.findingsLastPoll.get()).values;
    expect(lastPoll).toEqual(
      expect.arrayContaining([
        { labels: { source: 'guardduty', account: 'self', region: 'eu-west-1' }, value: clock.getTime() / 1000 },
        { labels: { source: 'macie', account: 'self', region: 'eu-west-1' }, value: clock.getTime() / 1000 },
      ]),
    );

    // Ten minutes later nothing changed: the next poll lists from the watermark and posts nothing again.
    clock = new Date('2026-01-01T00:20:00Z');
    sent = [];
    const again = await new FindingsPollFlow(deps()).poll('self', 'eu-west-1');
    expect(again.sources.guardduty).toMatchObject({ status: 'ok', posted: 0, unchanged: 1 });
    expect(sent).toEqual([]);
    expect(await store.watermark('guardduty', 'self', 'eu-west-1')).toBe(recent);
  });

  it('skips while another poll of the same (account, region) holds the lock, and reads nothing', async () => {
    aws.addGuardDuty(gdFinding(1));
    const lease = await Lease.acquire(redis, store.lockKey('self', 'eu-west-1'), 60_000);
    try {
      expect(await new FindingsPollFlow(deps()).poll('self', 'eu-west-1')).toEqual({ skipped: 'busy', sources: {} });
      expect(aws.gdListCalls).toEqual([]);
    } finally {
      await lease!.release();
    }
  });

  it('refuses an account that is not in findings.accounts, and leaves the lock free', async () => {
    const flow = new FindingsPollFlow(deps(config({ accounts: [{ id: '444455556666', roleArn: 'arn:aws:iam::444455556666:role/gdpr-bot' }] })));
    await expect(flow.poll('999988887777', 'eu-west-1')).rejects.toThrow('account 999988887777 is not in findings.accounts');
    expect(await redis.exists(store.lockKey('999988887777', 'eu-west-1'))).toBe(0);
  });
});
