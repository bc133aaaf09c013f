import { FindingsQueueConsumer, queueRegion } from '../src/findings/sqs.js';
import type { WorkerServices } from '../src/services.js';

/**
 * The findings queue consumer of `findings.delivery: eventbridge` (src/findings/sqs.ts): a long-running
 * loop rather than a BullMQ job, so a finding waits for one ReceiveMessage (long polling), not for a
 * scheduler. Every worker process starts one; a lease lets one consume the queue at a time. Undefined
 * when the feed does not take EventBridge deliveries.
 */
export function makeFindingsQueueConsumer(services: WorkerServices): FindingsQueueConsumer | undefined {
  const f = services.config.findings;
  if (f?.delivery !== 'eventbridge' || !f.sqs) return undefined;
  return new FindingsQueueConsumer(services, { queueUrl: f.sqs.queueUrl, region: queueRegion(f.sqs, services.aws.settings.defaultRegion) });
}
