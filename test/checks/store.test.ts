import { afterAll, describe, expect, it } from 'vitest';
import { ResultStore } from '../../src/checks/store.js';
import type { CheckResult } from '../../src/checks/types.js';
import { Keys } from '../../src/redis/keys.js';
import { postureMessage } from '../../src/slack/posture.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('store');
const redis = testRedis();

function bucketResults(statuses: CheckResult['status'][]): CheckResult[] {
  return statuses.map((status, i) => ({
    checkId: 's3_bucket_default_encryption',
    accountId: '111122223333',
    region: 'eu-west-1',
    status,
    resource: `arn:aws:s3:::bucket-${String(i).padStart(5, '0')}`,
    message: `bucket ${i} is ${status}`,
  }));
}

describe('the stored posture results', () => {
  afterAll(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  it('answers every reader with what the latest write stored, across stores of the same prefix', async () => {
    const writer = new ResultStore(redis, new Keys(prefix));
    const reader = new ResultStore(redis, new Keys(prefix));
    await writer.saveResults('scan-1', '2026-11-29T10:00:00Z', bucketResults(['fail', 'pass']));
    expect((await reader.latest()).map((r) => r.status)).toEqual(['fail', 'pass']);
    expect(postureMessage({ results: await reader.latest(), now: new Date() }).text).toMatch(/1 failing check/);

    // The fix was applied and re-checked: the same reader sees the new result, and so does the summary.
    await writer.saveResults('scan-2', '2026-11-29T11:00:00Z', bucketResults(['pass', 'pass']));
    expect((await reader.latest()).map((r) => [r.status, r.scanId])).toEqual([
      ['pass', 'scan-2'],
      ['pass', 'scan-2'],
    ]);
    expect(postureMessage({ results: await reader.latest(), now: new Date() }).text).toMatch(/0 failing check/);
  });

  it('does not serve results that were deleted and written again since they were read', async () => {
    const store = new ResultStore(redis, new Keys(prefix));
    await store.saveResults('scan-3', '2026-11-29T12:00:00Z', bucketResults(['error']));
    expect((await store.latest())[0]!.status).toBe('error');
    await cleanupPrefix(prefix);
    expect(await store.latest()).toEqual([]);
    await store.saveResults('scan-4', '2026-11-29T13:00:00Z', bucketResults(['fail']));
    expect((await store.latest())[0]!.scanId).toBe('scan-4');
  });

  it('keeps thousands of results of one check, sorted by resource, and hands them out read-only', async () => {
    const store = new ResultStore(redis, new Keys(prefix));
    const many = bucketResults(Array.from({ length: 5000 }, (_, i) => (i % 10 === 0 ? 'fail' : 'pass'))).reverse();
    await store.saveResults('scan-5', '2026-11-29T14:00:00Z', many);
    const latest = await store.latest();
    expect(latest).toHaveLength(5000);
    expect(latest[0]!.resource).toBe('arn:aws:s3:::bucket-00000');
    expect(latest[4999]!.resource).toBe('arn:aws:s3:::bucket-04999');
    expect(latest.filter((r) => r.status === 'fail')).toHaveLength(500);
    expect(Object.isFrozen(latest)).toBe(true);
  });

  it('reads results written without a version (by a bot from before it) every time, never from the cache', async () => {
    const keys = new Keys(uniquePrefix('store-old-writer'));
    const store = new ResultStore(redis, keys);
    // What an older bot writes: the results hash, and no version token.
    const field = '111122223333|eu-west-1|ebs_default_encryption';
    const write = (status: string, scanId: string) =>
      redis.hset(keys.key('posture', 'latest'), field, JSON.stringify({ scanId, at: '2026-11-29T09:00:00Z', findings: [[status, '111122223333/eu-west-1', `EBS default encryption ${status}`]] }));
    try {
      await write('fail', 'old-1');
      expect((await store.latest()).map((r) => [r.status, r.scanId])).toEqual([['fail', 'old-1']]);
      await write('pass', 'old-2');
      expect((await store.latest()).map((r) => [r.status, r.scanId])).toEqual([['pass', 'old-2']]);
    } finally {
      await cleanupPrefix(keys.prefix);
    }
  });
});
