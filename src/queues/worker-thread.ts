/**
 * The workers of a `ROLE=all` process (`npm start`), on a thread of their own: the job processors (scans
 * above all, whose AWS SDK calls cost about 0.9 ms of CPU each) never share the event loop that answers
 * Slack, and the thread runs at a lower CPU priority (Linux: a nice value per thread), so when both want
 * the CPU the acks win. The thread builds its own services from the same settings (`ROLE=worker`, the
 * Redis the main thread resolved) and runs `start` without an HTTP server; the main thread's `/healthz`
 * reports its workers and `/metrics` adds its metrics.
 *
 * Messages, main → thread: `{ type: 'metrics', id }`, `{ type: 'close' }`; thread → main: `{ type: 'ready' }`,
 * `{ type: 'failed', error }` (start-up failed), `{ type: 'health', health }` (every second),
 * `{ type: 'metrics', id, metrics }`, `{ type: 'closed' }`, `{ type: 'log', line }` (with `forwardLogs`). Other messages are left to a `setup` module.
 */
import { Worker } from 'node:worker_threads';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { Settings } from '../config/env.js';
import type { DependencyHealth } from '../http/routes.js';
import type { Logger } from '../log.js';
import type { TokenCheck } from '../slack/token-check.js';

/** How much lower the workers' thread runs than the acks' (added to the process's nice value, at most 19; Linux only). */
export const WORKER_THREAD_NICE = 10;
/** How long `/metrics` waits for the thread's metrics before it answers with the main thread's alone. */
const METRICS_WAIT_MS = 1000;

/** What the thread is started with (structured-cloned: plain data only). */
export interface WorkerThreadData {
  kind: 'gdpr-bot-workers';
  /** The process's settings with `role: worker` and the Redis URL the main thread resolved. */
  settings: Settings;
  /** The bot token as the main thread last found it (the thread does not ask Slack again). */
  token: TokenCheck;
  /** Send the log lines to the main thread (which has a log destination of its own, e.g. a test's) instead of stdout. */
  forwardLogs?: boolean;
  /** How long the thread's shutdown lets running jobs finish (the process's own shutdown time-out). */
  shutdownTimeoutMs: number;
  workerLock?: { lockDurationMs: number; stalledIntervalMs: number };
  /**
   * A module (URL) the thread imports before it builds its services; its `workerThreadOptions()` may
   * return `awsClients` (the bench's synthetic AWS). It may also answer messages of its own.
   */
  setup?: string;
}

export interface WorkerThreadHandle {
  /** The thread's workers, as the thread last reported them; `stopped` once the thread has exited. */
  health(): DependencyHealth;
  /** The thread's metrics (prom-client JSON), or none when it does not answer in time. */
  metrics(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
  /** The thread itself (the bench talks to its `setup` module through it). */
  thread: Worker;
  /** Lets the thread's jobs finish (bounded by its shutdown timeout), then ends it. */
  close(): Promise<void>;
}

type FromThread =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  | { type: 'health'; health: DependencyHealth }
  | { type: 'metrics'; id: number; metrics: MetricObjectWithValues<MetricValue<string>>[] }
  | { type: 'closed' }
  | { type: 'log'; line: string };

/**
 * A thread running the entry module next to this one. From `dist/` that is the `.js` file itself; from the
 * sources (tsx, vitest) the thread registers tsx first: a thread does not inherit its parent's loader hooks.
 */
function newThread(workerData: WorkerThreadData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker-thread-entry.js', import.meta.url), { workerData });
  const entry = new URL('./worker-thread-entry.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** Starts the workers' thread; resolves once its workers run, rejects with its error when they cannot start. */
export async function startWorkerThread(
  data: Omit<WorkerThreadData, 'kind' | 'forwardLogs'>,
  log: Logger,
  options: {
    logDestination?: NodeJS.WritableStream;
    /** Called when the thread ends on its own after start-up (a crash): no job runs in this process any more. */
    onLost?: (code: number) => void;
  } = {},
): Promise<WorkerThreadHandle> {
  const { logDestination } = options;
  const thread = newThread({ kind: 'gdpr-bot-workers', ...data, forwardLogs: Boolean(logDestination) });
  let health: DependencyHealth = { ok: false, status: 'starting' };
  let exited = false;
  let closing = false;
  let started = false;
  let nextId = 0;
  const waiting = new Map<number, (metrics: MetricObjectWithValues<MetricValue<string>>[]) => void>();
  thread.on('message', (m: FromThread) => {
    if (m.type === 'health') health = m.health;
    else if (m.type === 'log') logDestination?.write(m.line);
    else if (m.type === 'metrics') {
      waiting.get(m.id)?.(m.metrics);
      waiting.delete(m.id);
    }
  });
  thread.on('error', (error) => log.error({ err: error }, 'the workers thread failed'));
  const exit = new Promise<number>((resolve) =>
    thread.once('exit', (code) => {
      exited = true;
      health = { ok: false, status: 'stopped', running: 0, total: 'total' in health ? health.total : 0 };
      for (const answer of waiting.values()) answer([]);
      waiting.clear();
      // Jobs no longer run in this process: /healthz says so, and so does the log, loudly.
      if (!closing && started) {
        log.error({ code }, 'the workers thread stopped: no job runs in this process until it is restarted');
        options.onLost?.(code);
      }
      resolve(code);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: FromThread) => {
      if (m.type === 'ready') {
        thread.off('message', onMessage);
        started = true;
        resolve();
      } else if (m.type === 'failed') {
        thread.off('message', onMessage);
        closing = true;
        void thread.terminate();
        reject(new Error(m.error));
      }
    };
    thread.on('message', onMessage);
    void exit.then((code) => reject(new Error(`the workers thread exited during start-up (code ${code})`)));
  });
  return {
    thread,
    health: () => health,
    metrics: () =>
      exited
        ? Promise.resolve([])
        : new Promise((resolve) => {
            const id = nextId++;
            const timer = setTimeout(() => {
              waiting.delete(id);
              resolve([]);
            }, METRICS_WAIT_MS);
            timer.unref();
            waiting.set(id, (metrics) => {
              clearTimeout(timer);
              resolve(metrics);
            });
            thread.postMessage({ type: 'metrics', id });
          }),
    async close() {
      if (exited) return;
      closing = true;
      thread.postMessage({ type: 'close' });
      // The thread's own shutdown is bounded by its timeout; past that and a margin it is ended.
      const ended = await Promise.race([exit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), data.shutdownTimeoutMs + 5000).unref())]);
      if (!ended) await thread.terminate();
    },
  };
}
