/**
 * Ack latency under load: signed Slack requests from autocannon on loopback against the bot and against
 * the floor (a bare Bolt app that only acks), at several concurrency levels, same run, same machine.
 * A workload is one entry in `ACK_WORKLOADS`; later features add theirs (e.g. `/gdpr status`).
 */
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { AuditKey } from '../src/audit/key.js';
import { AuditLog } from '../src/audit/log.js';
import { CHECKS } from '../src/checks/registry.js';
import { ResultStore } from '../src/checks/store.js';
import type { CheckResult } from '../src/checks/types.js';
import { Keys } from '../src/redis/keys.js';
import { buttonClick, sign, slashCommand, TEST_SIGNING_SECRET } from '../test/helpers/slack-request.js';
import { cpuMs, sleep, type BenchContext, type BenchSection, type Row, type ServerUnderTest } from './harness.js';

export interface AckWorkload {
  name: string;
  /** Sets the stage once before the first run (e.g. seeds the audit log). */
  prepare?(ctx: BenchContext): Promise<void>;
  /** The request body, as Slack sends it; its response_url points at the Slack stand-in. */
  body(ctx: BenchContext, responseId: string): string;
  /** True when the bot answers every request (on its response_url, or ephemerally once the URL is used up); the run waits for those answers. */
  answers: boolean;
}

const APPROVER = 'U0000APPR1';

