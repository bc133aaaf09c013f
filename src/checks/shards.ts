import type { Redis } from 'ioredis';
import pLimit, { type LimitFunction } from 'p-limit';
import type { AwsClients } from '../aws/clients.js';
import type { Read, ScanSettings } from '../aws/collectors/context.js';
import type { ListedBucket, PublicAccessBlock } from '../aws/collectors/s3.js';
import { collectBucketDetails, type Snapshot } from '../aws/snapshot.js';
import type { Keys } from '../redis/keys.js';
import { evaluateChecks, GLOBAL_REGION, SliceFindings } from './engine.js';
import type { ResultStore } from './store.js';
import { CheckStatus, type Check, type CheckResult } from './types.js';

/**
 * Bucket shards (issue #19): an account with more S3 buckets than `scan.bucketShardSize` is not read by
 * one job. Its home-region job lists the buckets (ListBuckets once, GetBucketLocation where ListBuckets
 * gave no region), reads and judges the CloudTrail log buckets itself (the checks across buckets need
 * them), and records the other buckets here, one slice per bucket job. Each bucket job (a child of the
 * scan, like the (account, region) jobs, so every worker process takes some) reads its own buckets'
 * details, runs the per-bucket checks on them and stages the results here. When every child is done, the
 * scan merges each account's staged results into one result set per check, as an unsharded scan stores
 * it; the buckets of a bucket job that failed every retry are recorded as not checked (error).
 */

/** How long the staging keys outlive a scan that never merged them (a crashed parent). */
const STAGING_TTL_S = 2 * 86_400;

/** The job id of an account's bucket job (src/queues/producers.ts queues them). */
export { shardJobId } from '../queues/producers.js';

/** The account and shard of a bucket job's id (see `shardJobId`); `undefined` for any other id. */
export function parseShardJobId(scanId: string, id: string): { accountId: string; region: string; shard: number } | undefined {
  if (!id.startsWith(`${scanId}-`)) return undefined;
  const m = /^(\d{12})-([a-z0-9-]+)-s3-shard(\d+)$/.exec(id.slice(scanId.length + 1));
  return m ? { accountId: m[1]!, region: m[2]!, shard: Number(m[3]) } : undefined;
}

/** What a bucket job starts from: its buckets (with their regions) and the account's Block Public Access. */
export interface ShardSlice {
  accountPublicAccessBlock: Read<PublicAccessBlock | null>;
  buckets: ListedBucket[];
}

/** An account whose buckets are read in bucket jobs: its home region and how many jobs. */
export interface ShardedAccount {
  accountId: string;
  region: string;
  shards: number;
}

type StagedFinding = [checkId: string, status: CheckStatus, resource: string, message: string];

/** The part of an account's staged results the home job wrote (its log buckets). */
const HOME_PART = 'home';

