import { createHash, randomUUID, type Hash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import { auditCloseRefusalWindow, auditCountRefusal } from '../redis/scripts.js';
import { canonicalJson } from './canonical.js';
import type { AuditKey } from './key.js';

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
  /**
   * `hmac-sha256` on keyed entries (`hash` is then an HMAC under the audit key); absent on entries
   * written before the chain was keyed, whose `hash` is a plain SHA-256 anyone can recompute.
   */
  alg?: typeof KEYED_ALG;
  /** Fingerprint of the key a keyed entry was written with (`AuditKey.kid`). */
  kid?: string;
  hash: string;
}

export type AuditInput = Pick<AuditEntry, 'actor' | 'action' | 'subject'> & { detail?: Record<string, unknown> };

/** The `alg` of keyed entries. */
export const KEYED_ALG = 'hmac-sha256';

/** Options of an {@link AuditLog}. */
export interface AuditLogOptions {
  /** The key of the chain; it never goes to Redis. */
  key: AuditKey;
  now?: () => Date;
  /** Called (not awaited) after an entry whose seq is a multiple of `anchorEvery` was appended. */
  onAnchorDue?: (entry: AuditEntry) => void;
  /** Entries between two anchors (`audit.anchorEvery`). */
  anchorEvery?: number;
}

/** The Redis list of entries staged together with a state change, waiting to be chained (see {@link AuditLog.stage}). */
export function auditPendingKey(keys: Keys): string {
  return keys.key('audit', 'pending');
}

/** A staged entry as stored in the pending list: the input, when it happened, and a MAC over both. */
interface StagedEntry {
  id: string;
  at: string;
  input: AuditInput;
  mac: string;
}

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

/** `sha256(prevHash + canonical JSON of the entry without its hash)`: how entries were chained before the chain was keyed. */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256')
    .update(entry.prevHash + canonicalJson(entry))
    .digest('hex');
}

/** `HMAC-SHA256(key, prevHash + canonical JSON of the entry without its hash)`, the hash of a keyed entry. */
export function macEntry(key: AuditKey, entry: Omit<AuditEntry, 'hash'>): string {
  return key.mac(entry.prevHash + canonicalJson(entry));
}

/** How the chain broke: an entry that no longer is what was written, a gap, a cut-off end, or garbage. */
export type BreakKind = 'rewritten' | 'missing' | 'truncated' | 'unreadable';

/** What `verify` found. */
export type VerifyResult =
  | {
      ok: true;
      entries: number;
      head: string;
      /** Seq of the first keyed entry; absent when no entry is keyed (then nothing is proven). */
      keyedFrom?: number;
    }
  | { ok: false; entries: number; brokenAt: number; kind: BreakKind; reason: string };

/** The first `count` stored entries, as a walk that ended intact read them (see `AuditLog.verify`). */
interface VerifiedPrefix {
  count: number;
  /** SHA-256 over those entries' stored strings, in order, each framed by `digestRaw`. */
  digest: string;
  /** The hash of entry #`count`, the `prevHash` the entry after it must carry. */
  lastHash: string;
  keyedFrom?: number;
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

/** The MAC'd text of a staged entry. */
function stagedText(staged: Omit<StagedEntry, 'mac'>): string {
  return `gdpr-bot audit staged v1|${canonicalJson(staged)}`;
}

/** Refusals of one user for one action are coalesced per window of this length. */
export const REFUSAL_WINDOW_MS = 60_000;

/**
 * Append-only audit log in a Redis list, chained with HMAC-SHA256 under a key that Redis does not hold.
 * Appends from any number of processes are serialised with WATCH/MULTI on the head and pending keys,
 * so the chain never forks. Nothing here deletes or edits an entry; `verify` finds it if someone else did.
 *
 * An entry that records a state change is **staged** in the same Redis transaction (script) as the change
 * itself ({@link AuditLog.stage} + {@link auditPendingKey}), and then chained ({@link AuditLog.drain}):
 * the MAC needs the key, which a Lua script cannot have, so the chain itself cannot be extended inside the
 * state change's script. A crash between the two leaves the entry staged, never lost: the next drain, by
 * any process (every append, every verify, the periodic `anchor` job) chains it.
 *
 * Each instance remembers, in memory, the prefix of the log its last intact `verify` walked (its
 * length, a digest of the stored strings and the last hash), so the next `verify` re-checks only what
 * was appended since, after making sure the prefix is byte for byte the same one.
 */
export class AuditLog {
  private readonly listKey: string;
  private readonly headKey: string;
  private readonly pendingKey: string;
  private readonly refusalCounts: string;
  private readonly refusalWindows: string;
  private readonly key: AuditKey;
  private readonly now: () => Date;
  /** A dedicated connection: WATCH state is per connection, and the shared one is used concurrently. */
  private conn: Redis | undefined;
  /** Appends from this process go one at a time; WATCH handles other processes. */
  private queue: Promise<unknown> = Promise.resolve();
  /** What the last `verify` of this instance found intact; cleared by one that did not. */
  private memo: VerifiedPrefix | undefined;

