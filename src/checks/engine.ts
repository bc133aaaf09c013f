import { setImmediate as nextTurn } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import type { AwsClients } from '../aws/clients.js';
import { DEFAULT_CONCURRENCY, type ScanSettings } from '../aws/collectors/context.js';
import type { CollectorId } from '../aws/collectors/index.js';
import type { ListedBucket, S3Bucket } from '../aws/collectors/s3.js';
import { collectBucketDetails, collectSnapshot, type Snapshot } from '../aws/snapshot.js';
import { CheckScope, CheckStatus, type Check, type CheckResult, type Finding } from './types.js';

/** The region label stored on results of account-wide checks. */
export const GLOBAL_REGION = 'global';

/** The checks that run on this snapshot: regional ones always, account-wide ones only on the home snapshot. */
export function checksFor(checks: readonly Check[], home: boolean): Check[] {
  return checks.filter((c) => c.scope === CheckScope.Region || home);
}

/** The collectors the given checks need (only those are run). */
export function collectorsFor(checks: readonly Check[]): CollectorId[] {
  return [...new Set(checks.flatMap((c) => c.needs))];
}

/** Findings turned into results between two turns of the event loop. */
const RESULTS_PER_TURN = 2000;

/**
 * Buckets a per-bucket check judges between two turns of the event loop. The slowest check
 * (`s3_bucket_tls_only`, a policy analysis per bucket) takes about 15 µs a bucket, so a slice is a few
 * milliseconds; a whole 10,000-bucket account evaluated in one piece held the loop for 150–700 ms.
 */
export const BUCKETS_PER_TURN = 250;

/** The snapshot with `buckets` as its S3 buckets; the rest of the S3 data (account Block Public Access) is kept. */
export function withBuckets(snapshot: Snapshot, buckets: S3Bucket[]): Snapshot {
  const s3 = snapshot.data.s3;
  if (!s3) return snapshot;
  return { ...snapshot, data: { ...snapshot.data, s3: { ...s3, buckets: { ok: true, value: buckets } } } };
}

/**
 * The parts a check is evaluated on: the snapshot itself, or for a per-bucket check (see
 * `CheckMetadata.perBucket`) over more than `size` buckets, the snapshot with one slice of buckets at a time.
 */
export function* bucketSlices(check: Check, snapshot: Snapshot, size = BUCKETS_PER_TURN): Generator<Snapshot> {
  const buckets = snapshot.data.s3?.buckets;
  if (!check.perBucket || !buckets?.ok || buckets.value.length <= size) {
    yield snapshot;
    return;
  }
  for (let i = 0; i < buckets.value.length; i += size) yield withBuckets(snapshot, buckets.value.slice(i, i + size));
}

/**
 * Puts together the findings of one per-bucket check over several slices of buckets: every bucket's
 * finding once (each slice has its own buckets), and a finding about the account as a whole (the bucket
 * list could not be read, no allowed regions are configured, the check failed) once, not once per slice.
 */
export class SliceFindings {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();

  add(findings: readonly Finding[]): void {
    for (const f of findings) {
      if (!f.resource.startsWith('arn:aws:s3:::')) {
        const key = `${f.status}\n${f.resource}\n${f.message}`;
        if (this.seen.has(key)) continue;
        this.seen.add(key);
      }
      this.findings.push(f);
    }
  }
}

/** A check's findings on one snapshot; a check that throws yields an `error` finding that says so. */
function evaluateSafely(check: Check, snapshot: Snapshot, region: string): Finding[] {
  try {
    return check.evaluate(snapshot);
  } catch (error) {
    return [
      {
        status: CheckStatus.Error,
        resource: `${snapshot.accountId}/${region}`,
        message: `The check itself failed: ${error instanceof Error ? error.message : String(error)}.`,
      },
    ];
  }
}

/**
 * Runs checks over a snapshot. A check that throws yields an `error` result that says so; nothing is
 * dropped and nothing becomes a pass.
 *
 * The event loop gets a turn after every check, every few thousand results, and inside a per-bucket
 * check after every {@link BUCKETS_PER_TURN} buckets: in a process that also answers Slack, a
 * 10,000-bucket snapshot evaluated in one go held every request for seconds (issue #19).
 */
