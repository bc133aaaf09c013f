import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compareAndSet, CONFLICT, retryOnConflict, type VersionedWrite } from '../../src/approvals/store.js';
import { Keys } from '../../src/redis/keys.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

/** The versioned compare-and-set of the approvals kernel, on the real Redis of the tests. */
describe('approvals kernel: versioned compare-and-set (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(() => redis.disconnect());
  beforeEach(() => {
    prefix = uniquePrefix('approvals-cas');
    keys = new Keys(prefix);
  });
  afterEach(() => cleanupPrefix(prefix));

  const record = () => keys.key('rec', 'A1');
  const open = () => keys.key('open');
  const deadlines = () => keys.key('deadlines');
  const audit = () => keys.key('audit', 'pending');
  const write = (patch: Partial<VersionedWrite> = {}): VersionedWrite => ({
    record: record(),
    id: 'A1',
    expectedVersion: 1,
    next: JSON.stringify({ id: 'A1', status: 'approved', version: 2 }),
    auditPending: audit(),
    ...patch,
  });

  it('of two transitions computed from the same version, exactly one is written', async () => {
    await redis.set(record(), JSON.stringify({ id: 'A1', status: 'pending', version: 1 }));
    const other = testRedis();
    try {
      const [a, b] = await Promise.all([
        compareAndSet(redis, write({ next: JSON.stringify({ id: 'A1', status: 'approved', by: 'UA', version: 2 }), audit: ['entry-a'] })),
        compareAndSet(other, write({ next: JSON.stringify({ id: 'A1', status: 'denied', by: 'UB', version: 2 }), audit: ['entry-b'] })),
      ]);
      expect([a, b].sort()).toEqual(['conflict', 'written']);
      const stored = JSON.parse((await redis.get(record()))!) as { status: string; by: string };
      // The winner's record and only the winner's audit entry.
      expect(stored.status).toBe(a === 'written' ? 'approved' : 'denied');
      expect(await redis.lrange(audit(), 0, -1)).toEqual([a === 'written' ? 'entry-a' : 'entry-b']);
    } finally {
      other.disconnect();
    }
  });

  it('the loser re-reads and applies its change on top of the winner (retryOnConflict)', async () => {
    await redis.set(record(), JSON.stringify({ id: 'A1', approvals: [], version: 1 }));
    const approveAs = (by: string, conn: Redis) =>
      retryOnConflict('record A1', async () => {
        const cur = JSON.parse((await conn.get(record()))!) as { approvals: string[]; version: number };
        const next = { id: 'A1', approvals: [...cur.approvals, by], version: cur.version + 1 };
        const outcome = await compareAndSet(conn, write({ expectedVersion: cur.version, next: JSON.stringify(next) }));
        return outcome === 'written' ? next : CONFLICT;
      });
    const conns = [testRedis(), testRedis(), testRedis()];
    try {
      await Promise.all(['UA', 'UB', 'UC'].map((by, i) => approveAs(by, conns[i]!)));
    } finally {
      for (const c of conns) c.disconnect();
    }
    const stored = JSON.parse((await redis.get(record()))!) as { approvals: string[]; version: number };
    expect(stored.approvals.sort()).toEqual(['UA', 'UB', 'UC']);
    expect(stored.version).toBe(4);
  });

  it('gives up after the attempts it was given', async () => {
    let tries = 0;
    await expect(
      retryOnConflict(
        'record A1',
        () => {
          tries++;
          return Promise.resolve(CONFLICT);
        },
        3,
      ),
    ).rejects.toThrow('record A1: too much contention, gave up');
    expect(tries).toBe(3);
  });

  it('refuses a stale version, a missing record and a record that is not JSON', async () => {
    expect(await compareAndSet(redis, write())).toBe('missing');
    await redis.set(record(), JSON.stringify({ id: 'A1', version: 3 }));
    expect(await compareAndSet(redis, write({ expectedVersion: 2 }))).toBe('conflict');
    expect(JSON.parse((await redis.get(record()))!)).toEqual({ id: 'A1', version: 3 });
    await redis.set(record(), 'not json');
    expect(await compareAndSet(redis, write())).toBe('conflict');
    expect(await redis.get(record())).toBe('not json');
  });

  it('runs the index hooks with the write: zadd / zrem on a sorted set, sadd / srem on a set', async () => {
    await redis.set(record(), JSON.stringify({ id: 'A1', version: 1 }));
    await redis.sadd(open(), 'A1');
    expect(
      await compareAndSet(
        redis,
        write({
          next: JSON.stringify({ id: 'A1', version: 2 }),
          indexes: [
            { key: open(), op: 'srem' },
            { key: deadlines(), op: 'zadd', score: 1234 },
          ],
        }),
      ),
    ).toBe('written');
    expect(await redis.sismember(open(), 'A1')).toBe(0);
    expect(await redis.zscore(deadlines(), 'A1')).toBe('1234');
    expect(
      await compareAndSet(
        redis,
        write({
          expectedVersion: 2,
          next: JSON.stringify({ id: 'A1', version: 3 }),
          indexes: [
            { key: open(), op: 'sadd' },
            { key: deadlines(), op: 'zrem' },
          ],
        }),
      ),
    ).toBe('written');
    expect(await redis.sismember(open(), 'A1')).toBe(1);
    expect(await redis.zscore(deadlines(), 'A1')).toBeNull();
  });

  it('a conflicting write touches no index and stages no audit entry', async () => {
    await redis.set(record(), JSON.stringify({ id: 'A1', version: 5 }));
    expect(await compareAndSet(redis, write({ indexes: [{ key: open(), op: 'sadd' }], audit: ['lost'] }))).toBe('conflict');
    expect(await redis.exists(open())).toBe(0);
    expect(await redis.exists(audit())).toBe(0);
  });

  it('gives the record a lifetime when asked, and none otherwise', async () => {
    await redis.set(record(), JSON.stringify({ id: 'A1', version: 1 }), 'PX', 999_999);
    expect(await compareAndSet(redis, write({ next: JSON.stringify({ id: 'A1', version: 2 }) }))).toBe('written');
    expect(await redis.pttl(record())).toBe(-1);
    expect(await compareAndSet(redis, write({ expectedVersion: 2, next: JSON.stringify({ id: 'A1', version: 3 }), ttlMs: 60_000 }))).toBe('written');
    const ttl = await redis.pttl(record());
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('takes at most two index hooks', async () => {
    await expect(
      compareAndSet(
        redis,
        write({
          indexes: [
            { key: open(), op: 'sadd' },
            { key: open(), op: 'sadd' },
            { key: open(), op: 'sadd' },
          ],
        }),
      ),
    ).rejects.toThrow('at most two index hooks');
  });

  it('runs by EVALSHA: the script is defined once on the connection', async () => {
    await redis.set(record(), JSON.stringify({ id: 'A1', version: 1 }));
    await compareAndSet(redis, write());
    expect(Object.keys(redis.scriptsSet)).toContain('gdprApprovalCompareAndSet');
  });
});
