import { UnrecoverableError, type Job } from 'bullmq';
import { BreachFlow } from '../src/breach/flow.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import type { Services } from '../src/services.js';

type BreachJob = Job<JobData<'breach'>, JobResult<'breach'>, JobName<'breach'>>;

/**
 * The breach clock (src/breach/flow.ts): `mark` sends one reminder or the deadline, once; `sweep`
 * (recurring) fires what is due that no job did and refreshes status messages; `export` uploads the
 * notification draft.
 */
export function makeBreachProcessor(services: Services) {
  const flow = new BreachFlow(services);
  return async (job: BreachJob): Promise<JobResult<'breach'>> => {
    if (job.name === 'sweep') return flow.sweep();
    const { breachId, mark, requestedBy } = job.data;
    if (!breachId) throw new UnrecoverableError(`${job.name} job without a breachId`);
    if (job.name === 'export') {
      if (!requestedBy) throw new UnrecoverableError('export job without requestedBy');
      return flow.exportDraft(breachId, requestedBy);
    }
    if (!mark) throw new UnrecoverableError('mark job without a mark');
    return { outcome: await flow.fireMark(breachId, mark) };
  };
}