export async function evaluateChecks(snapshot: Snapshot, checks: readonly Check[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let sinceTurn = 0;
  for (const check of checksFor(checks, snapshot.home)) {
    await nextTurn();
    const region = check.scope === CheckScope.Account ? GLOBAL_REGION : snapshot.region;
    const parts = new SliceFindings();
    let first = true;
    for (const part of bucketSlices(check, snapshot)) {
      if (!first) await nextTurn();
      first = false;
      parts.add(evaluateSafely(check, part, region));
    }
    let findings = parts.findings;
    if (findings.length === 0) {
      findings = [{ status: CheckStatus.Error, resource: `${snapshot.accountId}/${region}`, message: 'The check produced no result.' }];
    }
    for (const f of findings) {
      if (++sinceTurn >= RESULTS_PER_TURN) {
        sinceTurn = 0;
        await nextTurn();
      }
      results.push({ ...f, checkId: check.id, accountId: snapshot.accountId, region });
    }
  }
  return results;
}

export interface ScanTargetOptions {
  clients: AwsClients;
  accountId: string;
  region: string;
  /** Whether account-wide collectors and checks run here (true for one region per account). */
  home: boolean;
  regions: string[];
  settings: ScanSettings;
  checks: readonly Check[];
  /** Requests in flight; pass one limiter per account to bound the account as a whole. */
  limit?: LimitFunction;
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  onCall?: (call: string) => void;
  /** See `scan.bucketShardSize`: above it, the snapshot lists the buckets and leaves their details to bucket jobs. */
  bucketShardSize?: number;
}

/** What a sharded account's home job leaves to its bucket jobs (see src/checks/shards.ts). */
export interface BucketShards {
  /** The per-bucket checks' results for the buckets judged here (the CloudTrail log buckets, read here for the checks across buckets). */
  bucketResults: CheckResult[];
  /** The other buckets, one slice per bucket job, in listing order. */
  slices: ListedBucket[][];
}

/** The S3 buckets CloudTrail delivers to (when the trails were read). */
function logBucketNames(snapshot: Snapshot): Set<string> {
  const trails = snapshot.data.cloudtrail?.trails;
  return new Set(trails?.ok ? trails.value.map((t) => t.s3BucketName).filter((n): n is string => Boolean(n)) : []);
}

/** Collects what the checks need for one (account, region) and evaluates them. */
export async function scanTarget(options: ScanTargetOptions): Promise<{ results: CheckResult[]; calls: number; snapshot: Snapshot; shards?: BucketShards }> {
  const checks = checksFor(options.checks, options.home);
  const limit = options.limit ?? pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
  const { snapshot, calls } = await collectSnapshot({
    clients: options.clients,
    accountId: options.accountId,
    region: options.region,
    home: options.home,
    regions: options.regions,
    settings: options.settings,
    collectors: collectorsFor(checks),
    limit,
    sleep: options.sleep,
    now: options.now,
    onCall: options.onCall,
    bucketShardSize: options.bucketShardSize,
  });
  const s3 = snapshot.data.s3;
  if (!s3?.sharded || !s3.buckets.ok) return { results: await evaluateChecks(snapshot, checks), calls, snapshot };

  // More buckets than one job should read: the log buckets are read here (the checks across buckets
  // judge them), every other bucket by exactly one bucket job.
  const logs = logBucketNames(snapshot);
  const here = s3.buckets.value.filter((b) => logs.has(b.name));
  const read = await collectBucketDetails({
    clients: options.clients,
    accountId: options.accountId,
    region: options.region,
    regions: options.regions,
    limit,
    now: options.now,
    onCall: options.onCall,
    buckets: here,
  });
  const details = new Map(read.buckets.map((b) => [b.name, b]));
  const patched = withBuckets(
    snapshot,
    s3.buckets.value.map((b) => details.get(b.name) ?? b),
  );
  const perBucket = checks.filter((c) => c.perBucket);
  const results = await evaluateChecks(
    patched,
    checks.filter((c) => !c.perBucket),
  );
  const bucketResults = perBucket.length > 0 && read.buckets.length > 0 ? await evaluateChecks(withBuckets(patched, read.buckets), perBucket) : [];
  const rest = perBucket.length > 0 ? s3.buckets.value.filter((b) => !logs.has(b.name)).map((b) => ({ name: b.name, region: b.region })) : [];
  const size = options.bucketShardSize ?? rest.length;
  const slices: ListedBucket[][] = [];
  for (let i = 0; i < rest.length; i += size) slices.push(rest.slice(i, i + size));
  return { results, calls: calls + read.calls, snapshot: patched, shards: { bucketResults, slices } };
}
