import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetBucketAclCommand, S3Client } from '@aws-sdk/client-s3';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { failedTargets } from '../../src/checks/scan-flow.js';
import { selectChecks } from '../../src/checks/registry.js';
import { mergeShards, parseShardJobId, shardJobId, ShardStore } from '../../src/checks/shards.js';
import { ResultStore, type StoredResult } from '../../src/checks/store.js';
import { CheckStatus, type CheckResult } from '../../src/checks/types.js';
import { Keys } from '../../src/redis/keys.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { startWorkerProcess, workerEnv, type WorkerProcess } from '../helpers/worker-process.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

/**
 * Bucket shards (issue #19): an account with more buckets than `scan.bucketShardSize` is read by bucket
 * jobs that every worker shares; what a user sees (the stored results, the summary) is the same.
 */

const PER_BUCKET_CALLS = [
  's3:GetPublicAccessBlock',
  's3:GetBucketPolicyStatus',
  's3:GetBucketAcl',
  's3:GetBucketEncryption',
  's3:GetBucketPolicy',
  's3:GetBucketVersioning',
];
const BUCKETS = 11;
const channel = 'C0000SCAN';

/** What a user sees of a result (not when or by which scan it was made: the synthetic account dates some answers "now"). */
const seen = (rs: readonly StoredResult[]) =>
  rs.map(({ checkId, accountId, region, status, resource, message }) => ({
    checkId,
    accountId,
    region,
    status,
    resource,
    message: message.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>'),
  }));

/** Runs `/gdpr scan` on a bot with the given shard size over a fresh synthetic account and returns what it stored and called. */
async function scanWith(
  bucketShardSize: number,
): Promise<{ results: StoredResult[]; calls: Map<string, number>; total: number; jobs: string[]; summary: string }> {
  const aws = mockSyntheticAccount({ buckets: BUCKETS, users: 3, keys: 2, misconfigured: true });
  let t: TestBot | undefined;
  try {
    t = await startTestBot({
      config: {
        channels: { approvals: 'C0000APPR', findings: 'C0000FIND', audit: 'C0000AUDT', private: [channel] },
        scan: { regions: ['eu-west-1', 'eu-central-1'], allowedRegions: ['eu-west-1'], bucketShardSize },
      },
    });
    const started = await t.ask('scan', { channel });
    const scanId = /`(scan-[a-z0-9-]+)`/.exec(String(started.text))?.[1];
    expect(scanId, String(started.text)).toBeDefined();
    const finished = () =>
      [...t!.slack.callsTo('chat.update'), ...t!.slack.callsTo('chat.postMessage')].find(
        (c) => c.args.channel === channel && JSON.stringify(c.args.blocks ?? []).includes('Scan finished'),
      );
    await t.slack.waitFor(() => finished() !== undefined, 'the scan to finish', 30_000);
    const results = [...(await new ResultStore(t.bot.services.redis, t.bot.services.keys).latest())];
    const jobs = (await t.bot.services.queues.get('scan-target').getJobs(['completed', 'failed'])).map((j) => `${j.name}:${j.id}`).sort();
    return { results, calls: new Map(aws.counter.byCommand), total: aws.counter.total, jobs, summary: String(finished()!.args.text) };
  } finally {
    await t?.close();
    aws.restore();
  }
}

describe('a scan whose account has more buckets than scan.bucketShardSize', () => {
  it('stores the same results and summary as an unsharded scan, with the same AWS calls and every bucket read once, in bucket jobs of their own', async () => {
    const whole = await scanWith(1000);
    const sharded = await scanWith(3);
    expect(sharded.results.length).toBeGreaterThan(BUCKETS * 4);
    expect(seen(sharded.results)).toEqual(seen(whole.results));
    expect(sharded.summary).toBe(whole.summary);
    // ListBuckets once per account; each bucket's details once (none read by two jobs); nothing added.
    expect(sharded.calls.get('s3:ListBuckets')).toBe(1);
    for (const call of PER_BUCKET_CALLS) expect(sharded.calls.get(call), call).toBe(BUCKETS);
    expect(sharded.total).toBe(whole.total);
    expect(Object.fromEntries(sharded.calls)).toEqual(Object.fromEntries(whole.calls));
    // 11 buckets: the trail's log bucket judged by the home job, the other 10 in 4 bucket jobs of at most 3.
    const shards = sharded.jobs.filter((j) => j.startsWith('shard:'));
    expect(shards).toHaveLength(4);
    for (const j of shards) expect(j).toMatch(new RegExp(`^shard:scan-[a-z0-9-]+-${SYNTHETIC_ACCOUNT_ID}-eu-west-1-s3-shard[0-3]$`));
    expect(whole.jobs.filter((j) => j.startsWith('shard:'))).toEqual([]);
  }, 90_000);
});

