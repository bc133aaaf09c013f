import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessProducer, remediationProducer } from '../../src/queues/producers.js';
import { Queues } from '../../src/queues/queues.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

describe('typed producers (real Redis, no worker)', () => {
  const prefix = uniquePrefix('producers');
  let redis: Redis;
  let queues: Queues;
  beforeAll(() => {
    redis = testRedis();
    queues = new Queues(redis, prefix);
  });
  afterAll(async () => {
    await queues.close();
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  it('queues one plan and one apply per remediation request, however often asked, with retries', async () => {
    const jobs = remediationProducer(queues);
    await Promise.all([jobs.plan('R00000000A1'), jobs.plan('R00000000A1'), jobs.apply('R00000000A1'), jobs.apply('R00000000A1')]);
    const waiting = await queues.get('remediation').getJobs(['waiting', 'delayed', 'prioritized']);
    expect(waiting.map((j) => [j.name, j.id, j.data, j.opts.attempts]).sort()).toEqual([
      ['apply', 'apply-R00000000A1', { requestId: 'R00000000A1' }, 5],
      ['plan', 'plan-R00000000A1', { requestId: 'R00000000A1' }, 5],
    ]);
    expect(await jobs.applyState('R00000000A1')).toEqual({ state: 'waiting' });
    expect(await jobs.applyState('R00000000B2')).toEqual({ state: 'missing' });
  });

  it('schedules one look at an access request per key, and one cleanup per grant', async () => {
    const jobs = accessProducer(queues);
    await Promise.all([jobs.advance('A1', 'v2', 60_000), jobs.advance('A1', 'v2', 60_000), jobs.advance('A1', 'v3')]);
    const looks = await queues.get('access-lifecycle').getJobs(['waiting', 'delayed']);
    expect(looks.map((j) => j.id).sort()).toEqual(['advance-A1-v2', 'advance-A1-v3']);
    await Promise.all([jobs.cleanup({ grantId: 'G1', issuedBefore: 1 }, 1000), jobs.cleanup({ grantId: 'G1', issuedBefore: 1 }, 1000)]);
    const cleanups = await queues.get('access-revoke').getJobs(['waiting', 'delayed']);
    expect(cleanups.map((j) => [j.id, j.opts.attempts])).toEqual([['revoke-cleanup-G1', 10]]);
  });
});
