import { randomBytes } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import { auditPendingKey } from '../audit/log.js';
import type { Keys } from '../redis/keys.js';
import { Lease } from '../redis/lease.js';
import { breachCompareAndSet } from '../redis/scripts.js';
import { BreachError, transition, type Breach, type BreachEvent } from './state.js';

/** The result of an applied transition. */
export interface Applied {
  before: Breach;
  after: Breach;
}

/** Breach ids: `BR-` and 8 hex digits (safe in job ids, typed in `/gdpr breach export <id>`). */
export const BREACH_ID = /^BR-[0-9a-f]{8}$/;

export function newBreachId(): string {
  return `BR-${randomBytes(4).toString('hex')}`;
}

/** How long a mark's sender holds it (it hands its messages to the outbox well within this). */
const MARK_LEASE_MS = 30_000;

/**
 * Assessments in Redis: the record (`breach:rec:<id>`, compare-and-set), the register (`breach:all`, by
 * opening time, every assessment ever opened), the open set, the marks of the clock already sent
 * (`breach:sent:<id>`, mark → ms) and which finding an assessment was opened from.
 *
 * A mark is sent once: its sender takes a short lease on it, reads whether it was sent, and queues its
 * messages together with the "sent" entry in one transaction ({@link BreachStore.sendMark}). A second
 * job, worker or sweep finds it sent; a sender that dies before the transaction leaves it unsent, and the
 * retry (or the sweep) sends it.
 */
export class BreachStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private recordKey(id: string): string {
    return this.keys.key('breach', 'rec', id);
  }
  private get allKey(): string {
    return this.keys.key('breach', 'all');
  }
  private get openKey(): string {
    return this.keys.key('breach', 'open');
  }
  sentKey(id: string): string {
    return this.keys.key('breach', 'sent', id);
  }
  private findingKey(findingId: string): string {
    return this.keys.key('breach', 'by-finding', findingId);
  }

  /**
   * Stores a new assessment with its audit entries, in one transaction. With `fromFinding`, only one
   * assessment per finding: when one exists its id is returned and nothing is written.
   */
  async create(breach: Breach, audit: string[], fromFinding?: string): Promise<{ created: true } | { created: false; existing: string }> {
    if (fromFinding) {
      const claimed = await this.redis.set(this.findingKey(fromFinding), breach.id, 'NX');
      if (claimed !== 'OK') {
        const existing = await this.redis.get(this.findingKey(fromFinding));
        // A claim whose record was never written (a crash between the two) is taken over.
        if (existing && (await this.redis.exists(this.recordKey(existing))) === 1) return { created: false, existing };
        await this.redis.set(this.findingKey(fromFinding), breach.id);
      }
    }
    const tx = this.redis
      .multi()
      .set(this.recordKey(breach.id), JSON.stringify(breach), 'NX')
      .zadd(this.allKey, breach.openedAt, breach.id)
      .sadd(this.openKey, breach.id);
    if (audit.length > 0) tx.rpush(auditPendingKey(this.keys), ...audit);
    const results = await tx.exec();
    if (!results || results.some(([err]) => err)) throw new Error('could not store the breach assessment');
    if (results[0]?.[1] !== 'OK') throw new Error(`breach assessment ${breach.id} already exists`);
    return { created: true };
  }

  async get(id: string): Promise<Breach | undefined> {
    if (!BREACH_ID.test(id)) return undefined;
    const raw = await this.redis.get(this.recordKey(id));
    return raw ? (JSON.parse(raw) as Breach) : undefined;
  }

  async require(id: string): Promise<Breach> {
    const breach = await this.get(id);
    if (!breach) throw new BreachError('not-found', `There is no breach assessment ${id.slice(0, 20)}; see /gdpr breach list.`);
    return breach;
  }

  /** Applies `event` atomically (retrying on a concurrent change); `audit` gives the staged audit entries. */
  async apply(id: string, event: BreachEvent, now: number, audit?: (applied: Applied) => string[]): Promise<Applied> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const before = await this.require(id);
      const after = transition(before, event, now);
      const result = await breachCompareAndSet.run(
        this.redis,
        { record: this.recordKey(id), open: this.openKey, auditPending: auditPendingKey(this.keys), id },
        { expectedVersion: before.version, next: JSON.stringify(after), open: after.status === 'open' ? '1' : '0' },
        audit?.({ before, after }) ?? [],
      );
      if (result === 1) return { before, after };
      if (result === -1) throw new BreachError('not-found', `There is no breach assessment ${id}.`);
    }
    throw new Error(`breach assessment ${id}: too much contention, gave up`);
  }

  /** The marks already sent (mark → ms). */
  async sent(id: string): Promise<Record<string, number>> {
    const raw = await this.redis.hgetall(this.sentKey(id));
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
  }

  /**
   * Sends mark `key` of `id` at most once: under a lease on the mark, when it is not yet sent, `send` is
   * called with a function that adds the "sent" entry to the caller's transaction (the outbox's
   * `sendWith`), so the messages and the entry are written together. Returns false when the mark was
   * already sent or another process is sending it right now (its job then retries if that one dies).
   */
  async sendMark(
    id: string,
    key: string,
    now: number,
    send: (markSent: (tx: ChainableCommander) => void) => Promise<void>,
  ): Promise<'sent' | 'already-sent' | 'busy'> {
    const lease = await Lease.acquire(this.redis, this.keys.key('breach', 'mark-lock', id, key), MARK_LEASE_MS);
    if (!lease) return 'busy';
    try {
      if ((await this.redis.hexists(this.sentKey(id), key)) === 1) return 'already-sent';
      await send((tx) => tx.hset(this.sentKey(id), key, String(now)));
      return 'sent';
    } finally {
      await lease.release();
    }
  }

  /** The register: every assessment, newest first. */
  async all(limit = 200): Promise<Breach[]> {
    return this.many(await this.redis.zrevrange(this.allKey, 0, limit - 1));
  }

  /** Every open assessment. */
  async open(): Promise<Breach[]> {
    return this.many(await this.redis.smembers(this.openKey));
  }

  private async many(ids: string[]): Promise<Breach[]> {
    if (ids.length === 0) return [];
    const raw = await this.redis.mget(...ids.map((id) => this.recordKey(id)));
    return raw.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Breach);
  }
}