  constructor(
    private readonly redis: Redis,
    keys: Keys,
    private readonly options: AuditLogOptions,
  ) {
    this.listKey = keys.key('audit', 'log');
    this.headKey = keys.key('audit', 'head');
    this.pendingKey = auditPendingKey(keys);
    this.refusalCounts = keys.key('audit', 'refusals');
    this.refusalWindows = keys.key('audit', 'refusal-windows');
    this.key = options.key;
    this.now = options.now ?? (() => new Date());
  }

  /** The fingerprint of this log's key (for messages; not the key). */
  get kid(): string {
    return this.key.kid;
  }

  /**
   * The stored form of an entry to be chained later: what a state change's transaction pushes on
   * {@link auditPendingKey} so that the change and its record are written together. MAC'd, so an edit
   * while it waits is found when it is chained.
   */
  stage(input: AuditInput, at: Date = this.now()): string {
    const body = {
      id: randomUUID(),
      at: at.toISOString(),
      input: { actor: input.actor, action: input.action, subject: input.subject, detail: input.detail ?? {} },
    };
    return JSON.stringify({ ...body, mac: this.key.mac(stagedText(body)) } satisfies StagedEntry);
  }

  /** Appends one entry (after every staged one) and returns it with its seq and hash. */
  append(input: AuditInput): Promise<AuditEntry> {
    return this.serial(async () => {
      const conn = await this.connection();
      for (let attempt = 0; attempt < 100; attempt++) {
        await conn.watch(this.headKey, this.pendingKey);
        if ((await conn.llen(this.pendingKey)) > 0) {
          await conn.unwatch();
          await this.drainNow(conn);
          continue;
        }
        const entry = this.chained(await this.readHead(conn), input, this.now().toISOString());
        if (await this.commit(conn, entry)) return entry;
      }
      throw new Error('audit log: could not append after 100 attempts (too much contention)');
    });
  }

  /** Chains every staged entry (from this or any other process); returns how many this call chained. */
  drain(): Promise<number> {
    return this.serial(async () => this.drainNow(await this.connection()));
  }

  /** How many entries are staged and not chained yet. */
  async pending(): Promise<number> {
    return this.redis.llen(this.pendingKey);
  }

  /**
   * Records a refusal of authorization (a guest clicking Approve, a non-approver, self-approval). The
   * first refusal of a user for an action in a minute is written at once, with `coalesced: true`; the
   * ones after it in that minute are only counted, and one entry with `repeated: <n>` is written when
   * the window closes ({@link flushRefusals}). A member cannot flood the trail by clicking.
   */
  async refused(input: AuditInput): Promise<void> {
    const at = this.now();
    const window = Math.floor(at.getTime() / REFUSAL_WINDOW_MS);
    const field = JSON.stringify([window, input.actor, input.action]);
    const staged = this.stage({ ...input, detail: { ...input.detail, coalesced: true, window: new Date(window * REFUSAL_WINDOW_MS).toISOString() } }, at);
    const n = await auditCountRefusal.run(
      this.redis,
      { counts: this.refusalCounts, windows: this.refusalWindows, pending: this.pendingKey },
      { field, window, staged },
    );
    if (n === 1) await this.drain();
    await this.flushRefusals();
  }

