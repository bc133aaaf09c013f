import { setImmediate as nextTurn } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AccountCoverage } from '../aws/collectors/targets.js';
import type { Keys } from '../redis/keys.js';
import { Lease } from '../redis/lease.js';
import { saveLatestResults, scriptedMulti } from '../redis/scripts.js';
import type { CheckSelector } from './registry.js';
import type { PostureSummary } from './summary.js';
import { compareIds, type CheckResult, type CheckStatus } from './types.js';

/** Where a scan stands. */
export const ScanState = { Running: 'running', Finished: 'finished' } as const;
export type ScanState = (typeof ScanState)[keyof typeof ScanState];

/** What a scan covers and who asked (ids only). */
export interface ScanMeta {
  id: string;
  selector: CheckSelector;
  /** Regions asked for; empty means the configured ones. */
  regions: string[];
  state: ScanState;
  startedAt: string;
  finishedAt?: string;
  /** (account, region) jobs planned and finished. */
  total: number;
  done: number;
  accounts: string[];
  /** Per account: the regions scanned, the enabled ones left out, and why (set when the scan is planned). */
  coverage?: AccountCoverage[];
  requestedBy?: string;
  channel?: string;
  trigger: 'slack' | 'schedule' | 'rescan' | 'cli';
}

/** A stored result: a check result plus the scan that produced it. */
export interface StoredResult extends CheckResult {
  scanId: string;
  at: string;
}

/** One point of the history: a scan's summary. */
export interface HistoryEntry {
  scanId: string;
  at: string;
  score: number;
  /** Per action item: [passed, failed (waived failures included: a waiver is no pass), errors]. */
  items: Record<string, [number, number, number]>;
}

/** How long a scan's lock may outlive a crashed scan before another scan of the same scope can start. */
const LOCK_TTL_MS = 2 * 3600_000;
const META_TTL_S = 30 * 86_400;

type CompactFinding = [CheckStatus, string, string];

/** A process's parsed copy of the latest results, and the version it was read at. */
interface LatestView {
  version: string;
  /** Every result, sorted by check, account and resource; frozen and shared with every caller. */
  results: readonly StoredResult[];
  /** The parsed results per hash field (`account|region|check`), each field's sorted by resource. */
  fields: Map<string, StoredResult[]>;
}

/**
 * The parsed latest results, per hash key, with the version they were read at: shared by every
 * ResultStore of the process, since stores are built where they are used. `/gdpr status`, Details and
 * reports read every result; parsing and sorting a scan's thousands of them on each request was most
 * of the cost of an answer (see the ack-latency benchmark), while they only change when a scan or a
 * fix's re-check stores results.
 */
const latestCache = new Map<string, LatestView>();

/**
 * The refresh of a key's view that is under way, if any: every reader that finds the view out of date
 * waits for it instead of reading the results itself. During an organisation scan each stored target
 * makes a new version, and at 200 `/gdpr status` a second every one of them re-read the whole hash on its
 * own (9,441 full reads in one scan, on the connection the scan writes through, issue #19).
 */
const refreshing = new Map<string, Promise<LatestView>>();

/** How many writes the change log keeps: a view more writes behind than this is read in full. */
const CHANGES_KEPT = 64;
/** How many of them a refresh reads first (a view is usually a write or two behind); all of them only when needed. */
const CHANGES_FIRST_READ = 8;

/** Fields whose results this many findings' worth of JSON are serialised between two turns of the event loop. */
const SERIALISE_SLICE = 2000;

function byCheckAccountResource(a: StoredResult, b: StoredResult): number {
  return compareIds(a.checkId, b.checkId) || compareIds(a.accountId, b.accountId) || compareIds(a.resource, b.resource);
}

function parseField(field: string, value: string): StoredResult[] {
  const [accountId = '', region = '', checkId = ''] = field.split('|');
  const { scanId, at, findings } = JSON.parse(value) as { scanId: string; at: string; findings: CompactFinding[] };
  const out = findings.map(([status, resource, message]): StoredResult => ({ checkId, accountId, region, status, resource, message, scanId, at }));
  return out.sort(byCheckAccountResource);
}

