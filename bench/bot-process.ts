/**
 * The bot (src/main.ts `startBot`, the role given in ROLE) against the synthetic AWS, with a per-call cost
 * (latency and CPU), in a process of its own, driven over IPC by the bench sections that need a scan
 * inside the bot (org scan, isolation, scale-out). Started with `fork` and these variables besides the
 * bot's own (SLACK_*, REDIS_*, PORT, ROLE, GDPR_BOT_CONFIG):
 *
 *   BENCH_BUCKETS, BENCH_USERS, BENCH_KEYS, BENCH_VOLUMES  the synthetic account's shape (every account alike)
 *   BENCH_AWS_LATENCY_MS, BENCH_AWS_CPU_US                  what each AWS call costs
 *
 * Messages: `{ type: 'scan' }` starts a full scan and answers `{ type: 'scan-started', scanId }`;
 * `{ type: 'wait-scan', scanId }` answers `{ type: 'scan-done', ... }` once the scan is finished;
 * `{ type: 'calls' }` answers `{ type: 'calls', total, perTarget, perBucket }` (this process's AWS calls).
 * Sends `{ type: 'ready', port }` once /healthz would answer.
 *
 * `ROLE=all` runs as `npm start` does: the jobs on the workers' thread (src/queues/worker-thread.ts), whose
 * synthetic AWS and counters are bench/bot-aws.ts's there (its `setup`); `BENCH_WORKERS=inline` keeps them
 * on the main thread, as an in-process bot does.
 */
import { Worker } from 'node:worker_threads';
import { startBot } from '../src/main.js';
import { ResultStore } from '../src/checks/store.js';
import { startScan } from '../src/checks/scans.js';
import { benchAwsClients, calls, releaseFindings, type BenchCalls } from './bot-aws.js';

const threaded = process.env.ROLE === 'all' && process.env.BENCH_WORKERS !== 'inline';
const bot = await startBot(process.env, {
  awsClients: benchAwsClients,
  shutdownTimeoutMs: 2000,
  ...(threaded ? { workerThread: { setup: new URL('./bot-aws.ts', import.meta.url).href } } : {}),
});

/** Asks bot-aws.ts on the workers' thread. */
let asked = 0;
function askThread<T>(thread: Worker, bench: string, extra: object = {}): Promise<T> {
  const id = asked++;
  return new Promise((resolve) => {
    const onMessage = (m: { bench?: string; id?: number }) => {
      if (m.id === id && m.bench) {
        thread.off('message', onMessage);
        resolve(m as T);
      }
    };
    thread.on('message', onMessage);
    thread.postMessage({ bench, id, ...extra });
  });
}

/** The AWS calls of this process: this thread's, and the workers' thread's when there is one. */
async function allCalls(): Promise<BenchCalls> {
  const own = calls();
  const thread = bot.workerThread?.thread;
  if (!thread) return own;
  const theirs = (await askThread<{ calls: BenchCalls }>(thread, 'calls')).calls;
  const add = (a: Record<string, number>, b: Record<string, number>) => {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return { total: own.total + theirs.total, perTarget: add(own.perTarget, theirs.perTarget), perBucket: add(own.perBucket, theirs.perBucket) };
}
const store = new ResultStore(bot.services.redis, bot.services.keys);

process.on('message', (message: { type: string; scanId?: string }) => {
  void (async () => {
    if (message.type === 'scan') {
      let started: { scanId: string } | undefined;
      for (let attempt = 1; !started; attempt++) {
        started = await startScan(bot.services, { selector: { kind: 'all' }, trigger: 'cli' }).catch((error: unknown) => {
          if (attempt >= 3) throw error;
          return undefined;
        });
      }
      const { scanId } = started;
      process.send!({ type: 'scan-started', scanId, at: Date.now() });
    } else if (message.type === 'wait-scan') {
      let readErrors = 0;
      for (;;) {
        // A read that fails (the fail-fast producer connection under load) is tried again; the count is reported.
        const meta = await store.meta(message.scanId!).catch(() => void readErrors++);
        if (meta?.state === 'finished') {
          const results = await store.latest();
          // A target that failed every retry stands as "Not checked: the scan of account A in R failed …" results.
          const notChecked = new Set(
            results
              .filter((r) => r.scanId === message.scanId)
              .flatMap((r) => /^Not checked: the scan of account (\d+) in ([a-z0-9-]+) failed/.exec(r.message)?.slice(1, 3).join('/') ?? []),
          );
          process.send!({
            type: 'scan-done',
            scanId: message.scanId,
            finishedAt: Date.parse(meta.finishedAt ?? '') || Date.now(),
            total: meta.total,
            done: meta.done,
            failedTargets: notChecked.size,
            results: results.length,
            readErrors,
          });
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    } else if (message.type === 'release-findings') {
      const at = releaseFindings();
      if (bot.workerThread) await askThread(bot.workerThread.thread, 'release-findings', { at });
      await bot.services.queues.get('findings-poll').add('poll', { account: 'self', region: process.env.AWS_REGION! });
      process.send!({ type: 'findings-queued', at });
    } else if (message.type === 'calls') {
      process.send!({ type: 'calls', ...(await allCalls()) });
    }
  })().catch((error: unknown) => process.send!({ type: 'error', error: error instanceof Error ? error.message : String(error) }));
});
process.on('SIGTERM', () => {
  void bot.close().then(() => process.exit(0));
});
process.send!({ type: 'ready', port: bot.port });
