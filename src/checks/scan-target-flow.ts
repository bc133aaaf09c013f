import type { LimitFunction } from 'p-limit';
import type { ScanTargets } from '../aws/collectors/targets.js';
import type { Config } from '../config/schema.js';
import type { DataMapStore } from '../datamap/store.js';
import type { Outbox } from '../notify/outbox.js';
import type { JobData, JobResult } from '../queues/definitions.js';
import type { ParentJob, ScanProducer } from '../queues/producers.js';
import { buildDataMap } from './datamap.js';
import { scanTarget } from './engine.js';
import { scanMessageRef, scanProgressMessage } from './messages.js';
import { getCheck } from './registry.js';
import { scanSettings } from './scans.js';
import { scanShard, type ShardStore } from './shards.js';
import type { ResultStore } from './store.js';
import { CheckStatus, type Check } from './types.js';

/** What one (account, region) job of a scan, or one of its bucket jobs, uses. */
export interface ScanTargetDeps {
  config: Pick<Config, 'scan'>;
  results: ResultStore;
  shards: ShardStore;
  dataMaps: Pick<DataMapStore, 'save'>;
  outbox: Pick<Outbox, 'send'>;
  targets: Pick<ScanTargets, 'clients'>;
  producer: Pick<ScanProducer, 'shards'>;
  now: () => Date;
  /**
   * AWS requests in flight shared by every scan job of this process. Given in a process that also answers
   * Slack (ROLE=all): its scan jobs then hold `scan.concurrency` requests in all, not each, so the CPU the
   * SDK spends per call leaves the acks their share. Absent (ROLE=worker): `scan.concurrency` per job.
   */
  limit?: LimitFunction;
}

/** Progress is posted about ten times per scan, not once per job, so big organisations do not flood the channel. */
function shouldReport(done: number, total: number): boolean {
  return done < total && done % Math.max(1, Math.floor(total / 10)) === 0;
}

const checksOf = (data: JobData<'scan-target'>): Check[] => data.checkIds.map((id) => getCheck(id)).filter((c): c is Check => c !== undefined);

/** A bucket job (`shard`): reads its buckets' details, runs the per-bucket checks and stages the results (src/checks/shards.ts). */
export function scanBucketShard(deps: ScanTargetDeps, d: JobData<'scan-target'>): Promise<JobResult<'scan-target'>> {
  return scanShard({
    store: deps.shards,
    clients: deps.targets.clients(d),
    scanId: d.scanId,
    accountId: d.accountId,
    region: d.region,
    regions: d.regions,
    settings: scanSettings(deps.config),
    checks: checksOf(d),
    shard: d.shard ?? 0,
    concurrency: deps.config.scan.concurrency,
    ...(deps.limit ? { limit: deps.limit } : {}),
    now: deps.now,
  });
}

/**
 * Collects and checks one (account, region), stores the results and reports progress. A home job whose
 * account has more buckets than `scan.bucketShardSize` also records and queues the account's bucket jobs
 * (children of the scan, `parent`, merged by it when every child is done). Only a job of a scan (one
 * with a parent) hands buckets to bucket jobs.
 */
export async function scanOneTarget(deps: ScanTargetDeps, d: JobData<'scan-target'>, parent: ParentJob | undefined): Promise<JobResult<'scan-target'>> {
  const { config, results: store } = deps;
  const { results, calls, snapshot, shards } = await scanTarget({
    clients: deps.targets.clients(d),
    accountId: d.accountId,
    region: d.region,
    home: d.home,
    regions: d.regions,
    settings: scanSettings(config),
    checks: checksOf(d),
    concurrency: config.scan.concurrency,
    ...(deps.limit ? { limit: deps.limit } : {}),
    now: deps.now,
    // Only a job of a scan can hand buckets to bucket jobs: the scan (its parent) merges them.
    bucketShardSize: parent ? config.scan.bucketShardSize : undefined,
  });
  if (shards && parent) {
    const sharded = { accountId: d.accountId, region: d.region, shards: shards.slices.length };
    await deps.shards.plan(d.scanId, sharded, snapshot.data.s3!.accountPublicAccessBlock, shards.slices, shards.bucketResults);
    await deps.producer.shards(parent, d, shards.slices.length);
  }
  await store.saveResults(d.scanId, deps.now().toISOString(), results);
  // The personal data map, on the home snapshot of a scan whose checks read Macie's profiles.
  const dataMap = buildDataMap(snapshot);
  if (dataMap) await deps.dataMaps.save(d.scanId, dataMap);
  const { done, total } = await store.targetDone(d.scanId);
  const meta = await store.meta(d.scanId);
  if (meta?.channel && shouldReport(done, total)) {
    await deps.outbox.send({
      kind: 'update',
      channel: meta.channel,
      ref: scanMessageRef(d.scanId),
      requestedBy: meta.requestedBy,
      ...scanProgressMessage(meta, done),
    });
  }
  return { results: results.length, errors: results.filter((r) => r.status === CheckStatus.Error).length, calls };
}
