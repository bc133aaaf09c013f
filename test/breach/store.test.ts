import type { ChainableCommander, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BreachStore, newBreachId } from '../../src/breach/store.js';
import type { Breach } from '../../src/breach/state.js';
import { Keys } from '../../src/redis/keys.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const H = 3_600_000;
const yes = { allowed: true, via: 'user' } as const;

function breach(overrides: Partial<Breach> = {}): Breach {
  const now = Date.UTC(2026, 11, 1, 9);
  return {
    id: newBreachId(),
    title: 't',
    openedBy: 'U0000RESP1',
    openedAt: now,
    awareAt: now,
    findings: [],
    resources: [],
    reminders: [24 * H],
    deadlineMs: 72 * H,
    status: 'open',
    assessment: {},
    phases: [],
    channel: 'C0000BRCH',
    version: 1,
    ...overrides,
  };
}

describe('BreachStore (real Redis)', () => {
  const prefix = uniquePrefix('breach-store');
  let redis: Redis;
  let store: BreachStore;
  const keys = new Keys(prefix);

  beforeAll(() => {
    redis = testRedis();
    store = new BreachStore(redis, keys);
  });
  afterAll(async () => {
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  it('keeps every assessment in the register, open or closed, and stages the audit entries with the record', async () => {
    const a = breach({ openedAt: 1 });
    const b = breach({ openedAt: 2 });
    await store.create(a, ['entry-a']);
    await store.create(b, []);
    expect((await store.all()).map((x) => x.id)).toEqual([b.id, a.id]);
    expect(await redis.lrange(keys.key('audit', 'pending'), 0, -1)).toEqual(['entry-a']);
    await store.apply(a.id, { type: 'assess', by: 'U0000RESP1', decision: yes, fields: { decision: 'no-risk', decisionReason: 'encrypted' } }, 10);
    await store.apply(a.id, { type: 'close', by: 'U0000APPR1', decision: yes, reason: 'documented' }, 11, () => ['entry-close']);
    expect((await store.open()).map((x) => x.id)).toEqual([b.id]);
    expect((await store.all()).map((x) => x.status)).toEqual(['open', 'closed']);
    expect(await redis.lrange(keys.key('audit', 'pending'), 0, -1)).toEqual(['entry-a', 'entry-close']);
    expect(await store.get('../etc')).toBeUndefined();
  });

  it('opens one assessment per finding', async () => {
    const first = breach();
    expect(await store.create(first, [], 'mc000001')).toEqual({ created: true });
    expect(await store.create(breach(), [], 'mc000001')).toEqual({ created: false, existing: first.id });
  });

  it('commits concurrent saves one after the other (compare-and-set), none lost', async () => {
    const b = breach();
    await store.create(b, []);
    await Promise.all(
      ['U0000RESP1', 'U0000RESP2', 'U0000RESP3'].map((by, i) =>
        store.apply(b.id, { type: 'assess', by, decision: yes, fields: { subjects: String(i) } }, 100 + i),
      ),
    );
    const after = (await store.get(b.id))!;
    expect(after.phases.map((p) => p.n)).toEqual([1, 2, 3]);
    expect(new Set(after.phases.map((p) => p.by)).size).toBe(3);
    expect(after.version).toBe(4);
  });

  it('sends a mark once however many callers race, and not at all when the hand-over fails', async () => {
    const b = breach();
    await store.create(b, []);
    let handedOver = 0;
    const handOver = async (markSent: (tx: ChainableCommander) => void) => {
      handedOver++;
      const tx = redis.multi().rpush(keys.key('test', 'outbox'), 'reminder');
      markSent(tx);
      await tx.exec();
    };
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => store.sendMark(b.id, 'r86400000', 5, handOver)));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(handedOver).toBe(1);
    expect(await store.sendMark(b.id, 'r86400000', 6, handOver)).toBe('already-sent');
    expect(await redis.lrange(keys.key('test', 'outbox'), 0, -1)).toEqual(['reminder']);

    // A hand-over that throws (Redis refused the transaction) leaves the mark unsent: the retry sends it.
    await expect(store.sendMark(b.id, 'deadline', 7, () => Promise.reject(new Error('EXECABORT')))).rejects.toThrow('EXECABORT');
    expect(await store.sent(b.id)).toEqual({ r86400000: 5 });
    expect(await store.sendMark(b.id, 'deadline', 8, handOver)).toBe('sent');
    expect(await store.sent(b.id)).toEqual({ r86400000: 5, deadline: 8 });
  });
});
