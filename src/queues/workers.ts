import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { JobData, JobName, JobResult, QueueName } from './definitions.js';
import { attemptOf, type JobAttempt } from './retry.js';

/** What runs one job of queue `N` (a processor in jobs/). */
export type Processor<N extends QueueName> = (job: Job<JobData<N>, JobResult<N>, JobName<N>>) => Promise<JobResult<N>>;

/** Which processor runs a queue's jobs, and how many at once in one worker process (jobs/index.ts lists them). */
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
export function processorWithFailures<N extends QueueName>(
  p: Processor<N> & { onFailed: NonNullable<WorkerSpec<N>['onFailed']> },
): Pick<WorkerSpec<N>, 'processor' | 'onFailed'> {
  return { processor: p, onFailed: p.onFailed };
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
      (spec.onFailed as ((job: Job | undefined, error: Error) => Promise<void>) | undefined)?.(job, err).catch((error: unknown) =>
        log.error({ err: error, jobId: job?.id }, 'the failed-job handler failed'),
      );
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
 * Starts long-running consumers (jobs/index.ts lists them; one that is `undefined` is not configured),
 * started with the workers and stopped before them.
 */
export function startConsumers(list: readonly (Consumer | undefined)[]): { consumers: Consumer[]; stop(): Promise<void> } {
  const consumers: Consumer[] = list.filter((c): c is Consumer => c !== undefined);
  for (const c of consumers) c.start();
  return { consumers, stop: async () => void (await Promise.all(consumers.map((c) => c.stop()))) };
}

/**
 * A BullMQ job as a flow sees it (flows stay free of BullMQ): its id, its qualified queue name, the
 * attempt it is on (read when asked: a job in its wait-for-children step may come without options) and
 * a way to store its data, so that a retry resumes where it was.
 */
export function jobHandle<D>(job: Job<D>): { id: string; queue: string; readonly attempt: JobAttempt; save(data: D): Promise<void> } {
  return {
    id: job.id as string,
    queue: job.queueQualifiedName,
    get attempt() {
      return attemptOf(job);
    },
    save: async (data: D) => void (await job.updateData(data)),
  };
}
