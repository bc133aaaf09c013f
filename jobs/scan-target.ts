import type { Job } from 'bullmq';
import { scanTarget } from '../src/checks/engine.js';
import { buildDataMap } from '../src/checks/datamap.js';
import { getCheck } from '../src/checks/registry.js';
import { scanSettings } from '../src/checks/scans.js';
import { scanShard, shardJobId, ShardStore } from '../src/checks/shards.js';
import { ResultStore } from '../src/checks/store.js';
import { CheckStatus, type Check } from '../src/checks/types.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import { DataMapStore } from '../src/datamap/store.js';
import type { Services } from '../src/services.js';
import { progressMessage } from '../src/slack/posture.js';
import { scanMessageRef } from './scan.js';

type TargetJob = Job<JobData<'scan-target'>, JobResult<'scan-target'>, JobName<'scan-target'>>;

/** Progress is posted about ten times per scan, not once per job, so big organisations do not flood the channel. */
function shouldReport(done: number, total: number): boolean {
  return done < total && done % Math.max(1, Math.floor(total / 10)) === 0;
}

/**
 * Collects and checks one (account, region), stores the results and reports progress. A home job whose
 * account has more buckets than `scan.bucketShardSize` also records and queues the account's bucket jobs
 * (children of the scan, merged by it when every child is done); a `shard` job is one of those.
 */
export function makeScanTargetProcessor(services: Services) {
  return async (job: TargetJob): Promise<JobResult<'scan-target'>> => {
    const d = job.data;
    const store = new ResultStore(services.redis, services.keys);
    const shardStore = new ShardStore(services.redis, services.keys);
    const clients = d.roleArn ? services.aws.forAccount({ accountId: d.accountId, roleArn: d.roleArn }) : services.aws;
    const checks = d.checkIds.map((id) => getCheck(id)).filter((c): c is Check => c !== undefined);
    const settings = scanSettings(services.config);
    const parentId = job.parent?.id;
    if (job.name === 'shard') {
      return scanShard({ store: shardStore, clients, scanId: d.scanId, accountId: d.accountId, region: d.region, regions: d.regions, settings, checks, shard: d.shard ?? 0, concurrency: services.config.scan.concurrency, now: services.now });
    }
    const { results, calls, snapshot, shards } = await scanTarget({
      clients,
      accountId: d.accountId,
      region: d.region,
      home: d.home,
      regions: d.regions,
      settings,
      checks,
      concurrency: services.config.scan.concurrency,
      now: services.now,
      // Only a job of a scan can hand buckets to bucket jobs: the scan (its parent) merges them.
      bucketShardSize: parentId ? services.config.scan.bucketShardSize : undefined,
    });
    if (shards && job.parent && parentId) {
      const sharded = { accountId: d.accountId, region: d.region, shards: shards.slices.length };
      await shardStore.plan(d.scanId, sharded, snapshot.data.s3!.accountPublicAccessBlock, shards.slices, shards.bucketResults);
      const parent = { id: parentId, queue: job.parent.queueKey };
      await services.queues.get('scan-target').addBulk(
        shards.slices.map((_, shard) => ({
          name: 'shard' as const,
          data: { ...d, shard },
          opts: { jobId: shardJobId(d.scanId, d.accountId, d.region, shard), parent, ignoreDependencyOnFailure: true, attempts: 3, backoff: { type: 'exponential', delay: 5000 } },
        })),
      );
    }
    await store.saveResults(d.scanId, services.now().toISOString(), results);
    // The personal data map, on the home snapshot of a scan whose checks read Macie's profiles.
    const dataMap = buildDataMap(snapshot);
    if (dataMap) await new DataMapStore(services.redis, services.keys).save(d.scanId, dataMap);
    const { done, total } = await store.targetDone(d.scanId);
    const meta = await store.meta(d.scanId);
    if (meta?.channel && shouldReport(done, total)) {
      await services.outbox.send({ kind: 'update', channel: meta.channel, ref: scanMessageRef(d.scanId), requestedBy: meta.requestedBy, ...progressMessage(meta, done) });
    }
    return { results: results.length, errors: results.filter((r) => r.status === CheckStatus.Error).length, calls };
  };
}
