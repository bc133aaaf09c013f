/**
 * Findings feed benchmark: 10,000 synthetic GuardDuty findings across 3 channels go through the real
 * path — the `findings-poll` queue and processor (collect → dedup → routing → digests → hand-over to the
 * outbox in Redis), then the `slack-outbound` queue (16 concurrent senders) and delivery into the Slack test server. Slack's
 * 1 message/s/channel pacing is set to 0 here (`postIntervalMs`) so the run measures the program, not
 * the pacing. Reports findings/s through dedup and routing, top-level Slack messages, duplicates, lost
 * findings and peak RSS. Needs Redis (REDIS_URL or 127.0.0.1:6379); uses its own key prefix and cleans up.
 * `npm run bench` runs it as its "findings" section, in a process of its own (peak RSS is the process's
 * high-water mark, so it must not share a process with other work).
 *
 *   npm run bench -- --only=findings      (npm run bench:findings is the same)
 *   node --import tsx bench/findings.ts [--findings=N]   one run, prints JSON
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { WebClient } from '@slack/web-api';
import { mockClient } from 'aws-sdk-client-mock';
import { QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { makeFindingsPollProcessor } from '../jobs/findings-poll.js';
import { makeSlackOutboundProcessor } from '../jobs/slack-outbound.js';
import { AwsClients } from '../src/aws/clients.js';
import { configSchema } from '../src/config/schema.js';
import { createLogger } from '../src/log.js';
import { Metrics } from '../src/metrics.js';
import { Queues } from '../src/queues/queues.js';
import { Keys } from '../src/redis/keys.js';
import { SlackDelivery } from '../src/slack/delivery.js';
import { SlackOutbox } from '../src/slack/outbound.js';
import { FakeFindingServices, gdFinding } from '../test/helpers/aws-findings.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../test/helpers/redis.js';
import { ask, rssMiB, startSlackStandIn, stop, type BenchSection } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));

/** A chat.postMessage as the Slack stand-in reports it (bench/slack-server-process.ts). */
interface SlackPost {
  channel: string;
  at: number;
  threaded: boolean;
  blockId?: string;
}

export interface FindingsBenchResult {
  findings: number;
  /** Findings per second from the poll job's start to its end (collect, dedup, routing, digests, hand-over). */
  findingsPerSec: number;
  /** Findings per second from the poll's start until the last one reached the Slack test server. */
  deliveredPerSec: number;
  topLevelMessages: number;
  /** Concurrent senders (slack-outbound jobs at once). */
  senders: number;
  /** The longest gap between two consecutive posts to one channel, from its first post to its last (ms; pacing is 0). */
  maxStallMs: number;
  duplicates: number;
  lost: number;
  /** RSS of the process once loaded, before the run. */
  baselineRssMb: number;
  /** Peak RSS of the process (VmHWM): the pipeline and, in the same process, the AWS mock (the Slack stand-in runs in its own). */
  peakRssMb: number;
}

const TYPES = ['Backdoor:EC2/C&CActivity.B', 'UnauthorizedAccess:IAMUser/MaliciousIPCaller', 'Recon:EC2/PortProbeUnprotectedPort'];

