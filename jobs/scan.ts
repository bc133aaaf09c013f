import { UnrecoverableError, WaitingChildrenError, type Job } from 'bullmq';
import { scanTargets } from '../src/aws/collectors/targets.js';
import { BreachStore } from '../src/breach/store.js';
import { uploadEvidenceReport } from '../src/checks/evidence.js';
import { ScanFlow } from '../src/checks/scan-flow.js';
import { ShardStore } from '../src/checks/shards.js';
import { ResultStore } from '../src/checks/store.js';
import { DataMapStore } from '../src/datamap/store.js';
import { shareStatusCharts } from '../src/home/charts.js';
import { publishHomesAfterScan } from '../src/home/publish.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import { scanProducer } from '../src/queues/producers.js';
import { StopRetrying } from '../src/queues/retry.js';
import { jobHandle } from '../src/queues/workers.js';
import type { Services } from '../src/services.js';
import { withWaivers } from '../src/waivers/flow.js';

/**
 * `scan` (src/checks/scan-flow.ts): plans one `scan-target` child per account × region, waits for them
 * (BullMQ parent/child), then summarises. `report` uploads the evidence file (src/checks/evidence.ts),
 * `chart` the posture charts (src/home/charts.ts).
 */
export function makeScanProcessor(services: Services) {
  const results = new ResultStore(services.redis, services.keys);
  const dataMaps = new DataMapStore(services.redis, services.keys);
  const waived = <R extends Parameters<typeof withWaivers>[1][number]>(r: readonly R[]) => withWaivers(services, r);
  const flow = new ScanFlow({
    ...services,
    results,
    shards: new ShardStore(services.redis, services.keys),
    personal: () => dataMaps.personal(),
    targets: scanTargets(services),
    producer: scanProducer(services.queues),
    withWaivers: waived,
    refreshHomes: () => publishHomesAfterScan(services, async (user) => !(await services.approvers.isGuest(user))),
  });
  const breaches = new BreachStore(services.redis, services.keys);
  const evidence = { ...services, results, dataMaps, withWaivers: waived, breaches: (n: number) => breaches.all(n) };
  return async (job: Job<JobData<'scan'>, JobResult<'scan'>, JobName<'scan'>>, token?: string): Promise<JobResult<'scan'>> => {
    try {
      switch (job.name) {
        case 'report':
          return await uploadEvidenceReport(evidence, job.data);
        case 'chart':
          return await shareStatusCharts(services, job.data);
        case 'scan': {
          const handle = jobHandle(job);
          const prepared = await flow.prepare(handle, job.data);
          if ('skipped' in prepared) return prepared;
          if (token && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
          return await flow.finish(handle, prepared.data, await job.getIgnoredChildrenFailures());
        }
      }
    } catch (error) {
      throw error instanceof StopRetrying ? new UnrecoverableError(error.message) : error;
    }
  };
}
