import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import type { SlackDelivery } from '../src/slack/delivery.js';

type OutboundJob = Job<JobData<'slack-outbound'>, JobResult<'slack-outbound'>, JobName<'slack-outbound'>>;

/** Delivers one channel's waiting messages (`drain`), or re-queues every channel that has some (`sweep`). */
export function makeSlackOutboundProcessor(deps: { delivery: SlackDelivery }) {
  return async (job: OutboundJob): Promise<JobResult<'slack-outbound'>> => {
    if (job.name === 'sweep') return { sent: 0, swept: await deps.delivery.sweep() };
    if (!job.data.channel) throw new UnrecoverableError('drain job without a channel');
    return deps.delivery.drain(job.data.channel);
  };
}
