import { UnrecoverableError, type Job } from 'bullmq';
import { FindingsPollFlow, PollLockLostError, type FindingsPollDeps } from '../src/findings/poll-flow.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import { StopRetrying } from '../src/queues/retry.js';

type PollJob = Job<JobData<'findings-poll'>, JobResult<'findings-poll'>, JobName<'findings-poll'>>;

/** A poll that found its (account, region) lock gone or someone else's: failed at once, not retried. */
export class FindingsPollLockLostError extends UnrecoverableError {
  constructor(message: string) {
    super(message);
    this.name = 'FindingsPollLockLostError';
  }
}

/** `poll` (one scheduler per account and region): GuardDuty, Macie and Security Hub findings to Slack (src/findings/poll-flow.ts). */
export function makeFindingsPollProcessor(deps: FindingsPollDeps) {
  const flow = new FindingsPollFlow(deps);
  return async (job: PollJob): Promise<JobResult<'findings-poll'>> => {
    try {
      return await flow.poll(job.data.account, job.data.region);
    } catch (error) {
      if (error instanceof PollLockLostError) throw new FindingsPollLockLostError(error.message);
      throw error instanceof StopRetrying ? new UnrecoverableError(error.message) : error;
    }
  };
}
