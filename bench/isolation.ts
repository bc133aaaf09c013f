/**
 * Goal 2 of issue #19, isolation: fixed open-loop rates (50 and 200 requests/s of `/gdpr help`,
 * `/gdpr status` and a "Verify the hash chain" click, in turn) against the bot in ROLE=all, idle, then
 * during (a) a 10,000-bucket scan and (b) a 10,000-finding burst. Reports p99 and max per phase and the
 * bot's event-loop delay max over the phase (prom-client's `nodejs_eventloop_lag_max_seconds` on
 * /metrics: monitorEventLoopDelay inside the bot, reset on each scrape, so a scrape before and after a
 * phase gives that phase's max).
 */
import { Redis } from 'ioredis';
import { CHECKS } from '../src/checks/registry.js';
import { ResultStore } from '../src/checks/store.js';
import type { CheckResult } from '../src/checks/types.js';
import { Keys } from '../src/redis/keys.js';
import type { BenchContext, BenchSection, Row } from './harness.js';
import { failureNotes, openLoop, type OpenLoopResult } from './open-loop.js';
import { startSyntheticBot, type SyntheticBot } from './synthetic-bot.js';

export const ISOLATION_RATES = [50, 200];

export interface IsolationPhase {
  phase: 'idle' | 'scan' | 'findings burst';
  rate: number;
  acks: OpenLoopResult;
  eventLoopMaxMs: number;
}

export interface IsolationData {
  buckets: number;
  findings: number;
  phases: IsolationPhase[];
}

/** Stored results of one earlier scan, so `/gdpr status` answers with a posture. */
async function seedResults(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const results: CheckResult[] = CHECKS.flatMap((check) =>
    Array.from(
      { length: 3 },
      (_, i) =>
        ({
          checkId: check.id,
          accountId: '111122223333',
          region: check.scope === 'account' ? 'global' : 'eu-west-1',
          status: i === 0 ? 'fail' : 'pass',
          resource: `arn:aws:bench:::${check.id}/${i}`,
          message: `Seeded ${check.id} ${i}.`,
        }) as CheckResult,
    ),
  );
  await new ResultStore(redis, new Keys(prefix)).saveResults('bench-seed', new Date().toISOString(), results);
  redis.disconnect();
}

async function phase(ctx: BenchContext, bot: SyntheticBot, name: IsolationPhase['phase'], rate: number, durationMs: number): Promise<IsolationPhase> {
  await bot.eventLoopMaxMs(); // resets the bot's histogram
  const acks = await openLoop({
    url: `${bot.baseUrl}/slack/events`,
    signingSecret: ctx.signingSecret,
    slackBaseUrl: ctx.slack.baseUrl,
    rate,
    durationMs,
    mix: ['help', 'status', 'click'],
    tag: `isolation-${name}-${rate}`.replace(/\s/g, '-'),
  });
  return { phase: name, rate, acks, eventLoopMaxMs: await bot.eventLoopMaxMs() };
}

export const isolationSection: BenchSection = {
  id: 'isolation',
  title: 'Isolation: open-loop help/status/click at 50 and 200 req/s, idle vs during a 10,000-bucket scan and a 10,000-finding burst (ROLE=all)',
  async run(ctx) {
    const buckets = ctx.quick ? 2_000 : 10_000;
    const findings = ctx.quick ? 2_000 : 10_000;
    const durationMs = ctx.quick ? 3_000 : 8_000;
    const start = () =>
      startSyntheticBot({
        role: 'all',
        accounts: 1,
        regions: ['eu-west-1'],
        buckets,
        findingsBurst: findings,
        cost: ctx.awsCost,
        slackApiUrl: ctx.slack.apiUrl,
        signingSecret: ctx.signingSecret,
        redisUrl: ctx.redisUrl,
      });
    const phases: IsolationPhase[] = [];
    let bot = await start();
    try {
      await seedResults(ctx.redisUrl, bot.prefix);
      for (const rate of ISOLATION_RATES) phases.push(await phase(ctx, bot, 'idle', rate, durationMs));
      await bot.startScan();
      // Let the scan get past planning into the buckets.
      await new Promise((r) => setTimeout(r, 1500));
      for (const rate of ISOLATION_RATES) phases.push(await phase(ctx, bot, 'scan', rate, durationMs));
      // A fresh bot for the burst: the scan above would still be running.
      await bot.stop();
      bot = await start();
      await seedResults(ctx.redisUrl, bot.prefix);
      await bot.releaseFindings();
      for (const rate of ISOLATION_RATES) phases.push(await phase(ctx, bot, 'findings burst', rate, durationMs));
    } finally {
      await bot.stop();
    }
    const data: IsolationData = { buckets, findings, phases };
    const rows: Row[] = phases.map((p) => ({
      phase: p.phase,
      'req/s': p.rate,
      sent: p.acks.all.sent,
      failed: p.acks.all.failed,
      empty: p.acks.all.empty,
      'p50 ms': p.acks.all.p50,
      'p99 ms': p.acks.all.p99,
      'max ms': p.acks.all.max,
      'status p99': p.acks.byKind.status?.p99 ?? '',
      'click p99': p.acks.byKind.click?.p99 ?? '',
      'event-loop max ms': p.eventLoopMaxMs,
    }));
    return {
      rows,
      data,
      notes: [
        `${buckets.toLocaleString('en')} buckets in one account and region; ${findings.toLocaleString('en')} GuardDuty findings over 3 channels; each phase ${durationMs / 1000} s; AWS calls cost ${ctx.awsCost.latencyMs} ms + ${ctx.awsCost.cpuUs} µs CPU.`,
        "Event-loop max is the worst single delay of the bot's event loop in the phase (monitorEventLoopDelay, 10 ms resolution), read from /metrics.",
        ...phases.flatMap((p) => failureNotes(`${p.phase} @ ${p.rate}/s`, p.acks)),
      ],
    };
  },
};