/** Runs the benchmark once. */
export async function runFindingsBench(
  options: { findings?: number; postIntervalMs?: number; redisUrl?: string; senders?: number } = {},
): Promise<FindingsBenchResult> {
  const total = options.findings ?? 10_000;
  const senders = options.senders ?? 16;
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const baselineRssMb = Math.round(rssMiB('self'));

  // The Slack stand-in in a process of its own: its recorded calls are not the pipeline's memory.
  const { slack, child: slackChild } = await startSlackStandIn(join(here, 'slack-server-process.ts'));
  const posts = async () => (await ask<{ posts: SlackPost[] }>(slackChild, { type: 'posts' }, 'posts')).posts;
  const findingPosts = async () => (await ask<{ count: number }>(slackChild, { type: 'count', blockIdPrefix: 'finding:' }, 'count')).count;
  const aws = new FakeFindingServices();
  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
  aws.macieEnabled = true;
  const base = Date.UTC(2026, 0, 1);
  aws.addGuardDuty(
    ...Array.from({ length: total }, (_, i) => gdFinding(i + 1, { Type: TYPES[i % 3], Severity: 1 + (i % 90) / 10, updatedAtMs: base + i * 7 })),
  );

  const prefix = uniquePrefix('bench-findings');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const keys = new Keys(prefix);
  const queues = new Queues(redis, prefix);
  const log = createLogger('silent');
  const config = configSchema.parse({
    channels: { findings: 'C0BENCH3' },
    scan: { regions: ['eu-west-1'] },
    findings: {
      minSeverity: 'low',
      digestThreshold: 10,
      // One poll hands over the whole burst: the section measures one poll of `total` findings.
      maxPerPoll: total,
      routes: [
        { typePrefix: 'Backdoor:', channel: 'C0BENCH1' },
        { typePrefix: 'UnauthorizedAccess:', channel: 'C0BENCH2' },
      ],
    },
  });
  const outbox = new SlackOutbox(redis, keys, queues);
  const client = new WebClient('xoxb-bench', { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
  const delivery = new SlackDelivery(redis, keys, queues, client, log, { postIntervalMs: options.postIntervalMs ?? 0 });
  const poll = makeFindingsPollProcessor({
    config,
    redis,
    keys,
    outbox,
    log,
    now: () => new Date(),
    aws: new AwsClients({ defaultRegion: 'eu-west-1' }),
    metrics: new Metrics(),
  });
  const workers = [
    new Worker('findings-poll', poll as (job: Job) => Promise<unknown>, { connection: redis, prefix, concurrency: 1 }),
    new Worker('slack-outbound', makeSlackOutboundProcessor({ delivery }) as (job: Job) => Promise<unknown>, {
      connection: redis,
      prefix,
      concurrency: senders,
    }),
  ];
  const events = new QueueEvents('findings-poll', { connection: redis.duplicate(), prefix });
  await events.waitUntilReady();

  try {
    const started = performance.now();
    const job = await queues.get('findings-poll').add('poll', { account: 'self', region: 'eu-west-1' });
    await job.waitUntilFinished(events);
    const polled = performance.now();
    // A finding's message (top level or in a digest's thread) has `finding:<id>` as its first block id.
    const findingId = (post: SlackPost): string | undefined => (post.blockId?.startsWith('finding:') ? post.blockId.slice('finding:'.length) : undefined);
    const deadline = Date.now() + 300_000;
    while ((await findingPosts()) < total) {
      if (Date.now() > deadline) throw new Error(`${total} findings did not reach Slack within 300 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const delivered = performance.now();
    // Let anything extra (a duplicate would be) arrive before counting.
    await new Promise((r) => setTimeout(r, 500));

    const all = await posts();
    const counts = new Map<string, number>();
    let topLevel = 0;
    for (const post of all) {
      if (!post.threaded) topLevel++;
      const id = findingId(post);
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const lastPost = new Map<string, number>();
    let maxStallMs = 0;
    for (const post of all) {
      const last = lastPost.get(post.channel);
      if (last !== undefined) maxStallMs = Math.max(maxStallMs, post.at - last);
      lastPost.set(post.channel, post.at);
    }
    let duplicates = 0;
    for (const n of counts.values()) duplicates += Math.max(0, n - 1);
    const lost = [...aws.guardduty.keys()].filter((id) => !counts.has(id)).length;
    return {
      findings: total,
      findingsPerSec: Math.round(total / ((polled - started) / 1000)),
      deliveredPerSec: Math.round(total / ((delivered - started) / 1000)),
      topLevelMessages: topLevel,
      senders,
      maxStallMs,
      duplicates,
      lost,
      baselineRssMb,
      peakRssMb: Math.round(rssMiB('self', 'VmHWM')),
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await events.close();
    await queues.close();
    redis.disconnect();
    aws.restore();
    sts.restore();
    await stop(slackChild);
    await cleanupPrefix(prefix);
  }
}

/** A burst of this many findings or fewer must make at most this many top-level messages ("a handful"). */
const HANDFUL = 10;

export const findingsSection: BenchSection = {
  id: 'findings',
  title: 'Findings pipeline (synthetic GuardDuty findings, 3 channels, real queues and Redis, Slack test server, pacing off)',
  usesBot: false,
  async run(ctx) {
    const findings = ctx.quick ? 2_000 : 10_000;
    const script = join(dirname(fileURLToPath(import.meta.url)), 'findings.ts');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, `--findings=${findings}`], {
      maxBuffer: 1 << 20,
      env: process.env,
    });
    const r = JSON.parse(stdout.trim().split('\n').pop() ?? '') as FindingsBenchResult;
    const rows = [
      {
        findings: r.findings,
        'findings/s (poll)': r.findingsPerSec,
        'findings/s (to Slack)': r.deliveredPerSec,
        'top-level msgs': r.topLevelMessages,
        senders: r.senders,
        'max stall ms': r.maxStallMs,
        duplicates: r.duplicates,
        lost: r.lost,
        'base RSS MB': r.baselineRssMb,
        'peak RSS MB': r.peakRssMb,
      },
    ];
    const notes = [
      `Duplicates = 0: ${r.duplicates === 0 ? 'yes' : 'no'} (${r.duplicates}). Lost = 0: ${r.lost === 0 ? 'yes' : 'no'} (${r.lost}).`,
      `A burst makes a handful (≤ ${HANDFUL}) of top-level messages: ${r.topLevelMessages <= HANDFUL ? 'yes' : 'no'} (${r.topLevelMessages} for ${r.findings.toLocaleString('en')} findings; the rest are in digest threads).`,
      `findings/s (poll): the poll job (collect, dedup, routing, digests, hand-over to the outbox); (to Slack): until the last one reached the Slack test server, ${r.senders} senders, pacing 0. Max stall: the longest gap between two posts to one channel (goal 6: ≤ 2,000 ms).`,
      `Peak RSS is the process's: the pipeline and the AWS mock (aws-sdk-client-mock, which keeps every call); the Slack stand-in runs in a process of its own; ${r.baselineRssMb} MB before the run.`,
    ];
    return { rows, notes, data: r };
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv.find((a) => a.startsWith('--findings='))?.slice('--findings='.length) ?? 10_000);
  runFindingsBench({ findings: n }).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`bench findings failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