export const ACK_WORKLOADS: AckWorkload[] = [
  {
    name: '/gdpr help',
    // Answered in the acknowledgement itself (no response_url post).
    body: (ctx, id) => slashCommand({ text: 'help', user_id: 'U0000USER', response_url: ctx.slack.responseUrl(id) }),
    answers: false,
  },
  {
    name: 'click "Verify the hash chain"',
    // A block_actions click: server-side approver check, a read of 100 audit entries, an answer.
    async prepare(ctx) {
      const redis = new Redis(ctx.bot.redisUrl);
      // The bot derives its audit key from the signing secret (no GDPR_BOT_AUDIT_KEY in the bench).
      const audit = new AuditLog(redis, new Keys(ctx.bot.prefix), { key: AuditKey.derive(TEST_SIGNING_SECRET, 'SLACK_SIGNING_SECRET') });
      for (let i = 0; i < 100; i++) await audit.append({ actor: 'system', action: 'bench.seed', subject: `entry-${i}`, detail: { i } });
      await audit.close();
      redis.disconnect();
    },
    body: (ctx, id) => buttonClick({ actionId: 'audit.verify', value: 'verify', userId: APPROVER, responseUrl: ctx.slack.responseUrl(id) }),
    answers: true,
  },
  {
    name: '/gdpr status',
    // A member's posture request: a directory check, a read of the stored results of a scan (every
    // check, 4 regions, 1,000 buckets), the summary rendered and sent back in the acknowledgement itself.
    async prepare(ctx) {
      const redis = new Redis(ctx.bot.redisUrl);
      const store = new ResultStore(redis, new Keys(ctx.bot.prefix));
      const results: CheckResult[] = [];
      for (const check of CHECKS) {
        const regions = check.scope === 'account' ? ['global'] : ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2'];
        const resources = check.id.startsWith('s3_bucket_') ? 250 : 3;
        for (const region of regions) {
          for (let i = 0; i < resources; i++) {
            const status = i % 7 === 0 ? 'fail' : i % 23 === 0 ? 'error' : 'pass';
            results.push({
              checkId: check.id,
              accountId: '111122223333',
              region,
              status,
              resource: `arn:aws:bench:::${check.id}/${region}/${i}`,
              message: `Synthetic ${status} of ${check.id} for resource ${i} in ${region}.`,
            });
          }
        }
      }
      await store.saveResults('bench-scan', new Date().toISOString(), results);
      redis.disconnect();
      // The latencies below are only worth something if the acknowledgement carries the posture.
      const timestamp = Math.floor(Date.now() / 1000);
      const body = slashCommand({ text: 'status', user_id: 'U0000USER', response_url: ctx.slack.responseUrl('status-probe') });
      const res = await fetch(`${ctx.bot.baseUrl}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': sign(body, timestamp, ctx.signingSecret),
        },
        body,
      });
      const answer = await res.text();
      if (!answer.includes('GDPR posture'))
        throw new Error(`/gdpr status did not answer with the posture in its acknowledgement: HTTP ${res.status} ${answer.slice(0, 200)}`);
    },
    body: (ctx, id) => slashCommand({ text: 'status', user_id: 'U0000USER', response_url: ctx.slack.responseUrl(id) }),
    answers: false,
  },
];

export const CONCURRENCY = [50, 200, 500];
/** `--workload=<text>`: only the workloads whose name contains the text (e.g. `status`, `Verify`). */
const workloadFilter = process.argv
  .find((a) => a.startsWith('--workload='))
  ?.slice('--workload='.length)
  .toLowerCase();
/** Issue 7: p99 of ours at most this many times the floor's. */
const P99_GOAL_RATIO = 1.5;

interface RunResult {
  target: 'ours' | 'floor';
  requests: number;
  p50: number;
  p99: number;
  max: number;
  /** p99 of the requests sent on a connection that had already answered one (keep-alive): the ack itself. */
  p99Warm: number;
  /** p99 of each connection's first request, which also waits to be connected and accepted. */
  p99First: number;
  /** CPU the server process used per request (µs), the work done for the answers included. */
  cpuUsPerRequest?: number;
  /** Ours only: the CPU of the thread that answers Slack (the main thread; a ROLE=all bot runs its jobs on another). */
  ackThreadCpuUsPerRequest?: number;
  reqPerSec: number;
  non2xx: number;
  errors: number;
  /** Answers the Slack stand-in received for this run (ours only). */
  answered?: number;
}

/** Latencies (ms) of each connection's first request and of all later ones, as autocannon's clients saw them. */
interface Split {
  first: number[];
  warm: number[];
  /** ms from the start of the run to the last response (autocannon's own finish time is rounded up to its 1 s tick). */
  elapsedMs: number;
}

/**
 * Runs autocannon. Besides its summary, every response's latency is kept, split into each connection's
 * first request and the rest: when 500 connections open at once, Node (libuv) accepts one new connection
 * per event-loop turn, so the last ones wait for hundreds of turns of a loop busy with the first ones.
 * That wait lands on first requests only, and dominates a p99 over a few thousand requests; the
 * requests that follow on an open connection measure the ack itself.
 */
async function load(
  server: ServerUnderTest,
  body: (n: number) => string,
  secret: string,
  connections: number,
  amount: number,
): Promise<autocannon.Result & { split: Split }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const split: Split = { first: [], warm: [], elapsedMs: 0 };
  const started = performance.now();
  let sent = 0;
  const result = await autocannon({
    setupClient: (client) => {
      let answered = 0;
      client.on('response', (_status: number, _bytes: number, ms: number) => {
        (answered++ === 0 ? split.first : split.warm).push(ms);
        split.elapsedMs = performance.now() - started;
      });
    },
    url: `${server.baseUrl}/slack/events`,
    connections,
    amount,
    timeout: 10,
    // Every request its own body and signature, as Slack sends them: each click or command comes with a
    // response_url of its own, good for 5 answers.
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const payload = body(sent++);
          return {
            ...request,
            body: payload,
            headers: {
              ...request.headers,
              'content-type': 'application/x-www-form-urlencoded',
              'x-slack-request-timestamp': String(timestamp),
              'x-slack-signature': sign(payload, timestamp, secret),
            },
          };
        },
      },
    ],
  });
  return Object.assign(result, { split });
}

/** The `p`th percentile (0–100) of `values`, nearest rank, rounded to the ms; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
}

function summarise(target: RunResult['target'], r: autocannon.Result & { split: Split }): RunResult {
  const total = r['2xx'] + r.non2xx;
  return {
    target,
    requests: total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    p99Warm: percentile(r.split.warm, 99),
    p99First: percentile(r.split.first, 99),
    reqPerSec: Math.round(total / Math.max(r.split.elapsedMs / 1000, 0.001)),
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/** Waits until the Slack stand-in has `expected` more answers than `before`, or a quiet second passes. */
async function drainAnswers(ctx: BenchContext, before: number, expected: number): Promise<number> {
  let last = -1;
  let quietSince = Date.now();
  for (;;) {
    const now = (await ctx.slack.stats()).answers - before;
    if (now >= expected) return now;
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 1000) return now;
    await sleep(50);
  }
}

export const ackLatencySection: BenchSection = {
  id: 'ack-latency',
  title: 'Ack latency under load (signed requests over loopback; ms)',
  async run(ctx) {
    // autocannon gives each connection an equal share of the requests. Forty each (at least 4,000 in
    // all) keeps every connection busy for most of the run, so the run measures the server with all its
    // connections open rather than the few seconds in which they are still being accepted.
    const amountFor = (connections: number) => (ctx.quick ? Math.max(1000, 4 * connections) : Math.max(4000, 40 * connections));
    const rows: Row[] = [];
    const notes: string[] = [];
    const data: Record<string, unknown>[] = [];
    for (const workload of ACK_WORKLOADS.filter((w) => !workloadFilter || w.name.toLowerCase().includes(workloadFilter))) {
      await workload.prepare?.(ctx);
      // Warm-up (JIT, connection pools, caches); not reported.
      for (const server of [ctx.floor, ctx.bot]) await load(server, (n) => workload.body(ctx, `warmup-${n}`), ctx.signingSecret, 50, 300);
      await drainAnswers(ctx, (await ctx.slack.stats()).answers, Number.MAX_SAFE_INTEGER);

      for (const connections of CONCURRENCY) {
        const floorCpu = cpuMs(ctx.floor.pid);
        const floor = summarise(
          'floor',
          await load(ctx.floor, (n) => workload.body(ctx, `floor-${connections}-${n}`), ctx.signingSecret, connections, amountFor(connections)),
        );
        floor.cpuUsPerRequest = Math.round(((cpuMs(ctx.floor.pid) - floorCpu) * 1000) / Math.max(floor.requests, 1));
        const before = (await ctx.slack.stats()).answers;
        const oursCpu = cpuMs(ctx.bot.pid);
        const oursAckCpu = cpuMs(ctx.bot.pid, 'main thread');
        const ours = summarise(
          'ours',
          await load(ctx.bot, (n) => workload.body(ctx, `bench-${connections}-${n}`), ctx.signingSecret, connections, amountFor(connections)),
        );
        if (workload.answers) ours.answered = await drainAnswers(ctx, before, ours.requests);
        ours.cpuUsPerRequest = Math.round(((cpuMs(ctx.bot.pid) - oursCpu) * 1000) / Math.max(ours.requests, 1));
        ours.ackThreadCpuUsPerRequest = Math.round(((cpuMs(ctx.bot.pid, 'main thread') - oursAckCpu) * 1000) / Math.max(ours.requests, 1));
        const ratio = floor.p99 > 0 ? ours.p99 / floor.p99 : NaN;
        const warmRatio = floor.p99Warm > 0 ? ours.p99Warm / floor.p99Warm : NaN;
        for (const r of [floor, ours]) {
          rows.push({
            workload: workload.name,
            conns: connections,
            target: r.target,
            requests: r.requests,
            'p50 ms': r.p50,
            'p99 ms': r.p99,
            'max ms': r.max,
            'p99 warm': r.p99Warm,
            'p99 1st': r.p99First,
            'req/s': r.reqPerSec,
            'CPU µs/req': r.cpuUsPerRequest ?? '',
            'ack thread µs/req': r.ackThreadCpuUsPerRequest ?? '',
            'non-2xx': r.non2xx,
            errors: r.errors,
            answered: r.answered ?? '',
            'p99 ours/floor': r.target === 'ours' ? ratio.toFixed(2) : '',
            'warm ours/floor': r.target === 'ours' ? warmRatio.toFixed(2) : '',
          });
        }
        data.push({ workload: workload.name, connections, floor, ours, p99Ratio: ratio, p99WarmRatio: warmRatio });
        notes.push(
          `${workload.name} @ ${connections}: p99 ours ${ours.p99} ms vs floor ${floor.p99} ms (×${ratio.toFixed(2)}); ` +
            `on open connections ${ours.p99Warm} vs ${floor.p99Warm} ms (×${warmRatio.toFixed(2)}); ` +
            `CPU per request ${ours.cpuUsPerRequest} vs ${floor.cpuUsPerRequest} µs (×${((ours.cpuUsPerRequest ?? NaN) / (floor.cpuUsPerRequest ?? NaN)).toFixed(2)}); ` +
            `of it on the thread that answers Slack ${ours.ackThreadCpuUsPerRequest} µs (×${((ours.ackThreadCpuUsPerRequest ?? NaN) / (floor.cpuUsPerRequest ?? NaN)).toFixed(2)}); ` +
            `${ours.p99 < 3000 ? 'under' : 'OVER'} Slack's 3,000 ms deadline`,
        );
      }
      await ctx.footprint(`after ${workload.name}`);
    }
    // Issue 7's closed-loop latency goals, retired by issue #19 (in a saturated closed loop the p99 follows CPU per request): reported, not goals.
    const top = Math.max(...CONCURRENCY);
    for (const d of data.filter((x) => x.connections === top) as {
      workload: string;
      floor: RunResult;
      ours: RunResult;
      p99Ratio: number;
      p99WarmRatio: number;
    }[]) {
      notes.push(
        `Issue 7 (retired): p99 ours ≤ ${P99_GOAL_RATIO} × floor at ${top}, on open connections (${d.workload}): ${d.p99WarmRatio <= P99_GOAL_RATIO ? 'yes' : 'no'} (×${d.p99WarmRatio.toFixed(2)}).`,
      );
      notes.push(
        `Issue 7 (retired): p99 on open connections far under Slack's 3,000 ms at ${top} (≤ 1,000 ms) (${d.workload}): ${d.ours.p99Warm <= 1000 ? 'yes' : 'no'} (${d.ours.p99Warm} ms).`,
      );
      notes.push(
        `Issue 7 (retired): p99 ours ≤ ${P99_GOAL_RATIO} × floor at ${top}, all requests including each connection's first (${d.workload}): ${d.p99Ratio <= P99_GOAL_RATIO ? 'yes' : 'no'} ` +
          `(×${d.p99Ratio.toFixed(2)}; ${d.ours.p99} vs ${d.floor.p99} ms, ${d.ours.p99 < 3000 ? 'under' : 'OVER'} Slack's 3,000 ms).`,
      );
      if (d.ours.answered !== undefined)
        notes.push(`Every request answered (${d.workload}): ${d.ours.answered >= d.ours.requests ? 'yes' : 'no'} (${d.ours.answered}/${d.ours.requests}).`);
    }
    notes.push(
      `"p99 1st" is each connection's first request: it includes waiting to be accepted. Node 20 accepts one new connection per event-loop turn (libuv pull request 3696), ` +
        `so when ${top} connections open at once the last ones wait for hundreds of turns of a loop busy serving the first ones, the floor's as well as ours. ` +
        'Behind the TLS proxy that HTTP mode needs, connections are reused and that wait is paid once per connection, not per request.',
    );
    return { rows, notes, data };
  },
};
