import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, type JobData, type JobName, type JobResult, type QueueName } from './definitions.js';

export type TypedQueue<N extends QueueName> = Queue<JobData<N>, JobResult<N>, JobName<N>>;

/** Completed jobs are kept briefly for inspection; failed ones longer, for the operator. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

/**
 * The producer side of every queue, sharing one fail-fast connection. Queues are created on first use.
 */
export class Queues {
  private readonly open = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
  ) {}

  get<N extends QueueName>(name: N): TypedQueue<N> {
    let queue = this.open.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      this.open.set(name, queue);
    }
    return queue as unknown as TypedQueue<N>;
  }

  /** Waiting/active/delayed/failed counts per queue, for /metrics. */
  /**
   * Jobs per queue and state. A queue this process's Redis user may not count is left out: BullMQ counts
   * by script, and Redis lets a script touch only keys the user may write, so the web role's user (see
   * docker-compose.yml) cannot count the queues only workers feed; the workers' /metrics has them.
   */
  async depths(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const name of QUEUE_NAMES) {
      try {
        out[name] = await this.get(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
      } catch (error) {
        if (!/NOPERM/.test((error as Error).message ?? '')) throw error;
      }
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([...this.open.values()].map((q) => q.close()));
    this.open.clear();
  }
}
