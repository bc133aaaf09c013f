/**
 * Starts bench/bot-process.ts (the bot against the synthetic AWS, with a per-call cost) and drives it:
 * a scan of `accounts` accounts (the bot's own plus members through an assumed role) × `regions`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import type { SyntheticCallCost } from '../src/demo/synthetic-aws.js';
import { freePort } from '../src/redis/connection.js';
import { ask, stop } from './harness.js';
import { BENCH_RATE_LIMITS } from './settings.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface SyntheticBotOptions {
  role: 'all' | 'web' | 'worker';
  accounts: number;
  regions: string[];
  buckets?: number;
  users?: number;
  keys?: number;
  volumes?: number;
  cost: SyntheticCallCost;
  slackApiUrl: string;
  signingSecret: string;
  redisUrl: string;
  /** Share a prefix between processes of one deployment (scale-out); default a fresh one. */
  prefix?: string;
  /** A findings burst of this many GuardDuty findings over 3 channels, released by `releaseFindings()`. */
  findingsBurst?: number;
  /** `scan.bucketShardSize`: an account's buckets are scanned in jobs of this many (default the bot's). */
  bucketShardSize?: number;
  /** `ROLE=all`: the jobs on the workers' thread as `npm start` runs them (default), or on the main thread. */
  workers?: 'thread' | 'inline';
}

export interface SyntheticBot {
  baseUrl: string;
  pid: number;
  prefix: string;
  child: ChildProcess;
  /** Starts a full scan; resolves with its id and when it started (epoch ms). */
  startScan(): Promise<{ scanId: string; at: number }>;
  waitScan(scanId: string): Promise<{ finishedAt: number; total: number; done: number; failedTargets: number; results: number }>;
  /** This process's AWS calls: in all, per target (`account/region`), and per bucket (`account/bucket`) scanned. */
  calls(): Promise<{ total: number; perTarget: Record<string, number>; perBucket: Record<string, number> }>;
  /** Puts the findings burst into GuardDuty and queues one poll. */
  releaseFindings(): Promise<{ at: number }>;
  /** The bot's event-loop delay max since the last call (prom-client's `nodejs_eventloop_lag_max_seconds`, reset on each scrape), ms. */
  eventLoopMaxMs(): Promise<number>;
  stop(): Promise<void>;
}

/** 12-digit ids of the member accounts. */
export const memberAccountId = (i: number) => String(200000000000 + i);

export async function startSyntheticBot(o: SyntheticBotOptions): Promise<SyntheticBot> {
  const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-bench-synthetic-'));
  const config = join(dir, 'gdpr-bot.yml');
  writeFileSync(
    config,
    stringify({
      approvers: { users: ['U0000APPR1'] },
      channels: { approvals: 'C0000APPR', audit: 'C0000AUDT', findings: 'C0000FIND' },
      slack: { rateLimits: BENCH_RATE_LIMITS },
      scan: {
        regions: o.regions,
        ...(o.bucketShardSize ? { bucketShardSize: o.bucketShardSize } : {}),
        accounts: Array.from({ length: o.accounts - 1 }, (_, i) => ({
          id: memberAccountId(i + 1),
          roleArn: `arn:aws:iam::${memberAccountId(i + 1)}:role/GdprBotScanner`,
        })),
      },
      ...(o.findingsBurst
        ? {
            findings: {
              minSeverity: 'low',
              digestThreshold: 10,
              maxPerPoll: o.findingsBurst,
              pollInterval: '6h',
              routes: [
                { typePrefix: 'Backdoor:', channel: 'C0BENCH1' },
                { typePrefix: 'UnauthorizedAccess:', channel: 'C0BENCH2' },
              ],
            },
          }
        : {}),
    }),
  );
  const prefix = o.prefix ?? `{gdpr-bench-${randomBytes(4).toString('hex')}}`;
  const port = await freePort();
  const child = fork(join(here, 'bot-process.ts'), [], {
    cwd: dir,
    // The working directory is the config's temporary one: tsx is found from here, not from there.
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: 'xoxb-test-bench-not-a-real-token',
      SLACK_SIGNING_SECRET: o.signingSecret,
      SLACK_API_URL: o.slackApiUrl,
      REDIS_URL: o.redisUrl,
      REDIS_PREFIX: prefix,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      GDPR_BOT_CONFIG: config,
      AWS_REGION: o.regions[0],
      ROLE: o.role,
      BENCH_BUCKETS: String(o.buckets ?? 3),
      BENCH_USERS: String(o.users ?? 3),
      BENCH_KEYS: String(o.keys ?? 2),
      BENCH_VOLUMES: String(o.volumes ?? 2),
      BENCH_AWS_LATENCY_MS: String(o.cost.latencyMs),
      BENCH_AWS_CPU_US: String(o.cost.cpuUs),
      BENCH_FINDINGS: String(o.findingsBurst ?? 0),
      ...(o.workers === 'inline' ? { BENCH_WORKERS: 'inline' } : {}),
    },
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', (m: { type: string }) => (m.type === 'ready' ? resolve() : reject(new Error(`unexpected ${m.type}`))));
    child.once('exit', (code) => reject(new Error(`bench bot exited (${code})`)));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    pid: child.pid!,
    prefix,
    child,
    startScan: () => ask<{ scanId: string; at: number }>(child, { type: 'scan' }, 'scan-started'),
    waitScan: (scanId) => ask(child, { type: 'wait-scan', scanId }, 'scan-done'),
    calls: () => ask(child, { type: 'calls' }, 'calls'),
    releaseFindings: () => ask(child, { type: 'release-findings' }, 'findings-queued'),
    async eventLoopMaxMs() {
      const text = await (await fetch(`${baseUrl}/metrics`)).text();
      const m = /^(?:\w+_)?nodejs_eventloop_lag_max_seconds\s+([\d.e+-]+)/m.exec(text);
      return m ? Math.round(Number(m[1]) * 1000) : NaN;
    },
    async stop() {
      await stop(child);
      if (!o.prefix) await dropPrefix(o.redisUrl, prefix);
    },
  };
}

/** Deletes every key under `prefix`. */
export async function dropPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