describe('two worker processes', () => {
  const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'scan-worker.ts');
  const buckets = 16;
  const scan = { regions: ['eu-west-1'], allowedRegions: ['eu-west-1'], bucketShardSize: 2, workerConcurrency: 1 };
  let t: TestBot | undefined;
  let other: WorkerProcess | undefined;
  let aws: ReturnType<typeof mockSyntheticAccount> | undefined;
  afterAll(async () => {
    await other?.stop('SIGKILL');
    await t?.close();
    aws?.restore();
  });

  it("share one account's bucket jobs, and no bucket is read by both", async () => {
    aws = mockSyntheticAccount({ buckets, users: 3, keys: 2 });
    const here: Record<string, number> = {};
    // Each bucket read takes a while, so neither process can take every bucket job before the other.
    aws
      .stub(S3Client)
      .on(GetBucketAclCommand)
      .callsFake(async (input: { Bucket: string }) => {
        here[input.Bucket] = (here[input.Bucket] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 150));
        return { Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' }] };
      });
    t = await startTestBot({ config: { channels: { approvals: 'C0000APPR', findings: 'C0000FIND', audit: 'C0000AUDT', private: [channel] }, scan } });
    const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-shards-'));
    const config = join(dir, 'gdpr-bot.yml');
    writeFileSync(
      config,
      stringify({
        approvers: { users: ['U0000APPR1', 'U0000APPR2'], usergroups: [] },
        channels: { approvals: 'C0000APPR', findings: 'C0000FIND', audit: 'C0000AUDT', private: [channel] },
        slack: { postInterval: '10ms' },
        scan,
      }),
    );
    other = await startWorkerProcess(FIXTURE, workerEnv(t, config, { SHARD_BUCKETS: String(buckets), SHARD_ACL_DELAY_MS: '150' }), 30_000);

    await t.ask('scan', { channel });
    await t.slack.waitFor(
      () =>
        [...t!.slack.callsTo('chat.update'), ...t!.slack.callsTo('chat.postMessage')].some(
          (c) => c.args.channel === channel && JSON.stringify(c.args.blocks ?? []).includes('Scan finished'),
        ),
      'the scan to finish',
      60_000,
    );
    const exited = new Promise<void>((resolve) => other!.child.once('exit', () => resolve()));
    other.child.kill('SIGTERM');
    await exited;
    const there = JSON.parse(/ACL (\{.*\})/.exec(other.output())?.[1] ?? 'null') as Record<string, number>;
    expect(there, other.output()).not.toBeNull();
    // Both processes read buckets; together every bucket exactly once.
    expect(Object.keys(here).length).toBeGreaterThan(0);
    expect(Object.keys(there).length).toBeGreaterThan(0);
    const all = [...Object.entries(here), ...Object.entries(there)];
    expect(all.map(([b]) => b).sort()).toEqual(Array.from({ length: buckets }, (_, i) => `bucket-${String(i).padStart(5, '0')}`));
    expect(all.every(([, n]) => n === 1)).toBe(true);
    // And the results hold every bucket, judged.
    const results = await new ResultStore(t.bot.services.redis, t.bot.services.keys).latest();
    expect(results.filter((r) => r.checkId === 's3_bucket_public_access_blocked').map((r) => r.status)).toEqual(Array(buckets).fill('pass'));
  }, 120_000);
});

