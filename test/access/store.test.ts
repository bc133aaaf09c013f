import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccessError, type AccessRequest } from '../../src/access/state.js';
import { AccessStore, FINISHED_RETENTION_MS, newRequestId } from '../../src/access/store.js';
import { Keys } from '../../src/redis/keys.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');
const yes = { allowed: true, via: 'user' } as const;

describe('access store (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let store: AccessStore;
  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(() => redis.disconnect());
  beforeEach(() => {
    prefix = uniquePrefix('access-store');
    store = new AccessStore(redis, new Keys(prefix), 10 * 60_000);
  });
  afterEach(() => cleanupPrefix(prefix));

  function pending(minApprovals = 1): AccessRequest {
    return {
      id: newRequestId(),
      kind: 'grant',
      requester: 'UREQ',
      role: 'prod-readonly',
      roleArn: 'arn:aws:iam::123456789012:role/ro',
      durationMs: 3_600_000,
      justification: 'x',
      breakglass: false,
      minApprovals,
      status: 'pending',
      createdAt: T0,
      pendingUntil: T0 + 7_200_000,
      approvals: [],
      version: 1,
    };
  }

  it('lets exactly one of many simultaneous approvers open the grant', async () => {
    const request = pending(1);
    await store.create(request, request.pendingUntil);
    const approvers = Array.from({ length: 8 }, (_, i) => `UAPP${i}`);
    const results = await Promise.allSettled(approvers.map((by) => store.apply(request.id, { type: 'approve', by, decision: yes }, T0 + 1000)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AccessError);
      expect(((r as PromiseRejectedResult).reason as AccessError).code).toBe('invalid-status');
    }
    const stored = (await store.get(request.id))!;
    expect(stored.status).toBe('approved');
    expect(stored.approvals).toHaveLength(1);
    expect(stored.version).toBe(2);
    expect((await store.open()).map((r) => r.id)).toEqual([request.id]);
  });

  it('counts every distinct approver once when they click at the same time (quorum 3)', async () => {
    const request = pending(3);
    await store.create(request, request.pendingUntil);
    await Promise.all(['UA', 'UB', 'UC'].map((by) => store.apply(request.id, { type: 'approve', by, decision: yes }, T0 + 1000)));
    const stored = (await store.get(request.id))!;
    expect(stored.status).toBe('approved');
    expect(stored.approvals.map((a) => a.by).sort()).toEqual(['UA', 'UB', 'UC']);
  });

  it('keeps the deadline index in step and lets finished requests age out', async () => {
    const request = pending();
    await store.create(request, request.pendingUntil);
    expect(await store.due(T0)).toEqual([]);
    expect(await store.due(request.pendingUntil)).toEqual([request.id]);
    await store.apply(request.id, { type: 'expire' }, request.pendingUntil);
    expect(await store.due(Number.MAX_SAFE_INTEGER)).toEqual([]);
    const ttl = await redis.pttl(new Keys(prefix).key('access', 'req', request.id));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(FINISHED_RETENTION_MS);
    expect((await store.forUser('UREQ')).map((r) => r.status)).toEqual(['expired']);
  });

  it('refuses unknown and malformed ids', async () => {
    await expect(store.apply('ax-00000000', { type: 'cancel', by: 'UREQ' }, T0)).rejects.toBeInstanceOf(AccessError);
    expect(await store.get('../../etc')).toBeUndefined();
  });
});
