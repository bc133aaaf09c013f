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
import { attemptOf, StopRetrying } from '../src/queues/retry.js';
import type { Services } from '../src/services.js';
import { withWaivers } from '../src/waivers/flow.js';

type ScanJob = Job<JobData<'scan'>, JobResult<'scan'>, JobName<'scan'>>;

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
  const evidence = { ...services, results, dataMaps, breaches: (limit: number) => new BreachStore(services.redis, services.keys).all(limit), withWaivers: waived };
  return async (job: ScanJob, token?: string): Promise<JobResult<'scan'>> => {
    try {
      switch (job.name) {
        case 'report':
          return await uploadEvidenceReport(evidence, job.data);
        case 'chart':
          return await shareStatusCharts(services, job.data);
        case 'scan': {
          // The attempt is read only when the plan needs it (a job in its wait step may come without options).
          const handle = { id: job.id as string, queue: job.queueQualifiedName, get attempt() { return attemptOf(job); }, save: (data: JobData<'scan'>) => job.updateData(data) };
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
