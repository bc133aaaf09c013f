import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import { canonicalJson } from './canonical.js';

/** One entry of the audit trail. */
export interface AuditEntry {
  seq: number;
  /** ISO-8601 time of the event. */
  at: string;
  /** Slack user id, or `system` / `policy` for what the bot did on its own. */
  actor: string;
  /** What happened, e.g. `remediation.approved`. */
  action: string;
  /** What it happened to, e.g. a request id or an ARN. */
  subject: string;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type AuditInput = Pick<AuditEntry, 'actor' | 'action' | 'subject'> & { detail?: Record<string, unknown> };

/** Waits for a fresh connection to become ready (bounded), or fails with the connection's error. */
function readyOrFail(conn: Redis, timeoutMs = 2000): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      conn.off('ready', onReady);
      conn.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => done();
    const onError = (error: Error) => done(error);
    const timer = setTimeout(() => done(new Error('audit log: Redis connection timed out (ETIMEDOUT)')), timeoutMs);
    conn.once('ready', onReady);
    conn.once('error', onError);
  });
}

/** The hash of the chain before its first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** `sha256(prevHash + canonical JSON of the entry without its hash)`. */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(entry.prevHash + canonicalJson(entry)).digest('hex');
}

/** What `verify` found. */
export type VerifyResult =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; brokenAt: number; reason: string };

/**
 * Append-only, hash-chained audit log in a Redis list. Appends from any number of processes are
 * serialised with WATCH/MULTI on the head key, so the chain never forks. Nothing here deletes or edits
 * an entry; `verify` finds it if someone else did.
 */
export class AuditLog {
  private readonly listKey: string;
  private readonly headKey: string;
  /** A dedicated connection: WATCH state is per connection, and the shared one is used concurrently. */
  private conn: Redis | undefined;
  /** Appends from this process go one at a time; WATCH handles other processes. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    keys: Keys,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.listKey = keys.key('audit', 'log');
    this.headKey = keys.key('audit', 'head');
  }

  /** Appends one entry and returns it with its seq and hash. */
  append(input: AuditInput): Promise<AuditEntry> {
    const next = this.queue.then(() => this.appendNow(input));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async appendNow(input: AuditInput): Promise<AuditEntry> {
    this.conn ??= this.redis.duplicate();
    const conn = this.conn;
    // The duplicate is fail-fast like its parent (no offline queue): wait until it is connected.
    if (conn.status !== 'ready') await readyOrFail(conn);
    {
      for (let attempt = 0; attempt < 50; attempt++) {
        await conn.watch(this.headKey);
        const head = await conn.get(this.headKey);
        const prev = head ? (JSON.parse(head) as { seq: number; hash: string }) : { seq: 0, hash: GENESIS_HASH };
        const body: Omit<AuditEntry, 'hash'> = {
          seq: prev.seq + 1,
          at: this.now().toISOString(),
          actor: input.actor,
          action: input.action,
          subject: input.subject,
          detail: input.detail ?? {},
          prevHash: prev.hash,
        };
        const entry: AuditEntry = { ...body, hash: hashEntry(body) };
        const result = await conn
          .multi()
          .rpush(this.listKey, JSON.stringify(entry))
          .set(this.headKey, JSON.stringify({ seq: entry.seq, hash: entry.hash }))
          .exec();
        if (result) return entry;
      }
      throw new Error('audit log: could not append after 50 attempts (too much contention)');
    }
  }

  /** Closes the dedicated append connection. */
  async close(): Promise<void> {
    await this.queue;
    if (this.conn) await this.conn.quit().catch(() => this.conn?.disconnect());
    this.conn = undefined;
  }

  /** The last `n` entries, oldest first. */
  async tail(n: number): Promise<AuditEntry[]> {
    if (n <= 0) return [];
    const raw = await this.redis.lrange(this.listKey, -n, -1);
    return raw.map((r) => JSON.parse(r) as AuditEntry);
  }

  /** Every entry, oldest first, in pages (for export and verification). */
  async *entries(pageSize = 1000): AsyncGenerator<{ index: number; raw: string }> {
    for (let start = 0; ; start += pageSize) {
      const page = await this.redis.lrange(this.listKey, start, start + pageSize - 1);
      for (let i = 0; i < page.length; i++) yield { index: start + i, raw: page[i]! };
      if (page.length < pageSize) return;
    }
  }

  /**
   * Walks the chain and names the first entry that does not fit: edited (hash mismatch), removed or
   * reordered (seq / prevHash gap), or a head that no longer matches the last entry (truncation).
   */
  async verify(): Promise<VerifyResult> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    for await (const { index, raw } of this.entries()) {
      let entry: AuditEntry;
      try {
        entry = JSON.parse(raw) as AuditEntry;
      } catch {
        return { ok: false, entries: count, brokenAt: expectedSeq, reason: `entry at position ${index + 1} is not valid JSON` };
      }
      if (entry.seq !== expectedSeq) {
        return { ok: false, entries: count, brokenAt: expectedSeq, reason: `expected entry #${expectedSeq} but found #${entry.seq} (an entry was removed or reordered)` };
      }
      if (entry.prevHash !== prevHash) {
        return { ok: false, entries: count, brokenAt: entry.seq, reason: `entry #${entry.seq} does not follow the entry before it (prevHash differs)` };
      }
      const { hash, ...body } = entry;
      if (hashEntry(body) !== hash) {
        return { ok: false, entries: count, brokenAt: entry.seq, reason: `entry #${entry.seq} was changed after it was written (hash differs)` };
      }
      prevHash = hash;
      expectedSeq++;
      count++;
    }
    const head = await this.redis.get(this.headKey);
    if (head) {
      const h = JSON.parse(head) as { seq: number; hash: string };
      if (h.seq !== count || h.hash !== prevHash) {
        return { ok: false, entries: count, brokenAt: count + 1, reason: `the log ends at entry #${count} but ${h.seq} entries were written (entries were deleted from the end)` };
      }
    } else if (count > 0) {
      return { ok: false, entries: count, brokenAt: 1, reason: 'the head record is missing' };
    }
    return { ok: true, entries: count, head: prevHash };
  }
}
