/**
 * The workers' thread of a `ROLE=all` process (started by src/queues/worker-thread.ts): lowers its own
 * CPU priority, builds the services from the settings it was given and runs the workers, with no HTTP
 * server of its own. See worker-thread.ts for the messages.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { buildServices, start, type StartOptions } from '../main.js';
import { WORKER_THREAD_NICE, type WorkerThreadData } from './worker-thread.js';

const data = workerData as WorkerThreadData;
const port = parentPort!;

/** Linux keeps a nice value per thread: this thread's id is the last part of /proc/thread-self. Elsewhere the thread keeps the process's. */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    // Relative to what the process runs at (it may be niced already), at most 19.
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + WORKER_THREAD_NICE));
  } catch {
    // Not Linux, or no /proc: the scheduler treats both threads alike.
  }
}

async function main(): Promise<void> {
  lowerPriority();
  const setup = data.setup
    ? ((await import(data.setup)) as { workerThreadOptions?: () => Promise<Pick<StartOptions, 'awsClients'>> | Pick<StartOptions, 'awsClients'> })
    : {};
  const extra = (await setup.workerThreadOptions?.()) ?? {};
  // Logs go straight to stdout, as the main thread's do; a main thread with a destination of its own gets them.
  const logDestination = data.forwardLogs
    ? new Writable({
        write(chunk: Buffer, _encoding, done) {
          port.postMessage({ type: 'log', line: chunk.toString('utf8') });
          done();
        },
      })
    : undefined;
  const built = await buildServices(data.settings, {
    ...extra,
    token: data.token,
    processMetrics: false,
    thread: 'workers',
    ...(logDestination ? { logDestination } : {}),
  });
  const handle = await start(built, {
    shutdownTimeoutMs: data.shutdownTimeoutMs,
    ...(data.workerLock ? { workerLock: data.workerLock } : {}),
    insideWorkerThread: true,
  });
  const report = () => port.postMessage({ type: 'health', health: handle.workersHealth?.() ?? { ok: false, status: 'unknown' } });
  report();
  setInterval(report, 1000).unref();
  port.on('message', (m: { type: string; id?: number }) => {
    if (m.type === 'metrics') {
      void built.services.metrics.registry.getMetricsAsJSON().then(
        (metrics) => port.postMessage({ type: 'metrics', id: m.id, metrics }),
        () => port.postMessage({ type: 'metrics', id: m.id, metrics: [] }),
      );
    } else if (m.type === 'close') {
      void handle.close().finally(() => {
        port.postMessage({ type: 'closed' });
        port.close();
      });
    }
  });
  port.postMessage({ type: 'ready' });
}

main().catch((error: unknown) => {
  port.postMessage({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  port.close();
});