/** The staging keys of bucket shards in Redis (under the scan's keys; every one expires). */
export class ShardStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private k = {
    slice: (scanId: string, accountId: string, shard: number) => this.keys.key('posture', 'scan', scanId, 'shard', accountId, shard),
    accounts: (scanId: string) => this.keys.key('posture', 'scan', scanId, 'sharded'),
    staged: (scanId: string, accountId: string) => this.keys.key('posture', 'scan', scanId, 'shard-results', accountId),
  };

  /**
   * Records an account's bucket jobs: each one's slice, and the home job's own per-bucket results, in one
   * transaction. A retried home job keeps the slices the first attempt recorded (its bucket jobs may be
   * running on them), so no bucket is read by two jobs; its own results replace the earlier ones.
   */
  async plan(
    scanId: string,
    sharded: ShardedAccount,
    accountPublicAccessBlock: Read<PublicAccessBlock | null>,
    slices: readonly ListedBucket[][],
    homeResults: readonly CheckResult[],
  ): Promise<void> {
    const tx = this.redis.multi();
    slices.forEach((buckets, shard) =>
      tx.set(
        this.k.slice(scanId, sharded.accountId, shard),
        JSON.stringify({ accountPublicAccessBlock, buckets } satisfies ShardSlice),
        'EX',
        STAGING_TTL_S,
        'NX',
      ),
    );
    tx.hsetnx(this.k.accounts(scanId), sharded.accountId, JSON.stringify(sharded)).expire(this.k.accounts(scanId), STAGING_TTL_S);
    tx.hset(this.k.staged(scanId, sharded.accountId), HOME_PART, stagedJson(homeResults)).expire(this.k.staged(scanId, sharded.accountId), STAGING_TTL_S);
    await tx.exec();
  }

  async slice(scanId: string, accountId: string, shard: number): Promise<ShardSlice | undefined> {
    const raw = await this.redis.get(this.k.slice(scanId, accountId, shard));
    return raw ? (JSON.parse(raw) as ShardSlice) : undefined;
  }

  /** Stages one bucket job's results (a retry replaces them). */
  async stage(scanId: string, accountId: string, shard: number, results: readonly CheckResult[]): Promise<void> {
    await this.redis
      .multi()
      .hset(this.k.staged(scanId, accountId), String(shard), stagedJson(results))
      .expire(this.k.staged(scanId, accountId), STAGING_TTL_S)
      .exec();
  }

  /** The accounts of a scan that have bucket jobs. */
  async accounts(scanId: string): Promise<ShardedAccount[]> {
    const all = await this.redis.hgetall(this.k.accounts(scanId));
    return Object.values(all)
      .map((v) => JSON.parse(v) as ShardedAccount)
      .sort((a, b) => a.accountId.localeCompare(b.accountId));
  }

  /** An account's staged results, by part (`home`, or the bucket job's number). */
  async staged(scanId: string, accountId: string): Promise<Map<string, StagedFinding[]>> {
    const all = await this.redis.hgetall(this.k.staged(scanId, accountId));
    return new Map(Object.entries(all).map(([part, v]) => [part, JSON.parse(v) as StagedFinding[]]));
  }

  /** Removes an account's staging keys once its results are merged. */
  async clear(scanId: string, sharded: ShardedAccount): Promise<void> {
    const slices = Array.from({ length: sharded.shards }, (_, n) => this.k.slice(scanId, sharded.accountId, n));
    await this.redis
      .multi()
      .del(this.k.staged(scanId, sharded.accountId), ...slices)
      .hdel(this.k.accounts(scanId), sharded.accountId)
      .exec();
  }
}

function stagedJson(results: readonly CheckResult[]): string {
  return JSON.stringify(results.map((r): StagedFinding => [r.checkId, r.status, r.resource, r.message]));
}

export interface ScanShardOptions {
  store: ShardStore;
  clients: AwsClients;
  scanId: string;
  accountId: string;
  /** The account's home region (where its account-wide collectors run). */
  region: string;
  regions: string[];
  settings: ScanSettings;
  checks: readonly Check[];
  shard: number;
  concurrency: number;
  /** AWS requests in flight shared with the process's other scan jobs (ROLE=all); absent: `concurrency` for this job alone. */
  limit?: LimitFunction;
  now: () => Date;
}

/**
 * A bucket job: reads its buckets' details, runs the per-bucket checks on them and stages the results.
 * Throws when its slice is not recorded: it must fail (and its buckets count as not checked), never
 * stage nothing as if its buckets had no findings.
 */
export async function scanShard(o: ScanShardOptions): Promise<{ results: number; errors: number; calls: number }> {
  const slice = await o.store.slice(o.scanId, o.accountId, o.shard);
  if (!slice) throw new Error(`bucket job ${o.shard} of account ${o.accountId}: its buckets are not recorded (the scan's staging expired or was removed)`);
  const { buckets, calls } = await collectBucketDetails({
    clients: o.clients,
    accountId: o.accountId,
    region: o.region,
    regions: o.regions,
    limit: o.limit ?? pLimit(o.concurrency),
    now: o.now,
    buckets: slice.buckets,
  });
  const snapshot: Snapshot = {
    accountId: o.accountId,
    region: o.region,
    home: true,
    regions: o.regions,
    settings: o.settings,
    collectedAt: o.now().toISOString(),
    data: { s3: { accountPublicAccessBlock: slice.accountPublicAccessBlock, buckets: { ok: true, value: buckets } } },
    errors: {},
  };
  const results = await evaluateChecks(
    snapshot,
    o.checks.filter((c) => c.perBucket),
  );
  await o.store.stage(o.scanId, o.accountId, o.shard, results);
  return { results: results.length, errors: results.filter((r) => r.status === CheckStatus.Error).length, calls };
}

