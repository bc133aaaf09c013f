import type { Redis } from 'ioredis';
import { auditPendingKey } from '../audit/log.js';
import { TamperedRecordError, type RecordIntegrity } from '../redis/integrity.js';
import type { Keys } from '../redis/keys.js';
import { deleteIfEquals, waiverCompareAndSet, waiverCreate } from '../redis/scripts.js';
import { targetDigest, WAIVER_ID, type Waiver, type WaiverNotice } from './types.js';

/** How long an ended waiver stays readable (`/gdpr waivers`, notices); the audit log keeps it for good. */
export const ENDED_RETENTION_MS = 90 * 86_400_000;

/** A change of a waiver: the next record (or no change), the notice to send about it, its audit entries. */
export interface WaiverChange {
  next: Waiver | undefined;
  notice?: WaiverNotice;
  /** Staged audit entries (`AuditLog.stage`), written in the same step as the change. */
  audit?: (next: Waiver) => string[];
}

/** The answer of {@link WaiverStore.create}: stored, or the id of the waiver that already holds the target. */
export type CreateResult = { created: true } | { created: false; holder: string | null };

/**
 * Waivers in Redis. A waiver decides what a failure is shown as, so its record is sealed
 * (src/redis/integrity.ts): one edited in Redis, or written without the key, does not open and is
 * never applied (the failure shows as a failure). Every change is a compare-and-set on the record's
 * version, with the expiry index, the target's slot, the notice queue and the audit entries in the same
 * script: two approvers revoking at once, or a sweep and a revoke, give exactly one change.
 */
export class WaiverStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly integrity: RecordIntegrity,
  ) {}

  private k = {
    record: (id: string) => this.keys.key('waiver', 'rec', id),
    /** Active waivers, scored by expiry (ms). */
    active: () => this.keys.key('waiver', 'active'),
    target: (digest: string) => this.keys.key('waiver', 'target', digest),
    /** Notices to post, `<id>|<notice>`, scored by when they were queued. */
    notices: () => this.keys.key('waiver', 'notices'),
    sweep: () => this.keys.key('waiver', 'sweep'),
  };

  /** The Redis key of the notice queue (for the caller's `sendWith` transaction). */
  get noticesKey(): string {
    return this.k.notices();
  }

  /** The lease key that keeps one notice delivery at a time. */
  get sweepKey(): string {
    return this.k.sweep();
  }

  /** Stores a new waiver with its `granted` notice and staged audit entries, unless another one holds its target. */
  async create(waiver: Waiver, audit: string[], now: Date): Promise<CreateResult> {
    const expires = Date.parse(waiver.expiresAt);
    const created = await waiverCreate.run(
      this.redis,
      {
        record: this.k.record(waiver.id),
        active: this.k.active(),
        target: this.k.target(targetDigest(waiver)),
        notices: this.k.notices(),
        auditPending: auditPendingKey(this.keys),
      },
      {
        id: waiver.id,
        record: this.integrity.sealed('waiver', waiver),
        expiresAtMs: expires,
        slotTtlMs: Math.max(1000, expires - now.getTime() + 86_400_000),
        notice: `${waiver.id}|granted`,
        noticeScore: now.getTime(),
      },
      audit,
    );
    if (created) return { created: true };
    return { created: false, holder: await this.redis.get(this.k.target(targetDigest(waiver))) };
  }

  /** Frees a target's slot held by `holder` (a waiver that has ended or does not open); never another's. */
  async freeSlot(waiver: Waiver, holder: string): Promise<void> {
    await deleteIfEquals.run(this.redis, { key: this.k.target(targetDigest(waiver)) }, { expected: holder });
  }

  /** The waiver, checked; throws {@link TamperedRecordError} when its seal does not hold. */
  async get(id: string): Promise<Waiver | undefined> {
    if (!WAIVER_ID.test(id)) return undefined;
    const raw = await this.redis.get(this.k.record(id));
    return raw ? this.integrity.open<Waiver>('waiver', id, raw) : undefined;
  }

  /**
   * Applies `change` to the waiver atomically, re-reading and recomputing on a concurrent change.
   * Returns the waiver before and after (after is before when `change` made none), or undefined when it
   * does not exist.
   */
  async apply(id: string, change: (current: Waiver) => WaiverChange): Promise<{ before: Waiver; after: Waiver } | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const before = await this.get(id);
      if (!before) return undefined;
      const { next, notice, audit } = change(before);
      if (!next) return { before, after: before };
      const after = { ...next, version: before.version + 1 };
      const ended = after.status !== 'active';
      const written = await waiverCompareAndSet.run(
        this.redis,
        {
          record: this.k.record(id),
          active: this.k.active(),
          target: this.k.target(targetDigest(after)),
          notices: this.k.notices(),
          auditPending: auditPendingKey(this.keys),
        },
        {
          expectedVersion: before.version,
          next: this.integrity.sealed('waiver', after),
          id,
          ended: ended ? '1' : '0',
          ttlMs: ENDED_RETENTION_MS,
          notice: notice ? `${id}|${notice}` : '',
          noticeScore: Date.now(),
        },
        audit?.(after),
      );
      if (written === 1) return { before, after };
      if (written === -1) return undefined;
    }
    throw new Error(`waiver ${id}: too much contention, gave up`);
  }

  /** Ids of active waivers whose expiry is at or before `until` (ms), soonest first. */
  async dueBy(until: number, limit = 500): Promise<string[]> {
    return this.redis.zrangebyscore(this.k.active(), '-inf', String(until), 'LIMIT', '0', String(limit));
  }

  /**
   * Every active waiver that opens (soonest expiry first). One that does not open (edited in Redis) is
   * left out, reported by the integrity check: it is never applied.
   */
  async active(limit = 5000): Promise<Waiver[]> {
    return this.many(await this.redis.zrange(this.k.active(), '0', String(limit - 1)));
  }

  /** Queued notices, oldest first: `{ member, id, notice }`. */
  async notices(limit = 100): Promise<{ member: string; id: string; notice: WaiverNotice }[]> {
    const members = await this.redis.zrange(this.k.notices(), '0', String(limit - 1));
    return members.map((member) => {
      const [id = '', notice = ''] = member.split('|');
      return { member, id, notice: notice as WaiverNotice };
    });
  }

  /** Drops a notice that can never be sent (its waiver is gone or does not open). */
  async dropNotice(member: string): Promise<void> {
    await this.redis.zrem(this.k.notices(), member);
  }

  private async many(ids: string[]): Promise<Waiver[]> {
    if (ids.length === 0) return [];
    const raw = await this.redis.mget(...ids.map((id) => this.k.record(id)));
    const out: Waiver[] = [];
    for (const [i, r] of raw.entries()) {
      if (r === null) continue;
      try {
        out.push(await this.integrity.open<Waiver>('waiver', ids[i]!, r));
      } catch (error) {
        if (!(error instanceof TamperedRecordError)) throw error;
      }
    }
    return out;
  }
}
