import { createHash, type Hash } from 'node:crypto';
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

/** The first `count` stored entries, as a walk that ended intact read them (see `AuditLog.verify`). */
interface VerifiedPrefix {
  count: number;
  /** SHA-256 over those entries' stored strings, in order, each framed by `digestRaw`. */
  digest: string;
  /** The hash of entry #`count`, the `prevHash` the entry after it must carry. */
  lastHash: string;
}

/** What one walk over the log found, with how many entries fit and (if it ended intact) their digest. */
interface Walk {
  result: VerifyResult;
  count: number;
  digest: string;
}

/**
 * Adds one stored entry to a running digest as `<length>:<string>`, the length in UTF-16 code units and
 * both hashed as UTF-16LE: the length prefix keeps the boundaries between entries in the digest (moving
 * characters from one entry to the next changes it), and hashing the code units themselves tells apart
 * any two different strings (UTF-8 would turn every lone surrogate into U+FFFD).
 */
function digestRaw(hash: Hash, raw: string): void {
  hash.update(`${raw.length}:`, 'utf16le').update(raw, 'utf16le');
}

/**
 * Append-only, hash-chained audit log in a Redis list. Appends from any number of processes are
 * serialised with WATCH/MULTI on the head key, so the chain never forks. Nothing here deletes or edits
 * an entry; `verify` finds it if someone else did.
 *
 * Each instance remembers, in memory, the prefix of the log its last intact `verify` walked (its
 * length, a digest of the stored strings and the last hash), so the next `verify` re-checks only what
 * was appended since, after making sure the prefix is byte for byte the same one.
 */
export class AuditLog {
  private readonly listKey: string;
  private readonly headKey: string;
  /** A dedicated connection: WATCH state is per connection, and the shared one is used concurrently. */
  private conn: Redis | undefined;
  /** Appends from this process go one at a time; WATCH handles other processes. */
  private queue: Promise<unknown> = Promise.resolve();
  /** What the last `verify` of this instance found intact; cleared by one that did not. */
  private memo: VerifiedPrefix | undefined;

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
    if (!this.conn) {
      this.conn = this.redis.duplicate();
      // Failures surface through the commands below (and the caller); the producer connection logs outages.
      this.conn.on('error', () => undefined);
    }
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

  /** Stored entries from list position `start` to `stop` (inclusive, 0-based), as written (for the S3 shipper). */
  async rawRange(start: number, stop: number): Promise<string[]> {
    return this.redis.lrange(this.listKey, start, stop);
  }

  /** How many entries the log holds. */
  async length(): Promise<number> {
    return this.redis.llen(this.listKey);
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
   *
   * Every stored entry is read each time. The parse / canonical JSON / SHA-256 of each entry is skipped
   * for the prefix that this instance last verified as intact (see `memo`), but only once a SHA-256 over
   * the exact strings read now for that prefix equals the one taken then; any change to those strings
   * (an edit, a removal, a reorder, a shorter list, even bytes moved from one entry to the next) changes
   * that digest, and then the whole chain is walked again from the genesis hash. The head record is
   * always checked. So the answer is the same as a full walk of what is stored gives.
   */
  async verify(): Promise<VerifyResult> {
    const memo = this.memo;
    const { result, count, digest } = (memo && (await this.walk(memo))) || (await this.walk(undefined));
    this.memo = result.ok && count > 0 ? { count, digest, lastHash: result.head } : undefined;
    return result;
  }

  /**
   * One walk over the stored entries. With `memo`, the first `memo.count` entries are only digested;
   * if they are not the ones the memo was taken over (digest differs, or the list is shorter), returns
   * `undefined` so the caller walks again without it.
   */
  private walk(memo: undefined): Promise<Walk>;
  private walk(memo: VerifiedPrefix): Promise<Walk | undefined>;
  private async walk(memo: VerifiedPrefix | undefined): Promise<Walk | undefined> {
    const running = createHash('sha256');
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    for await (const { index, raw } of this.entries()) {
      digestRaw(running, raw);
      if (memo && index < memo.count) {
        if (index + 1 < memo.count) continue;
        if (running.copy().digest('hex') !== memo.digest) return undefined;
        prevHash = memo.lastHash;
        expectedSeq = memo.count + 1;
        count = memo.count;
        continue;
      }
      const checked = this.checkEntry(index, raw, expectedSeq, prevHash);
      if ('reason' in checked) return { result: { ok: false, entries: count, ...checked }, count, digest: '' };
      prevHash = checked.hash;
      expectedSeq++;
      count++;
    }
    if (memo && count < memo.count) return undefined; // the list is now shorter than the verified prefix
    const head = await this.redis.get(this.headKey);
    if (head) {
      const h = JSON.parse(head) as { seq: number; hash: string };
      if (h.seq !== count || h.hash !== prevHash) {
        return { result: { ok: false, entries: count, brokenAt: count + 1, reason: `the log ends at entry #${count} but ${h.seq} entries were written (entries were deleted from the end)` }, count, digest: '' };
      }
    } else if (count > 0) {
      return { result: { ok: false, entries: count, brokenAt: 1, reason: 'the head record is missing' }, count, digest: '' };
    }
    return { result: { ok: true, entries: count, head: prevHash }, count, digest: running.digest('hex') };
  }

  /** Whether the stored entry at list position `index` is entry #`expectedSeq`, follows `prevHash` and still has its hash. */
  private checkEntry(index: number, raw: string, expectedSeq: number, prevHash: string): { hash: string } | { brokenAt: number; reason: string } {
    let entry: AuditEntry;
    try {
      entry = JSON.parse(raw) as AuditEntry;
    } catch {
      return { brokenAt: expectedSeq, reason: `entry at position ${index + 1} is not valid JSON` };
    }
    if (entry.seq !== expectedSeq) {
      return { brokenAt: expectedSeq, reason: `expected entry #${expectedSeq} but found #${entry.seq} (an entry was removed or reordered)` };
    }
    if (entry.prevHash !== prevHash) {
      return { brokenAt: entry.seq, reason: `entry #${entry.seq} does not follow the entry before it (prevHash differs)` };
    }
    const { hash, ...body } = entry;
    if (hashEntry(body) !== hash) {
      return { brokenAt: entry.seq, reason: `entry #${entry.seq} was changed after it was written (hash differs)` };
    }
    return { hash };
  }
}
