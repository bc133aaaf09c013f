import { UnrecoverableError, type Job } from 'bullmq';
import { archiveFinding } from '../src/findings/archive.js';
import { FindingStore } from '../src/findings/store.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import { attemptOf, StopRetrying } from '../src/queues/retry.js';
import type { Services } from '../src/services.js';

type ArchiveJob = Job<JobData<'findings-archive'>, JobResult<'findings-archive'>, JobName<'findings-archive'>>;

export type FindingsArchiveDeps = Pick<Services, 'config' | 'redis' | 'keys' | 'outbox' | 'audit' | 'aws' | 'now'>;

/** `archive`: archives one GuardDuty finding an approver pressed **Archive** on (src/findings/archive.ts). */
export function makeFindingsArchiveProcessor(deps: FindingsArchiveDeps) {
  const flow = { ...deps, store: new FindingStore(deps.redis, deps.keys) };
  return async (job: ArchiveJob): Promise<JobResult<'findings-archive'>> => {
    try {
      switch (job.name) {
        case 'archive':
          return await archiveFinding(flow, job.data, attemptOf(job));
      }
    } catch (error) {
      throw error instanceof StopRetrying ? new UnrecoverableError(error.message) : error;
    }
  };
}
