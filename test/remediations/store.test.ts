import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keys } from '../../src/redis/keys.js';
import type { RemediationRequest } from '../../src/remediations/state.js';
import { RequestStore } from '../../src/remediations/store.js';
import { TamperedRecordError } from '../../src/redis/integrity.js';
import { testIntegrity } from '../helpers/integrity.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const NOW = new Date('2026-01-01T10:00:00Z');

function pending(id: string, minApprovals = 1): RemediationRequest {
  return {
    id,
    remediation: 'kms-enable-key-rotation',
    target: { resource: 'key-1' },
    requestedBy: 'UREQUESTER',
    source: { kind: 'check', id: 'kms_customer_keys_rotation' },
    createdAt: NOW.toISOString(),
    expiresAt: new Date(NOW.getTime() + 3600_000).toISOString(),
    updatedAt: NOW.toISOString(),
    minApprovals,
    status: 'pending',
    approvals: [],
    plan: { compliant: false, current: 'off', calls: [] },
    version: 1,
  };
}

describe('RequestStore (real Redis)', () => {
  const prefix = uniquePrefix('remediation-store');
  let redis: Redis;
  let store: RequestStore;
  const audited: { actor: string; action: string; subject?: string; detail?: Record<string, unknown> }[] = [];
  beforeAll(() => {
    redis = testRedis();
    store = new RequestStore(redis, new Keys(prefix), testIntegrity(audited));
  });
  afterAll(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  it('lets exactly one of many simultaneous approvals change the request', async () => {
    await store.create(pending('R0000000001'));
    // Separate connections, as separate web processes would have.
    const others = Array.from({ length: 8 }, () => testRedis());
    try {
      const results = await Promise.all(
        others.flatMap((conn, i) => {
          const s = new RequestStore(conn, new Keys(prefix), testIntegrity());
          return [0, 1].map(() => s.apply('R0000000001', { type: 'approve', by: `UAPPROVER${i}`, authz: { allowed: true, via: 'user' } }, () => NOW));
        }),
      );
      expect(results.filter((r) => r?.changed)).toHaveLength(1);
      const stored = await store.get('R0000000001');
      expect(stored?.status).toBe('approved');
      expect(stored?.approvals).toHaveLength(1);
      expect(stored?.version).toBe(2);
    } finally {
      for (const c of others) c.disconnect();
    }
  });

  it('counts concurrent distinct approvals towards a quorum without losing one', async () => {
    await store.create(pending('R0000000002', 3));
    const results = await Promise.all(
      ['UA1', 'UA2', 'UA3', 'UA4'].map((by) => store.apply('R0000000002', { type: 'approve', by, authz: { allowed: true, via: 'user' } }, () => NOW)),
    );
    expect(results.filter((r) => r?.changed)).toHaveLength(3);
    const stored = await store.get('R0000000002');
    expect(stored?.status).toBe('approved');
    expect(new Set(stored?.approvals.map((a) => a.by)).size).toBe(3);
  });

  it('keeps the open index in step: final requests leave it, overdue ones are found', async () => {
    await store.create(pending('R0000000003'));
    expect(await store.overdue(NOW)).not.toContain('R0000000003');
    expect(await store.overdue(new Date(NOW.getTime() + 3600_000))).toContain('R0000000003');
    await store.apply('R0000000003', { type: 'reject', by: 'UA1', authz: { allowed: true, via: 'user' } }, () => NOW);
    expect(await store.open()).not.toContain('R0000000003');
    expect(await store.apply('R0000000099', { type: 'expire' }, () => NOW)).toBeUndefined();
  });
  it('refuses a request edited in Redis (marked approved, approvals forged) or stored without a seal, and audits it', async () => {
    for (const [id, change, problem] of [
      [
        'R00000000A1',
        (r: Record<string, unknown>) => ((r.status = 'approved'), (r.approvals = [{ by: 'UFORGED', at: NOW.toISOString(), via: 'user' }])),
        'mismatch',
      ],
      ['R00000000A2', (r: Record<string, unknown>) => (r.target = { resource: 'someone-elses-key' }), 'mismatch'],
      ['R00000000A3', (r: Record<string, unknown>) => delete r.seal, 'unsealed'],
    ] as const) {
      await store.create(pending(id));
      const key = `${prefix}:remediation:request:${id}`;
      const stored = JSON.parse((await redis.get(key))!) as Record<string, unknown>;
      change(stored);
      await redis.set(key, JSON.stringify(stored));
      await expect(store.get(id)).rejects.toBeInstanceOf(TamperedRecordError);
      await expect(store.apply(id, { type: 'start' }, () => NOW)).rejects.toMatchObject({ problem });
      expect(audited).toContainEqual(expect.objectContaining({ action: 'integrity.refused', subject: id, detail: expect.objectContaining({ problem }) }));
    }
  });
});
