import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccessError, type AccessRequest } from '../../src/access/state.js';
import { AccessStore, FINISHED_RETENTION_MS, newRequestId, TamperedRequestError } from '../../src/access/store.js';
import { Keys } from '../../src/redis/keys.js';
import { testIntegrity } from '../helpers/integrity.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');
const yes = { allowed: true, via: 'user' } as const;

describe('access store (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let store: AccessStore;
  let audited: { actor: string; action: string; subject?: string; detail?: Record<string, unknown> }[] = [];
  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(() => redis.disconnect());
  beforeEach(() => {
    prefix = uniquePrefix('access-store');
    audited = [];
    store = new AccessStore(redis, new Keys(prefix), 10 * 60_000, testIntegrity(audited));
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
  describe('integrity: a record edited in Redis is refused, never acted on', () => {
    const key = (id: string) => `${prefix}:access:req:${id}`;
    /** Stores an approved, active grant, then rewrites it in Redis as someone without the key would. */
    async function edited(change: (r: Record<string, unknown>) => void): Promise<string> {
      const request = pending(1);
      await store.create(request, request.pendingUntil);
      await store.apply(request.id, { type: 'approve', by: 'UAPP1', decision: yes }, T0 + 1000);
      await store.apply(request.id, { type: 'activate' }, T0 + 2000);
      const stored = JSON.parse((await redis.get(key(request.id)))!) as Record<string, unknown>;
      change(stored);
      await redis.set(key(request.id), JSON.stringify(stored));
      return request.id;
    }

    it.each([
      ['approved by nobody (pending flipped to active, approvals emptied)', (r: Record<string, unknown>) => ((r.approvals = []), (r.status = 'active'))],
      ['an approver list forged', (r: Record<string, unknown>) => (r.approvals = [{ by: 'UFORGED', at: T0, via: 'user' }])],
      ['the role ARN swapped', (r: Record<string, unknown>) => (r.roleArn = 'arn:aws:iam::123456789012:role/admin')],
      ['the requester swapped', (r: Record<string, unknown>) => (r.requester = 'UATTACKER')],
      ['the grant window stretched', (r: Record<string, unknown>) => (r.grantEnd = T0 + 365 * 86_400_000)],
      ['the seal of another record copied in', (r: Record<string, unknown>) => (r.seal = 'v1.' + '0'.repeat(64))],
    ])('%s', async (_what, change) => {
      const id = await edited(change);
      await expect(store.get(id)).rejects.toBeInstanceOf(TamperedRequestError);
      await expect(store.apply(id, { type: 'revoke', by: 'UAPP1', as: 'approver' }, T0 + 3000)).rejects.toMatchObject({ code: 'tampered' });
      expect(await store.open()).toEqual([]);
      expect(audited).toContainEqual(
        expect.objectContaining({ action: 'integrity.refused', subject: id, detail: expect.objectContaining({ problem: 'mismatch' }) }),
      );
    });

    it('a record written before seals existed (no seal) is refused too, and says how to ask again', async () => {
      const id = await edited((r) => delete r.seal);
      const error = (await store.get(id).catch((e: unknown) => e)) as TamperedRequestError;
      expect(error).toBeInstanceOf(TamperedRequestError);
      expect(error.message).toMatch(/older gdpr-bot without an integrity seal.*Request access again/);
      expect(audited).toContainEqual(expect.objectContaining({ action: 'integrity.refused', detail: expect.objectContaining({ problem: 'unsealed' }) }));
    });

    it('a genuine record copied under another id is refused', async () => {
      const id = await edited(() => undefined);
      const other = newRequestId();
      await redis.set(key(other), (await redis.get(key(id)))!);
      await expect(store.get(other)).rejects.toBeInstanceOf(TamperedRequestError);
      expect(await store.get(id)).toMatchObject({ id, status: 'active' });
    });
  });
});
