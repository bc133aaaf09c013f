import type { QueueName } from '../src/queues/definitions.js';
import { processorWithFailures, workerConcurrency, type Consumer, type WorkerSpec } from '../src/queues/workers.js';
import type { WorkerServices } from '../src/services.js';
import { makeRemediationProcessor } from './remediation.js';
import { makeAccessCredentialsProcessor } from './access-credentials.js';
import { makeAccessLifecycleProcessor } from './access-lifecycle.js';
import { makeAccessRevokeProcessor } from './access-revoke.js';
import { makeAuditProcessor } from './audit.js';
import { makeScanTargetProcessor } from './scan-target.js';
import { makeScanProcessor } from './scan.js';
import { makeFindingsArchiveProcessor } from './findings-archive.js';
import { makeFindingsPollProcessor } from './findings-poll.js';
import { makeSlackOutboundProcessor } from './slack-outbound.js';
import { makeBreachProcessor } from './breach.js';
import { makeWaiversProcessor } from './waivers.js';
import { makeFindingsQueueConsumer } from './findings-queue.js';

export type { WorkerServices } from '../src/services.js';

/**
 * Every queue's processor (started by `startWorkers`, src/queues/workers.ts). A feature adds its processor
 * file in jobs/ and a line here (and its concurrency in `workerConcurrency`).
 */
export function workerSpecs(services: WorkerServices): WorkerSpec[] {
  const c = workerConcurrency(services.config);
  const specs: { [N in QueueName]: WorkerSpec<N> } = {
    'slack-outbound': { queue: 'slack-outbound', concurrency: c['slack-outbound'], processor: makeSlackOutboundProcessor(services) },
    remediation: { queue: 'remediation', concurrency: c.remediation, processor: makeRemediationProcessor(services) },
    'access-lifecycle': { queue: 'access-lifecycle', concurrency: c['access-lifecycle'], processor: makeAccessLifecycleProcessor(services) },
    'access-credentials': { queue: 'access-credentials', concurrency: c['access-credentials'], processor: makeAccessCredentialsProcessor(services) },
    'access-revoke': { queue: 'access-revoke', concurrency: c['access-revoke'], ...processorWithFailures(makeAccessRevokeProcessor(services)) },
    audit: { queue: 'audit', concurrency: c.audit, processor: makeAuditProcessor(services) },
    scan: { queue: 'scan', concurrency: c.scan, processor: makeScanProcessor(services) },
    'scan-target': { queue: 'scan-target', concurrency: c['scan-target'], processor: makeScanTargetProcessor(services) },
    'findings-poll': { queue: 'findings-poll', concurrency: c['findings-poll'], processor: makeFindingsPollProcessor(services) },
    'findings-archive': { queue: 'findings-archive', concurrency: c['findings-archive'], processor: makeFindingsArchiveProcessor(services) },
    breach: { queue: 'breach', concurrency: c.breach, processor: makeBreachProcessor(services) },
    waivers: { queue: 'waivers', concurrency: c.waivers, processor: makeWaiversProcessor(services) },
  };
  return Object.values(specs) as WorkerSpec[];
}

/**
 * Long-running consumers (started by `startConsumers`, src/queues/workers.ts, with the workers and stopped
 * before them): today the findings queue of `findings.delivery: eventbridge`. A feature adds its consumer here.
 */
export function consumerSpecs(services: WorkerServices): (Consumer | undefined)[] {
  return [makeFindingsQueueConsumer(services)];
}
