import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../src/config/schema.js';
import type { Logger } from '../src/log.js';
import type { Metrics } from '../src/metrics.js';
import type { JobData, JobName, JobResult, QueueName } from '../src/queues/definitions.js';
import type { Queues } from '../src/queues/queues.js';
import type { WorkerServices } from '../src/services.js';
import { findingsAccounts, findingsPollTargets } from '../src/findings/targets.js';
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
export { findingsAccounts, findingsPollTargets } from '../src/findings/targets.js';

export type Processor<N extends QueueName> = (job: Job<JobData<N>, JobResult<N>, JobName<N>>) => Promise<JobResult<N>>;

export interface WorkerSpec<N extends QueueName = QueueName> {
  queue: N;
  concurrency: number;
  processor: Processor<N>;
  /** Called when a job of the queue ends failed, including failures BullMQ decides without running it (a job that stalled too often). */
  onFailed?: (job: Job<JobData<N>, JobResult<N>, JobName<N>> | undefined, error: Error) => Promise<void>;
}

/**
 * Jobs of each queue one worker process runs at once. The (account, region) scan jobs follow
 * `scan.workerConcurrency`: each holds up to `scan.concurrency` AWS requests in flight.
 */
export function workerConcurrency(config: Config): { [N in QueueName]: number } {
  return {
    'slack-outbound': 16,
    remediation: 4,
    'access-lifecycle': 8,
    'access-credentials': 8,
    'access-revoke': 4,
    audit: 2,
    scan: 4,
    'scan-target': config.scan.workerConcurrency,
    'findings-poll': 4,
    'findings-archive': 4,
    breach: 4,
    waivers: 1,
  };
}

/** A processor that also announces failures BullMQ decides without running it (see `WorkerSpec.onFailed`). */
function processorWithFailures<N extends QueueName>(p: Processor<N> & { onFailed: NonNullable<WorkerSpec<N>['onFailed']> }): Pick<WorkerSpec<N>, 'processor' | 'onFailed'> {
  return { processor: p, onFailed: p.onFailed };
}

/** Every queue's processor. A feature adds its processor file in jobs/ and a line here (and its concurrency above). */
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

/** Recurring jobs. Idempotent (job schedulers are upserted), so every worker process may call it. */
export async function scheduleRecurring(
  queues: Queues,
  config?: Config,
  defaultRegion?: string,
  /** The regions enabled in an account, for a findings feed with no regions configured (it polls every one). */
  enabledRegions?: (account: string) => Promise<readonly string[]>,
): Promise<void> {
  await queues.get('slack-outbound').upsertJobScheduler('sweep', { every: 30_000 }, { name: 'sweep', data: {} });
  await queues.get('remediation').upsertJobScheduler('sweep', { every: 60_000 }, { name: 'sweep', data: {} });
  await queues.get('access-lifecycle').upsertJobScheduler('sweep', { every: 60_000 }, { name: 'sweep', data: {} });
  await queues.get('breach').upsertJobScheduler('sweep', { every: 5 * 60_000 }, { name: 'sweep', data: {} });
  // Chains staged entries left by a crash, closes refusal windows and anchors the head outside Redis.
  if (config) await queues.get('audit').upsertJobScheduler('anchor', { every: config.audit.anchorInterval }, { name: 'anchor', data: {} });
  if (config?.audit.s3Bucket) {
    await queues.get('audit').upsertJobScheduler('ship', { every: config.audit.shipEvery }, { name: 'ship', data: {} });
  } else if (config) {
    await queues.get('audit').removeJobScheduler('ship');
  }
  if (config) await queues.get('scan').upsertJobScheduler('scan', { pattern: config.scan.schedule }, { name: 'scan', data: { trigger: 'schedule' } });
  // Expires waivers, warns before they end and posts their notices to the approvals channel.
  if (config) await queues.get('waivers').upsertJobScheduler('sweep', { every: config.waivers.sweepInterval }, { name: 'sweep', data: {} });
  if (!config) return;
  // One scheduler per (account, region); schedulers of pairs no longer configured are removed.
  const polls = queues.get('findings-poll');
  const wanted = new Set<string>();
  const enabled: Record<string, readonly string[]> = {};
  if (enabledRegions && config.findings && !config.findings.regions && !config.scan.regions) {
    for (const account of findingsAccounts(config)) enabled[account] = await enabledRegions(account);
  }
  for (const target of findingsPollTargets(config, defaultRegion, enabled)) {
    const id = `findings-poll:${target.account}:${target.region}`;
    wanted.add(id);
    // BullMQ types the scheduler id as a job name; here it is an id of its own.
    await polls.upsertJobScheduler(id as 'poll', { every: config.findings!.pollInterval }, { name: 'poll', data: target });
  }
  for (const scheduler of await polls.getJobSchedulers()) {
    if (scheduler.key.startsWith('findings-poll:') && !wanted.has(scheduler.key)) await polls.removeJobScheduler(scheduler.key);
  }
}

/**
 * Starts one BullMQ worker per spec on the worker connection (`maxRetriesPerRequest: null`). Every job
 * is logged once with its id, name and duration, and counted in the metrics.
 */
export function startWorkers(
  specs: WorkerSpec[],
  options: { connection: Redis; prefix: string; log: Logger; metrics: Metrics; lock?: { lockDurationMs: number; stalledIntervalMs: number } },
): Worker[] {
  return specs.map((spec) => {
    const worker = new Worker(spec.queue, spec.processor as (job: Job) => Promise<unknown>, {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: spec.concurrency,
      autorun: true,
      ...(options.lock ? { lockDuration: options.lock.lockDurationMs, stalledInterval: options.lock.stalledIntervalMs } : {}),
    });
    const log = options.log.child({ queue: spec.queue });
    worker.on('completed', (job) => {
      options.metrics.jobOutcomes.inc({ queue: spec.queue, outcome: 'completed' });
      log.info({ jobId: job.id, job: job.name, ms: (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now()) }, 'job completed');
    });
    worker.on('failed', (job, err) => {
      options.metrics.jobOutcomes.inc({ queue: spec.queue, outcome: 'failed' });
      log.error({ jobId: job?.id, job: job?.name, attempts: job?.attemptsMade, err }, 'job failed');
      (spec.onFailed as ((job: Job | undefined, error: Error) => Promise<void>) | undefined)?.(job, err).catch((error: unknown) => log.error({ err: error, jobId: job?.id }, 'the failed-job handler failed'));
    });
    worker.on('error', (err) => log.error({ err }, 'worker error'));
    return worker;
  });
}

/** A loop a worker process runs beside its BullMQ workers (it holds a lease while it works). */
export interface Consumer {
  start(): void;
  stop(): Promise<void>;
}

/**
 * Long-running consumers, started with the workers and stopped before them: today the findings queue of
 * `findings.delivery: eventbridge`. A feature adds its consumer here.
 */
export function startConsumers(services: WorkerServices): { consumers: Consumer[]; stop(): Promise<void> } {
  const consumers: Consumer[] = [makeFindingsQueueConsumer(services)].filter((c): c is NonNullable<typeof c> => c !== undefined);
  for (const c of consumers) c.start();
  return { consumers, stop: async () => void (await Promise.all(consumers.map((c) => c.stop()))) };
}