/** The flat sorted array of a view's fields. Fields are laid out sorted, so the sort mostly merges runs. */
function flatten(fields: Map<string, StoredResult[]>): readonly StoredResult[] {
  const order = [...fields.keys()]
    .map((f) => ({ f, parts: f.split('|') }))
    .sort((a, b) => compareIds(a.parts[2] ?? '', b.parts[2] ?? '') || compareIds(a.parts[0] ?? '', b.parts[0] ?? '') || compareIds(a.f, b.f));
  const out: StoredResult[] = [];
  for (const { f } of order) for (const r of fields.get(f)!) out.push(r);
  return Object.freeze(out.sort(byCheckAccountResource));
}

/**
 * The fields written since `from`, when the change log holds an unbroken chain of writes from `from`
 * up to `to` (each entry names the version it replaced); `undefined` when it does not (the log was
 * trimmed or deleted, or a writer from before the log wrote in between): then the view is read in full.
 */
function changedSince(log: readonly string[], from: string, to: string): Set<string> | undefined {
  const fields = new Set<string>();
  let expected = to;
  for (const entry of log) {
    const [version, previous, ...written] = entry.split('\n');
    if (version !== expected) continue; // a write newer than `to`, made after the version was read
    for (const f of written) if (f) fields.add(f);
    if (previous === from) return fields;
    if (!previous) return undefined;
    expected = previous;
  }
  return undefined;
}

/**
 * Posture results in Redis: the latest result per (check, account, region, resource), scan metadata, a
 * per-scope lock so two scans of the same scope never run at once, and a compact history of summaries.
 *
 * Latest results are stored per (account, region, check) so a new scan of that scope replaces the old
 * findings, including resources that no longer exist.
 */
