import { UnrecoverableError, type Job } from 'bullmq';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import { remediationFlow } from '../src/remediations/flow.js';
import { attemptOf, StopRetrying } from '../src/queues/retry.js';
import type { Services } from '../src/services.js';

type RemediationJob = Job<JobData<'remediation'>, JobResult<'remediation'>, JobName<'remediation'>>;

/** Remediation jobs (src/remediations/flow.ts): `plan` (read-only preview), `apply` (approved fixes only, then verification) and `sweep` (expiry). */
export function makeRemediationProcessor(services: Services) {
  const flow = remediationFlow(services);
  return async (job: RemediationJob): Promise<JobResult<'remediation'>> => {
    try {
      switch (job.name) {
        case 'sweep':
          return await flow.sweep();
        case 'plan':
        case 'apply': {
          const requestId = job.data.requestId;
          if (!requestId) throw new StopRetrying(`${job.name} job without a request id`);
          return await (job.name === 'plan' ? flow.plan(requestId, attemptOf(job)) : flow.apply(requestId, attemptOf(job)));
        }
      }
    } catch (error) {
      throw error instanceof StopRetrying ? new UnrecoverableError(error.message) : error;
    }
  };
}
