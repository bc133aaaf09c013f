import type { Job } from 'bullmq';
import { scanTargets } from '../src/aws/collectors/targets.js';
import { scanBucketShard, scanOneTarget } from '../src/checks/scan-target-flow.js';
import { ShardStore } from '../src/checks/shards.js';
import { ResultStore } from '../src/checks/store.js';
import { DataMapStore } from '../src/datamap/store.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import { scanProducer } from '../src/queues/producers.js';
import type { Services, WorkerServices } from '../src/services.js';

type TargetJob = Job<JobData<'scan-target'>, JobResult<'scan-target'>, JobName<'scan-target'>>;

/** `target`: one (account, region) of a scan; `shard`: one bucket job of an account with many buckets (src/checks/scan-target-flow.ts). */
export function makeScanTargetProcessor(services: Services & Pick<WorkerServices, 'scanLimit'>) {
  const deps = {
    ...services,
    results: new ResultStore(services.redis, services.keys),
    shards: new ShardStore(services.redis, services.keys),
    dataMaps: new DataMapStore(services.redis, services.keys),
    targets: scanTargets(services),
    producer: scanProducer(services.queues),
    limit: services.scanLimit,
  };
  return async (job: TargetJob): Promise<JobResult<'scan-target'>> => {
    if (job.name === 'shard') return scanBucketShard(deps, job.data);
    // The scan (its parent) merges the bucket jobs a home job queues.
    const parent = job.parent?.id ? { id: job.parent.id, queue: job.parent.queueKey } : undefined;
    return scanOneTarget(deps, job.data, parent);
  };
}