export class ResultStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private k = {
    latest: () => this.keys.key('posture', 'latest'),
    /** A fresh random token on every write of the latest results (not a counter: a deleted counter would restart at a value a cache may hold). */
    latestVersion: () => this.keys.key('posture', 'latest-version'),
    history: () => this.keys.key('posture', 'history'),
    scan: (id: string) => this.keys.key('posture', 'scan', id),
    lock: (scope: string) => this.keys.key('posture', 'lock', scope),
    lastScan: () => this.keys.key('posture', 'last-scan'),
    /** The last writes of the latest results, newest first: `version\nprevious version\nfield\nfield…`. */
    latestChanges: () => this.keys.key('posture', 'latest-changes'),
  };

  /** A stable key for a scan's scope: same checks and regions → same key. */
  static scopeKey(selector: CheckSelector, regions: readonly string[]): string {
    const what = selector.kind === 'all' ? 'all' : selector.kind === 'actionItem' ? `item-${selector.item}` : [...selector.ids].sort().join(',');
    return `${what}@${[...regions].sort().join(',') || 'configured'}`;
  }

  /**
   * Registers a scan unless one of the same scope is running. Returns the id of the running scan
   * when there is one (and then nothing is registered).
   */
  async begin(meta: ScanMeta): Promise<{ started: true } | { started: false; runningId: string }> {
    const lockKey = this.k.lock(ResultStore.scopeKey(meta.selector, meta.regions));
    if (!(await Lease.acquire(this.redis, lockKey, LOCK_TTL_MS, meta.id))) {
      const runningId = (await Lease.holder(this.redis, lockKey)) ?? 'unknown';
      return { started: false, runningId };
    }
    await this.redis.set(this.k.scan(meta.id), JSON.stringify(meta), 'EX', META_TTL_S);
    return { started: true };
  }

  async meta(scanId: string): Promise<ScanMeta | undefined> {
    const raw = await this.redis.get(this.k.scan(scanId));
    return raw ? (JSON.parse(raw) as ScanMeta) : undefined;
  }

  async updateMeta(scanId: string, patch: Partial<ScanMeta>): Promise<ScanMeta | undefined> {
    const current = await this.meta(scanId);
    if (!current) return undefined;
    const next = { ...current, ...patch };
    await this.redis.set(this.k.scan(scanId), JSON.stringify(next), 'EX', META_TTL_S);
    return next;
  }

  /** Counts one (account, region) job as finished; returns progress. Atomic across workers. */
  async targetDone(scanId: string): Promise<{ done: number; total: number }> {
    const counter = `${this.k.scan(scanId)}:done`;
    const [[, done]] = (await this.redis.multi().incr(counter).expire(counter, META_TTL_S).exec()) as [[null, number], unknown];
    const meta = await this.meta(scanId);
    return { done, total: meta?.total ?? done };
  }

  /**
   * Stores one (account, region) job's results, replacing that scope's previous results for the same
   * checks. A target of 10,000 buckets is tens of thousands of results: they are serialised a slice at
   * a time with a turn of the event loop in between, so Slack's requests are answered meanwhile.
   */
  async saveResults(scanId: string, at: string, results: readonly CheckResult[]): Promise<void> {
    const groups = new Map<string, CompactFinding[]>();
    for (const r of results) {
      const field = `${r.accountId}|${r.region}|${r.checkId}`;
      const group = groups.get(field);
      if (group) group.push([r.status, r.resource, r.message]);
      else groups.set(field, [[r.status, r.resource, r.message]]);
    }
    if (groups.size === 0) return;
    const args: string[] = [];
    let serialised = 0;
    for (const [field, findings] of groups) {
      if (serialised >= SERIALISE_SLICE) {
        serialised = 0;
        await nextTurn();
      }
      args.push(field, JSON.stringify({ scanId, at, findings }));
      serialised += findings.length;
    }
    await saveLatestResults.run(
      this.redis,
      { latest: this.k.latest(), version: this.k.latestVersion(), changes: this.k.latestChanges() },
      { version: randomUUID(), fields: [...groups.keys()].join('\n'), kept: CHANGES_KEPT },
      args,
    );
  }

  /**
   * Every latest result, sorted by check, account and resource. Read-only: the array is shared with
   * later callers until the results change.
   *
   * One refresh at a time per process: a reader that finds the view out of date while a refresh is under
   * way waits for it, and readers of the same version share one. A refresh reads only the fields written
   * since the version it holds (from the change log), or everything when it holds none or the log cannot
   * say. A view's results may be newer than its version (fields are read after the log), never older.
   */
  async latest(): Promise<readonly StoredResult[]> {
    const key = this.k.latest();
    const version = await this.redis.get(this.k.latestVersion());
    // No version: the results (if any) were written by a bot from before the version token (during a
    // rolling upgrade it may still be writing), so nothing tells when they change: read them every time.
    if (version === null) return flatten((await this.readAll()).fields);
    const cached = latestCache.get(key);
    if (cached && cached.version === version) return cached.results;
    const inFlight = refreshing.get(key);
    if (inFlight) {
      const view = await inFlight;
      if (view.version === version) return view.results;
      // That refresh began before this reader saw `version`; the next one begins after it, so it holds
      // at least what `version` stands for. Join it if another reader has started it already.
      const next = refreshing.get(key);
      if (next && next !== inFlight) return (await next).results;
    }
    return (await this.refresh(key)).results;
  }

  private refresh(key: string): Promise<LatestView> {
    const running = (async () => {
      try {
        const view = await this.readView(latestCache.get(key));
        latestCache.set(key, view);
        return view;
      } finally {
        refreshing.delete(key);
      }
    })();
    refreshing.set(key, running);
    return running;
  }

  /** The view at the current version: `held` patched with the fields written since, or everything read again. */
  private async readView(held: LatestView | undefined): Promise<LatestView> {
    // A view read when there was no version cannot tell what a writer without one changed since.
    if (held && held.version !== '') {
      const [[, version], [, log]] = (await this.redis
        .multi()
        .get(this.k.latestVersion())
        .lrange(this.k.latestChanges(), 0, CHANGES_FIRST_READ - 1)
        .exec()) as [[null, string | null], [null, string[]]];
      let changed = version === null ? undefined : changedSince(log, held.version, version);
      if (version !== null && !changed && log.length === CHANGES_FIRST_READ)
        changed = changedSince(await this.redis.lrange(this.k.latestChanges(), 0, -1), held.version, version);
      if (version !== null && changed) {
        const names = [...changed];
        const values = names.length > 0 ? await this.redis.hmget(this.k.latest(), ...names) : [];
        const fields = new Map(held.fields);
        names.forEach((f, i) => {
          const value = values[i];
          if (value === null || value === undefined) fields.delete(f);
          else fields.set(f, parseField(f, value));
        });
        return { version, fields, results: flatten(fields) };
      }
    }
    const { version, fields } = await this.readAll();
    return { version: version ?? '', fields, results: flatten(fields) };
  }

  /** Every field and the version, in one transaction. */
  private async readAll(): Promise<{ version: string | null; fields: Map<string, StoredResult[]> }> {
    const [[, version], [, all]] = (await this.redis.multi().get(this.k.latestVersion()).hgetall(this.k.latest()).exec()) as [
      [null, string | null],
      [null, Record<string, string>],
    ];
    const fields = new Map<string, StoredResult[]>();
    for (const [field, value] of Object.entries(all)) fields.set(field, parseField(field, value));
    return { version, fields };
  }

  /** Marks a scan finished, frees its scope, and appends its summary to the history (trimmed to `retentionMs`). */
  async finish(scanId: string, summary: PostureSummary, finishedAt: Date, retentionMs: number): Promise<ScanMeta | undefined> {
    const meta = await this.updateMeta(scanId, { state: ScanState.Finished, finishedAt: finishedAt.toISOString() });
    const entry: HistoryEntry = {
      scanId,
      at: finishedAt.toISOString(),
      score: summary.score,
      items: Object.fromEntries(Object.entries(summary.byActionItem).map(([k, c]) => [k, [c.passed, c.failed + c.waived, c.errors]])),
    };
    const tx = scriptedMulti(this.redis)
      .zadd(this.k.history(), finishedAt.getTime(), JSON.stringify(entry))
      .zremrangebyscore(this.k.history(), '-inf', finishedAt.getTime() - retentionMs)
      .set(this.k.lastScan(), scanId);
    if (meta) {
      // Release the scope lock only if it is still ours.
      this.scopeLease(meta, scanId).queueRelease(tx);
    }
    await tx.exec();
    return meta;
  }

  /** Gives up on a scan that could not run: frees its scope so another can start. */
  async abort(scanId: string, finishedAt: Date): Promise<ScanMeta | undefined> {
    const meta = await this.updateMeta(scanId, { state: ScanState.Finished, finishedAt: finishedAt.toISOString() });
    if (meta) {
      await this.scopeLease(meta, scanId).release();
    }
    return meta;
  }

  /** The lease on a scan's scope, held under the scan's id. */
  private scopeLease(meta: ScanMeta, scanId: string): Lease {
    return Lease.held(this.redis, this.k.lock(ResultStore.scopeKey(meta.selector, meta.regions)), scanId, LOCK_TTL_MS);
  }

  /** The most recent finished scan. */
  async lastScan(): Promise<ScanMeta | undefined> {
    const id = await this.redis.get(this.k.lastScan());
    return id ? this.meta(id) : undefined;
  }

  /** History entries, newest first. */
  async history(limit = 30): Promise<HistoryEntry[]> {
    const raw = await this.redis.zrevrange(this.k.history(), 0, limit - 1);
    return raw.map((r) => JSON.parse(r) as HistoryEntry);
  }
}
