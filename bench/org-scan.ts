/**
 * Goal 1 of issue #19, no loss under load: an organisation scan inside the bot (ROLE=all; 31 accounts × 3
 * regions, the synthetic AWS charging realistic latency and CPU per call), first alone, then while an
 * open-loop generator sends 200 signed `/gdpr status` requests per second. Counts empty and failed acks,
 * targets that failed every retry, and the scan's time against the same scan without the load.
 */
import type { BenchSection, Row } from './harness.js';
import { failureNotes, openLoop, type OpenLoopResult } from './open-loop.js';
import { startSyntheticBot } from './synthetic-bot.js';

export const ORG_REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1'];

export interface OrgScanRun {
  load: 'none' | string;
  wallMs: number;
  targets: number;
  failedTargets: number;
  awsCalls: number;
  acks?: OpenLoopResult;
}

export interface OrgScanData {
  accounts: number;
  regions: number;
  rate: number;
  alone: OrgScanRun;
  loaded: OrgScanRun;
}

export const orgScanSection: BenchSection = {
  id: 'org-scan',
  title: 'Organisation scan with and without 200 /gdpr status requests/s (ROLE=all, synthetic AWS with latency and CPU per call)',
  async run(ctx) {
    const accounts = ctx.quick ? 6 : 31;
    const rate = 200;
    const bot = await startSyntheticBot({
      role: 'all',
      accounts,
      regions: ORG_REGIONS,
      cost: ctx.awsCost,
      slackApiUrl: ctx.slack.apiUrl,
      signingSecret: ctx.signingSecret,
      redisUrl: ctx.redisUrl,
    });
    try {
      const scan = async (load: string, during?: (wallMs: number) => Promise<OpenLoopResult>, expectedMs = 0): Promise<OrgScanRun> => {
        const before = (await bot.calls()).total;
        const { scanId, at } = await bot.startScan();
        const acks = during ? during(expectedMs) : undefined;
        const done = await bot.waitScan(scanId);
        return {
          load,
          wallMs: done.finishedAt - at,
          targets: done.total,
          failedTargets: done.failedTargets,
          awsCalls: (await bot.calls()).total - before,
          acks: acks ? await acks : undefined,
        };
      };
      const alone = await scan('none');
      // The load covers the scan even if it takes the 1.3 × allowed (and a few seconds more).
      const loaded = await scan(
        `${rate} status/s`,
        (ms) =>
          openLoop({
            url: `${bot.baseUrl}/slack/events`,
            signingSecret: ctx.signingSecret,
            slackBaseUrl: ctx.slack.baseUrl,
            rate,
            durationMs: Math.round(ms * 1.3) + 3000,
            mix: ['status'],
            tag: 'org-scan',
          }),
        alone.wallMs,
      );
      const data: OrgScanData = { accounts, regions: ORG_REGIONS.length, rate, alone, loaded };
      const rows: Row[] = [alone, loaded].map((r) => ({
        load: r.load,
        targets: r.targets,
        'failed targets': r.failedTargets,
        'AWS calls': r.awsCalls,
        'scan s': Math.round(r.wallMs / 100) / 10,
        acks: r.acks?.all.sent ?? '',
        'empty acks': r.acks?.all.empty ?? '',
        'failed acks': r.acks?.all.failed ?? '',
        'ack p99 ms': r.acks?.all.p99 ?? '',
        'ack max ms': r.acks?.all.max ?? '',
      }));
      return {
        rows,
        data,
        notes: [
          `${accounts} accounts × ${ORG_REGIONS.length} regions; each AWS call costs ${ctx.awsCost.latencyMs} ms of latency and ${ctx.awsCost.cpuUs} µs of CPU. The status load runs for 1.3 × the unloaded scan time + 3 s, open loop (bench/open-loop.ts, its own process).`,
          "A failed ack: an error, non-2xx or over Slack's 3 s; an empty ack: 2xx without the posture in it.",
          ...(loaded.acks ? failureNotes('under load', loaded.acks) : []),
        ],
      };
    } finally {
      await bot.stop();
    }
  },
};
