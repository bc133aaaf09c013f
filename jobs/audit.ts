import { UnrecoverableError, type Job } from 'bullmq';
import { AuditJobs } from '../src/audit/jobs.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import { StopRetrying } from '../src/queues/retry.js';
import type { WorkerServices } from '../src/services.js';

type AuditJob = Job<JobData<'audit'>, JobResult<'audit'>, JobName<'audit'>>;

/** `verify`, `export`, `anchor` and `ship` of the audit log (src/audit/jobs.ts). */
export function makeAuditProcessor(
  deps: Pick<WorkerServices, 'audit' | 'auditKey' | 'slack' | 'outbox' | 'delivery' | 'log' | 'now' | 'redis' | 'keys' | 'aws' | 'config'>,
) {
  const jobs = new AuditJobs(deps);
  return async (job: AuditJob): Promise<JobResult<'audit'>> => {
    try {
      switch (job.name) {
        case 'verify':
          return await jobs.verify(job.data);
        case 'export':
          return await jobs.export(job.data.requestedBy);
        case 'anchor':
          return await jobs.anchor();
        case 'ship':
          return await jobs.ship();
      }
    } catch (error) {
      throw error instanceof StopRetrying ? new UnrecoverableError(error.message) : error;
    }
  };
}
