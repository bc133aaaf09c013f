import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AccountCoverage } from '../aws/collectors/targets.js';
import type { Keys } from '../redis/keys.js';
import { Lease } from '../redis/lease.js';
import { scriptedMulti } from '../redis/scripts.js';
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
  /** Per action item: [passed, failed, errors]. */
  items: Record<string, [number, number, number]>;
}

/** How long a scan's lock may outlive a crashed scan before another scan of the same scope can start. */
const LOCK_TTL_MS = 2 * 3600_000;
const META_TTL_S = 30 * 86_400;

type CompactFinding = [CheckStatus, string, string];

/**
 * The parsed latest results, per hash key, with the version they were read at: shared by every
 * ResultStore of the process, since stores are built where they are used. `/gdpr status`, Details and
 * reports read every result; parsing and sorting a scan's thousands of them on each request was most
 * of the cost of an answer (see the ack-latency benchmark), while they only change when a scan or a
 * fix's re-check stores results.
 */
const latestCache = new Map<string, { version: string; results: readonly StoredResult[] }>();

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

  /** Stores one (account, region) job's results, replacing that scope's previous results for the same checks. */
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
    for (const [field, findings] of groups) args.push(field, JSON.stringify({ scanId, at, findings }));
    await this.redis.multi().hset(this.k.latest(), ...args).set(this.k.latestVersion(), randomUUID()).exec();
  }

  /**
   * Every latest result, sorted by check, account and resource. Read-only: the array is shared with
   * later callers until the results change. The version is read before the results, so a write in
   * between makes the cached copy newer than its version, and the next call reads again.
   */
  async latest(): Promise<readonly StoredResult[]> {
    const key = this.k.latest();
    const version = await this.redis.get(this.k.latestVersion());
    // No version: the results (if any) were written by a bot from before the version token (during a
    // rolling upgrade it may still be writing), so nothing tells when they change: read them every time.
    if (version === null) return this.readLatest(key);
    const cached = latestCache.get(key);
    if (cached && cached.version === version) return cached.results;
    const results = await this.readLatest(key);
    latestCache.set(key, { version, results });
    return results;
  }

  private async readLatest(key: string): Promise<readonly StoredResult[]> {
    const all = await this.redis.hgetall(key);
    const out: StoredResult[] = [];
    for (const [field, value] of Object.entries(all)) {
      const [accountId = '', region = '', checkId = ''] = field.split('|');
      const { scanId, at, findings } = JSON.parse(value) as { scanId: string; at: string; findings: CompactFinding[] };
      for (const [status, resource, message] of findings) out.push({ checkId, accountId, region, status, resource, message, scanId, at });
    }
    return Object.freeze(out.sort((a, b) => compareIds(a.checkId, b.checkId) || compareIds(a.accountId, b.accountId) || compareIds(a.resource, b.resource)));
  }

  /** Marks a scan finished, frees its scope, and appends its summary to the history (trimmed to `retentionMs`). */
  async finish(scanId: string, summary: PostureSummary, finishedAt: Date, retentionMs: number): Promise<ScanMeta | undefined> {
    const meta = await this.updateMeta(scanId, { state: ScanState.Finished, finishedAt: finishedAt.toISOString() });
    const entry: HistoryEntry = {
      scanId,
      at: finishedAt.toISOString(),
      score: summary.score,
      items: Object.fromEntries(Object.entries(summary.byActionItem).map(([k, c]) => [k, [c.passed, c.failed, c.errors]])),
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