  /** Writes the count of the repeated refusals of every window that has closed by now. */
  async flushRefusals(): Promise<number> {
    const current = Math.floor(this.now().getTime() / REFUSAL_WINDOW_MS);
    const fields = await this.redis.zrangebyscore(this.refusalWindows, '-inf', String(current - 1), 'LIMIT', 0, 500);
    let written = 0;
    for (const field of fields) {
      const count = await this.redis.hget(this.refusalCounts, field);
      if (count === null) {
        await this.redis.zrem(this.refusalWindows, field);
        continue;
      }
      const [window, actor, action] = JSON.parse(field) as [number, string, string];
      const repeated = Number(count) - 1;
      const staged =
        repeated > 0
          ? this.stage({
              actor,
              action,
              subject: '(repeated refusals)',
              detail: {
                repeated,
                // Every entry of a refusal says why: these were refused for the reasons the window's first
                // entry (and the actor's refusals before it) record, and only counted here.
                reason: `refused ${repeated} more time(s) within the minute after the first refusal of this window (only counted, not written one by one)`,
                window: new Date(window * REFUSAL_WINDOW_MS).toISOString(),
                windowMs: REFUSAL_WINDOW_MS,
              },
            })
          : '';
      const closed = await auditCloseRefusalWindow.run(
        this.redis,
        { counts: this.refusalCounts, windows: this.refusalWindows, pending: this.pendingKey },
        { field, count, staged },
      );
      if (closed && staged) written++;
    }
    if (written > 0) await this.drain();
    return written;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async connection(): Promise<Redis> {
    if (!this.conn) {
      this.conn = this.redis.duplicate();
      // Failures surface through the commands below (and the caller); the producer connection logs outages.
      this.conn.on('error', () => undefined);
    }
    // The duplicate is fail-fast like its parent (no offline queue): wait until it is connected.
    if (this.conn.status !== 'ready') await readyOrFail(this.conn);
    return this.conn;
  }

  private async readHead(conn: Redis): Promise<{ seq: number; hash: string }> {
    const head = await conn.get(this.headKey);
    return head ? (JSON.parse(head) as { seq: number; hash: string }) : { seq: 0, hash: GENESIS_HASH };
  }

  /** The keyed entry after `prev`. */
  private chained(prev: { seq: number; hash: string }, input: AuditInput, at: string): AuditEntry {
    const body: Omit<AuditEntry, 'hash'> = {
      seq: prev.seq + 1,
      at,
      actor: input.actor,
      action: input.action,
      subject: input.subject,
      detail: input.detail ?? {},
      prevHash: prev.hash,
      alg: KEYED_ALG,
      kid: this.key.kid,
    };
    return { ...body, hash: macEntry(this.key, body) };
  }

  /** Pushes `entry` and moves the head (and, for a staged entry, takes it off the pending list), unless a watched key changed. */
  private async commit(conn: Redis, entry: AuditEntry, fromPending = false): Promise<boolean> {
    const tx = conn
      .multi()
      .rpush(this.listKey, JSON.stringify(entry))
      .set(this.headKey, JSON.stringify({ seq: entry.seq, hash: entry.hash }));
    if (fromPending) tx.lpop(this.pendingKey);
    const result = await tx.exec();
    if (!result) return false;
    const every = this.options.anchorEvery;
    if (every && entry.seq % every === 0) this.options.onAnchorDue?.(entry);
    return true;
  }

  private async drainNow(conn: Redis): Promise<number> {
    let chained = 0;
    for (let attempt = 0; attempt < 10_000; attempt++) {
      await conn.watch(this.headKey, this.pendingKey);
      const raw = await conn.lindex(this.pendingKey, 0);
      if (raw === null) {
        await conn.unwatch();
        return chained;
      }
      const staged = this.readStaged(raw);
      const entry = this.chained(await this.readHead(conn), staged.input, staged.at);
      if (await this.commit(conn, entry, true)) chained++;
    }
    throw new Error('audit log: the pending list did not drain');
  }

  /** A staged entry, or (when it was edited while it waited) an entry that says so and keeps what was found. */
  private readStaged(raw: string): { at: string; input: AuditInput } {
    try {
      const staged = JSON.parse(raw) as StagedEntry;
      const { mac, ...body } = staged;
      if (this.key.check(stagedText(body), mac)) return { at: staged.at, input: staged.input };
    } catch {
      // falls through
    }
    return {
      at: this.now().toISOString(),
      input: {
        actor: 'system',
        action: 'audit.staged-entry-rejected',
        subject: 'audit-pending',
        detail: { reason: 'a staged entry was changed in Redis before it was chained (its MAC does not match)', raw: raw.slice(0, 2000) },
      },
    };
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
   * Chains what is staged, then walks the chain and names the first entry that does not fit: one that is
   * no longer what was written (its MAC does not match, an unkeyed entry after the chain was keyed, a
   * `prevHash` that does not follow), a gap (removed or reordered), or a head that no longer matches the
   * last entry (truncation). The head record lives in the same Redis, so a cut-off tail with a rewritten
   * head is only found by comparing with an anchor outside Redis (src/audit/anchor.ts).
   *
   * Entries written before the chain was keyed (no `alg`) are checked as a SHA-256 chain: consistent, but
   * anyone can recompute that, so they are never called proven; `keyedFrom` says where the keyed part starts.
   *
   * Every stored entry is read each time. The parse / canonical JSON / MAC of each entry is skipped
   * for the prefix that this instance last verified as intact (see `memo`), but only once a SHA-256 over
   * the exact strings read now for that prefix equals the one taken then; any change to those strings
   * changes that digest, and then the whole chain is walked again from the genesis hash. The head record
   * is always checked. So the answer is the same as a full walk of what is stored gives.
   */
  async verify(): Promise<VerifyResult> {
    await this.drain();
    const memo = this.memo;
    const { result, count, digest } = (memo && (await this.walk(memo))) || (await this.walk(undefined));
    this.memo = result.ok && count > 0 ? { count, digest, lastHash: result.head, ...(result.keyedFrom ? { keyedFrom: result.keyedFrom } : {}) } : undefined;
    return result;
  }

  /** The stored hash of entry #`seq` (for comparing with an anchor), or undefined when there is none. */
  async hashAt(seq: number): Promise<string | undefined> {
    if (seq < 1) return GENESIS_HASH;
    const raw = await this.redis.lindex(this.listKey, seq - 1);
    if (!raw) return undefined;
    try {
      const entry = JSON.parse(raw) as AuditEntry;
      return entry.seq === seq ? entry.hash : undefined;
    } catch {
      return undefined;
    }
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
    let keyedFrom: number | undefined;
    const broken = (b: { brokenAt: number; kind: BreakKind; reason: string }): Walk => ({ result: { ok: false, entries: count, ...b }, count, digest: '' });
    for await (const { index, raw } of this.entries()) {
      digestRaw(running, raw);
      if (memo && index < memo.count) {
        if (index + 1 < memo.count) continue;
        if (running.copy().digest('hex') !== memo.digest) return undefined;
        prevHash = memo.lastHash;
        expectedSeq = memo.count + 1;
        count = memo.count;
        keyedFrom = memo.keyedFrom;
        continue;
      }
      const checked = this.checkEntry(index, raw, expectedSeq, prevHash, keyedFrom);
      if ('reason' in checked) return broken(checked);
      if (checked.keyed && keyedFrom === undefined) keyedFrom = expectedSeq;
      prevHash = checked.hash;
      expectedSeq++;
      count++;
    }
    if (memo && count < memo.count) return undefined; // the list is now shorter than the verified prefix
    const head = await this.redis.get(this.headKey);
    if (head) {
      const h = JSON.parse(head) as { seq: number; hash: string };
      if (h.seq !== count || h.hash !== prevHash) {
        return h.seq > count
          ? broken({
              brokenAt: count + 1,
              kind: 'truncated',
              reason: `the log ends at entry #${count} but ${h.seq} entries were written (entries were deleted from the end)`,
            })
          : broken({ brokenAt: count, kind: 'rewritten', reason: `the head record names entry #${h.seq}, not the last stored entry #${count}` });
      }
    } else if (count > 0) {
      return broken({ brokenAt: 1, kind: 'truncated', reason: 'the head record is missing' });
    }
    return { result: { ok: true, entries: count, head: prevHash, ...(keyedFrom ? { keyedFrom } : {}) }, count, digest: running.digest('hex') };
  }

  /**
   * Checks one stored entry as `verify` does (for the S3 shipper): entry #`expectedSeq`, following
   * `prevHash`, with its MAC (or, before keying, its hash); `keyedFrom` once a keyed entry was seen.
   */
  checkStored(raw: string, expectedSeq: number, prevHash: string, keyedFrom?: number): ReturnType<AuditLog['checkEntry']> {
    return this.checkEntry(expectedSeq - 1, raw, expectedSeq, prevHash, keyedFrom);
  }

  /** Whether the stored entry at list position `index` is entry #`expectedSeq`, follows `prevHash` and still has its MAC (or, before keying, its hash). */
  private checkEntry(
    index: number,
    raw: string,
    expectedSeq: number,
    prevHash: string,
    keyedFrom: number | undefined,
  ): { hash: string; keyed: boolean } | { brokenAt: number; kind: BreakKind; reason: string } {
    let entry: AuditEntry;
    try {
      entry = JSON.parse(raw) as AuditEntry;
    } catch {
      return { brokenAt: expectedSeq, kind: 'unreadable', reason: `entry at position ${index + 1} is not valid JSON` };
    }
    if (entry.seq !== expectedSeq) {
      return { brokenAt: expectedSeq, kind: 'missing', reason: `expected entry #${expectedSeq} but found #${entry.seq} (an entry was removed or reordered)` };
    }
    if (entry.prevHash !== prevHash) {
      return { brokenAt: entry.seq, kind: 'rewritten', reason: `entry #${entry.seq} does not follow the entry before it (prevHash differs)` };
    }
    const { hash, ...body } = entry;
    if (entry.alg === KEYED_ALG) {
      if (entry.kid !== this.key.kid) {
        return {
          brokenAt: entry.seq,
          kind: 'rewritten',
          reason: `entry #${entry.seq} names key ${String(entry.kid).slice(0, 16)}, not this bot's audit key ${this.key.kid} (written with another key, or forged)`,
        };
      }
      if (!this.key.check(entry.prevHash + canonicalJson(body), hash)) {
        return { brokenAt: entry.seq, kind: 'rewritten', reason: `entry #${entry.seq} was changed after it was written (its MAC does not match)` };
      }
      return { hash, keyed: true };
    }
    if (entry.alg !== undefined) return { brokenAt: entry.seq, kind: 'rewritten', reason: `entry #${entry.seq} has an unknown alg` };
    if (keyedFrom !== undefined) {
      return { brokenAt: entry.seq, kind: 'rewritten', reason: `entry #${entry.seq} is not keyed, but the chain is keyed from #${keyedFrom}` };
    }
    if (hashEntry(body) !== hash) {
      return { brokenAt: entry.seq, kind: 'rewritten', reason: `entry #${entry.seq} was changed after it was written (hash differs)` };
    }
    return { hash, keyed: false };
  }
}
