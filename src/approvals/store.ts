import type { Redis } from 'ioredis';
import { approvalCompareAndSet } from '../redis/scripts.js';

/**
 * The approvals kernel's store helper: a versioned compare-and-set of one record (its Lua is
 * `approvalCompareAndSet` in src/redis/scripts.ts, run by EVALSHA), with index hooks kept in step and the
 * change's audit entries staged in the same atomic step. Remediation requests (src/remediations/store.ts)
 * and access requests (src/access/store.ts) commit every transition through it: of two transitions
 * computed from the same version, exactly one is written; the other is told `conflict`, re-reads and
 * runs its transition again on what won ({@link retryOnConflict}).
 */

/** A change to an index, applied with the write (the member is the record's id). */
export type IndexHook = { key: string; op: 'zadd'; score: number } | { key: string; op: 'zrem' | 'sadd' | 'srem' };

/** One compare-and-set of a record. */
export interface VersionedWrite {
  /** The record's key. */
  record: string;
  /** The member the index hooks add or remove. */
  id: string;
  /** The version the change was computed from (the record's `version` field must still hold it). */
  expectedVersion: number;
  /** The new record (JSON, e.g. sealed by src/redis/integrity.ts). */
  next: string;
  /** The record's lifetime from this write; without it the record has none. */
  ttlMs?: number;
  /** At most two. */
  indexes?: readonly IndexHook[];
  /** The audit pending list (`auditPendingKey`) and the staged entries to push onto it. */
  auditPending: string;
  audit?: readonly string[];
}

export type CasOutcome = 'written' | 'conflict' | 'missing';

/** Writes `write` if the stored version is still `expectedVersion`. */
export async function compareAndSet(redis: Redis, write: VersionedWrite): Promise<CasOutcome> {
  const indexes = write.indexes ?? [];
  if (indexes.length > 2) throw new Error(`compareAndSet: at most two index hooks, got ${indexes.length}`);
  const [a, b] = indexes;
  const reply = await approvalCompareAndSet.run(
    redis,
    { record: write.record, auditPending: write.auditPending, indexA: a?.key ?? write.record, indexB: b?.key ?? write.record },
    {
      expectedVersion: write.expectedVersion,
      next: write.next,
      ttlMs: write.ttlMs === undefined ? '' : String(write.ttlMs),
      id: write.id,
      opA: a?.op ?? '',
      scoreA: a?.op === 'zadd' ? String(a.score) : '',
      opB: b?.op ?? '',
      scoreB: b?.op === 'zadd' ? String(b.score) : '',
    },
    write.audit,
  );
  return reply === 1 ? 'written' : reply === -1 ? 'missing' : 'conflict';
}

/** Returned by an attempt of {@link retryOnConflict} that lost a race: read again and retry. */
export const CONFLICT: unique symbol = Symbol('conflict');

/**
 * Runs `attempt` (read, transition, {@link compareAndSet}) until it does not lose a race; gives up with
 * an error after `attempts` tries (`what` names the record in it).
 */
export async function retryOnConflict<T>(what: string, attempt: () => Promise<T | typeof CONFLICT>, attempts = 20): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const result = await attempt();
    if (result !== CONFLICT) return result;
  }
  throw new Error(`${what}: too much contention, gave up`);
}