/** A bucket job that failed every retry. */
export interface FailedShard {
  accountId: string;
  shard: number;
  buckets: number;
  reason: string;
}

export interface MergeShardsOptions {
  shards: ShardStore;
  results: ResultStore;
  scanId: string;
  /** The scan's checks (the per-bucket ones among them are merged). */
  checks: readonly Check[];
  /** The scan's child failures (BullMQ: job key → last error). */
  failures: Record<string, string>;
  /** Accounts whose home-region job failed every retry: their checks are recorded as not checked as a whole, nothing is merged. */
  failedHomes: ReadonlySet<string>;
  at: string;
}

/**
 * Merges each sharded account's staged results into the results store, one result set per per-bucket
 * check as an unsharded scan writes it (a finding about the account as a whole once). A bucket job with
 * no staged results (it failed every retry) gives an `error` for each of its buckets under each check.
 */
export async function mergeShards(o: MergeShardsOptions): Promise<FailedShard[]> {
  const perBucket = o.checks.filter((c) => c.perBucket);
  const reasons = new Map<string, string>();
  for (const [key, reason] of Object.entries(o.failures)) {
    const id = parseShardJobId(o.scanId, key.slice(key.lastIndexOf(':') + 1));
    if (id) reasons.set(`${id.accountId}|${id.shard}`, reason);
  }
  const failed: FailedShard[] = [];
  for (const account of await o.shards.accounts(o.scanId)) {
    if (o.failedHomes.has(account.accountId)) {
      await o.shards.clear(o.scanId, account);
      continue;
    }
    const staged = await o.shards.staged(o.scanId, account.accountId);
    const byCheck = new Map(perBucket.map((c) => [c.id, new SliceFindings()]));
    const add = (findings: readonly StagedFinding[]) => {
      for (const [checkId, status, resource, message] of findings) byCheck.get(checkId)?.add([{ status, resource, message }]);
    };
    add(staged.get(HOME_PART) ?? []);
    for (let shard = 0; shard < account.shards; shard++) {
      const got = staged.get(String(shard));
      if (got) {
        add(got);
        continue;
      }
      const reason = (reasons.get(`${account.accountId}|${shard}`) ?? 'it did not finish').replace(/\s+/g, ' ').slice(0, 200);
      const slice = await o.shards.slice(o.scanId, account.accountId, shard);
      const message = (what: string) =>
        `Not checked: bucket job ${shard + 1} of ${account.shards} of account ${account.accountId}${what} failed after every retry (${reason}).`;
      const resources = slice ? slice.buckets.map((b) => `arn:aws:s3:::${b.name}`) : [`arn:aws:iam::${account.accountId}:root`];
      for (const c of perBucket)
        byCheck
          .get(c.id)!
          .add(resources.map((resource) => ({ status: CheckStatus.Error, resource, message: message(slice ? '' : ' (its buckets are unknown)') })));
      failed.push({ accountId: account.accountId, shard, buckets: slice?.buckets.length ?? 0, reason });
    }
    const merged: CheckResult[] = [];
    for (const [checkId, findings] of byCheck) {
      for (const f of findings.findings) merged.push({ ...f, checkId, accountId: account.accountId, region: GLOBAL_REGION });
    }
    await o.results.saveResults(o.scanId, o.at, merged);
    await o.shards.clear(o.scanId, account);
  }
  return failed;
}
