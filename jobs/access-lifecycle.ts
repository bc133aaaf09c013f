import type { Job } from 'bullmq';
import { AccessFlow } from '../src/access/flow.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import type { Services } from '../src/services.js';

type LifecycleJob = Job<JobData<'access-lifecycle'>, JobResult<'access-lifecycle'>, JobName<'access-lifecycle'>>;

/**
 * Time-driven steps of just-in-time access: `advance` applies what is due for one request (activation
 * after approval, the expiry warning, expiry of a pending request or of a grant) and schedules its next
 * deadline as a delayed job; `sweep` (recurring) advances everything overdue, in case a delayed job was lost.
 */
export function makeAccessLifecycleProcessor(services: Services) {
  const flow = new AccessFlow(services);
  return async (job: LifecycleJob): Promise<JobResult<'access-lifecycle'>> => {
    if (job.name === 'sweep') return { applied: [], swept: await flow.sweep() };
    if (!job.data.requestId) return { applied: [] };
    return { applied: await flow.advance(job.data.requestId) };
  };
}
