import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { scanOneTarget, type ScanTargetDeps } from '../../src/checks/scan-target-flow.js';
import { ShardStore } from '../../src/checks/shards.js';
import { ResultStore, ScanState } from '../../src/checks/store.js';
import { configSchema } from '../../src/config/schema.js';
import { DataMapStore } from '../../src/datamap/store.js';
import type { OutboundMessage } from '../../src/notify/outbox.js';
import { Keys } from '../../src/redis/keys.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

describe('scanOneTarget (the synthetic account, a fake outbox and producer, a fake clock)', () => {
  const prefix = uniquePrefix('scan-target-flow');
  const keys = new Keys(prefix);
  const redis = testRedis();
  const results = new ResultStore(redis, keys);
  const scanId = 'scan-20260301-target01';
  let clock: Date;
  let sent: OutboundMessage[];
  let bucketJobs: number;
  let restore: (() => void) | undefined;

  const deps = (): ScanTargetDeps => ({
    config: configSchema.parse({ scan: { regions: ['eu-west-1'], allowedRegions: ['eu-west-1'] } }),
    results,
    shards: new ShardStore(redis, keys),
    dataMaps: new DataMapStore(redis, keys),
    outbox: { send: async (...m) => void sent.push(...m) },
    targets: { clients: () => new AwsClients({ defaultRegion: 'eu-west-1' }) },
    producer: { shards: async () => void bucketJobs++ },
    now: () => clock,
  });
  const target = { scanId, accountId: SYNTHETIC_ACCOUNT_ID, region: 'eu-west-1', home: false, regions: ['eu-west-1'], checkIds: ['ebs_default_encryption'] };

  beforeEach(async () => {
    await cleanupPrefix(prefix);
    restore = mockSyntheticAccount({ buckets: 1 }).restore;
    clock = new Date('2026-03-01T06:00:00Z');
    sent = [];
    bucketJobs = 0;
  });
  afterEach(() => restore?.());
  afterAll(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  it('stores the results at the clock and posts progress about ten times a scan, never for its last job', async () => {
    await results.begin({
      id: scanId,
      selector: { kind: 'all' },
      regions: [],
      state: ScanState.Running,
      startedAt: clock.toISOString(),
      total: 20,
      done: 0,
      accounts: [SYNTHETIC_ACCOUNT_ID],
      channel: 'C0SCAN',
      requestedBy: 'U0ASKER',
      trigger: 'slack',
    });
    for (let i = 0; i < 20; i++) {
      clock = new Date(Date.parse('2026-03-01T06:00:00Z') + i * 1000);
      const outcome = await scanOneTarget(deps(), target, undefined);
      expect(outcome).toMatchObject({ results: 1, errors: 0 });
    }
    const stored = (await results.latest()).filter((r) => r.scanId === scanId);
    expect(stored.map((r) => [r.checkId, r.at])).toEqual([['ebs_default_encryption', '2026-03-01T06:00:19.000Z']]);
    const progress = sent.map((m) => /(\d+)\/20 account-region/.exec(m.text ?? '')?.[1]);
    expect(progress).toEqual(['2', '4', '6', '8', '10', '12', '14', '16', '18']);
    expect(sent.every((m) => m.kind === 'update' && m.channel === 'C0SCAN' && m.ref === `scan:${scanId}` && m.requestedBy === 'U0ASKER')).toBe(true);
    // Without a parent (not a job of a scan) no bucket jobs are ever queued.
    expect(bucketJobs).toBe(0);
  });

  describe('beside the Slack listeners (ROLE=all), the scan jobs of a process share one limit of AWS requests in flight', () => {
    /** Two scans of the same 24 buckets at once, counting the bucket-encryption reads in flight (each takes 5 ms). */
    async function peakInFlight(limit: ReturnType<typeof pLimit> | undefined): Promise<number> {
      restore?.();
      const account = mockSyntheticAccount({ buckets: 24 });
      restore = account.restore;
      let active = 0;
      let peak = 0;
      account
        .stub(S3Client)
        .on(GetBucketEncryptionCommand)
        .callsFake(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
          return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } };
        });
      const d = {
        ...deps(),
        config: configSchema.parse({ scan: { regions: ['eu-west-1'], allowedRegions: ['eu-west-1'], concurrency: 3 } }),
        ...(limit ? { limit } : {}),
      };
      const job = (n: number) =>
        scanOneTarget(d, { ...target, scanId: `scan-20260301-limit0${n}`, home: true, checkIds: ['s3_bucket_default_encryption'] }, undefined);
      const outcomes = await Promise.all([job(1), job(2)]);
      for (const o of outcomes) expect(o).toMatchObject({ results: 24, errors: 0 });
      return peak;
    }

    it('two jobs sharing the limit hold scan.concurrency requests in all; each on its own would hold that many each', async () => {
      expect(await peakInFlight(pLimit(3))).toBeLessThanOrEqual(3);
      expect(await peakInFlight(undefined)).toBeGreaterThan(3);
    });
  });
});
