import type { Job } from 'bullmq';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import type { Services } from '../src/services.js';
import { sweepWaivers } from '../src/waivers/flow.js';

type WaiversJob = Job<JobData<'waivers'>, JobResult<'waivers'>, JobName<'waivers'>>;

/** `sweep` (recurring): expires waivers past their end, warns before they end, posts the notices (src/waivers/flow.ts). */
export function makeWaiversProcessor(services: Services) {
  return async (_job: WaiversJob): Promise<JobResult<'waivers'>> => sweepWaivers(services);
}