describe('merging bucket jobs', () => {
  const prefix = uniquePrefix('scan-shards');
  const keys = new Keys(prefix);
  const redis = testRedis();
  const results = new ResultStore(redis, keys);
  const shards = new ShardStore(redis, keys);
  const account = '111122223333';
  const checks = selectChecks({ kind: 'checks', ids: ['s3_bucket_default_encryption', 's3_bucket_tls_only', 'iam_root_mfa_enabled'] });
  const bucket = (n: number) => ({ name: `b${n}`, region: { ok: true as const, value: 'eu-west-1' } });
  const pass = (checkId: string, n: number): CheckResult => ({
    checkId,
    accountId: account,
    region: 'global',
    status: CheckStatus.Pass,
    resource: `arn:aws:s3:::b${n}`,
    message: `b${n} ok`,
  });

  afterAll(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  it('a bucket job that failed every retry makes its own buckets "not checked", the others keep their results, and no earlier pass stands', async () => {
    const scanId = 'scan-20261203-shard001';
    // Yesterday every bucket passed.
    await results.saveResults(
      'scan-old',
      '2026-12-02T06:00:00Z',
      [0, 1, 2, 3, 4, 5, 6].flatMap((n) => [pass('s3_bucket_default_encryption', n), pass('s3_bucket_tls_only', n)]),
    );
    const slices = [
      [bucket(0), bucket(1)],
      [bucket(2), bucket(3)],
      [bucket(4), bucket(5)],
    ];
    await shards.plan(scanId, { accountId: account, region: 'eu-west-1', shards: 3 }, { ok: true, value: null }, slices, [
      pass('s3_bucket_default_encryption', 6),
      pass('s3_bucket_tls_only', 6),
    ]);
    await shards.stage(
      scanId,
      account,
      0,
      [0, 1].flatMap((n) => [pass('s3_bucket_default_encryption', n), pass('s3_bucket_tls_only', n)]),
    );
    await shards.stage(
      scanId,
      account,
      2,
      [4, 5].flatMap((n) => [pass('s3_bucket_default_encryption', n), pass('s3_bucket_tls_only', n)]),
    );
    const failures = { [`${prefix}:scan-target:${shardJobId(scanId, account, 'eu-west-1', 1)}`]: 'Command timed out' };

    const failed = await mergeShards({ shards, results, scanId, checks, failures, failedHomes: new Set(), at: '2026-12-03T06:00:00Z' });
    expect(failed).toEqual([{ accountId: account, shard: 1, buckets: 2, reason: 'Command timed out' }]);

    const latest = await results.latest();
    for (const checkId of ['s3_bucket_default_encryption', 's3_bucket_tls_only']) {
      const mine = latest.filter((r) => r.checkId === checkId);
      expect(mine.map((r) => [r.resource, r.status, r.scanId])).toEqual([
        ['arn:aws:s3:::b0', 'pass', scanId],
        ['arn:aws:s3:::b1', 'pass', scanId],
        ['arn:aws:s3:::b2', 'error', scanId],
        ['arn:aws:s3:::b3', 'error', scanId],
        ['arn:aws:s3:::b4', 'pass', scanId],
        ['arn:aws:s3:::b5', 'pass', scanId],
        ['arn:aws:s3:::b6', 'pass', scanId],
      ]);
      expect(mine.find((r) => r.resource === 'arn:aws:s3:::b2')!.message).toBe(
        `Not checked: bucket job 2 of 3 of account ${account} failed after every retry (Command timed out).`,
      );
    }
    // The staging is gone once merged.
    expect(await shards.accounts(scanId)).toEqual([]);
    expect(await shards.slice(scanId, account, 0)).toBeUndefined();
  });

  it('an account whose home job failed is left to the not-checked path as a whole: nothing of its bucket jobs is merged', async () => {
    const scanId = 'scan-20261203-shard002';
    await shards.plan(scanId, { accountId: '222233334444', region: 'eu-west-1', shards: 1 }, { ok: true, value: null }, [[bucket(0)]], []);
    await shards.stage(scanId, '222233334444', 0, [{ ...pass('s3_bucket_tls_only', 0), accountId: '222233334444' }]);
    expect(await mergeShards({ shards, results, scanId, checks, failures: {}, failedHomes: new Set(['222233334444']), at: '2026-12-03T06:00:00Z' })).toEqual(
      [],
    );
    expect((await results.latest()).filter((r) => r.accountId === '222233334444')).toEqual([]);
    expect(await shards.accounts(scanId)).toEqual([]);
  });

  it("a bucket job's failure is no failed (account, region): it is not read as a region named …-s3-shardN", () => {
    const scanId = 'scan-20261203-shard003';
    const failures = {
      [`${prefix}:scan-target:${shardJobId(scanId, account, 'eu-west-1', 4)}`]: 'boom',
      [`${prefix}:scan-target:${scanId}-${account}-eu-central-1`]: 'Command timed out',
    };
    expect(failedTargets(scanId, failures)).toEqual([{ accountId: account, region: 'eu-central-1', reason: 'Command timed out' }]);
    expect(parseShardJobId(scanId, shardJobId(scanId, account, 'eu-west-1', 4))).toEqual({ accountId: account, region: 'eu-west-1', shard: 4 });
    expect(parseShardJobId(scanId, `${scanId}-${account}-eu-west-1`)).toBeUndefined();
  });
});
