import { describe, expect, it } from 'vitest';
import { computeGoals, goalRows, type SectionData } from '../../bench/goals.js';
import type { OpenLoopResult } from '../../bench/open-loop.js';
import type { ScanRun } from '../../bench/scan-child.js';

/** Canned section results (no bench run): what bench/index.ts hands computeGoals. */
const acks = (p99: number, failed = 0, empty = 0, sent = 1000): OpenLoopResult => {
  const k = { sent, ok: sent - failed - empty, empty, failed, p50: Math.round(p99 / 3), p99, max: p99 + 5 };
  return { rate: 200, durationMs: 5000, sentPerSec: 200, byKind: { status: k }, all: k };
};
const scanRun = (buckets: number, calls: number, wallMs: number): ScanRun => ({
  buckets,
  users: 500,
  keysPerRegion: 200,
  volumesPerRegion: 10,
  regions: 4,
  via: 'middleware',
  resources: buckets + 1340,
  results: 0,
  calls,
  reReads: 0,
  wallMs,
  baselineRssMb: 150,
  peakRssMb: 200,
  heapRetainedMb: 10,
});

function canned(): SectionData {
  return {
    'org-scan': {
      accounts: 31,
      regions: 3,
      rate: 200,
      alone: { load: 'none', wallMs: 30_000, targets: 93, failedTargets: 0, awsCalls: 11_000 },
      loaded: { load: '200 status/s', wallMs: 36_000, targets: 93, failedTargets: 0, awsCalls: 11_000, acks: acks(40) },
    },
    isolation: {
      buckets: 10_000,
      findings: 10_000,
      phases: [
        { phase: 'idle', rate: 50, acks: acks(20), eventLoopMaxMs: 12 },
        { phase: 'idle', rate: 200, acks: acks(30), eventLoopMaxMs: 15 },
        { phase: 'scan', rate: 50, acks: acks(25), eventLoopMaxMs: 40 },
        { phase: 'scan', rate: 200, acks: acks(40), eventLoopMaxMs: 60 },
        { phase: 'findings burst', rate: 50, acks: acks(28), eventLoopMaxMs: 30 },
        { phase: 'findings burst', rate: 200, acks: acks(44), eventLoopMaxMs: 70 },
      ],
    },
    'ack-latency': [
      { workload: '/gdpr status', connections: 50, floor: { cpuUsPerRequest: 400 }, ours: { cpuUsPerRequest: 700 } },
      { workload: '/gdpr status', connections: 500, floor: { cpuUsPerRequest: 500 }, ours: { cpuUsPerRequest: 5000 } },
      { workload: 'click "Verify the hash chain"', connections: 50, floor: { cpuUsPerRequest: 400 }, ours: { cpuUsPerRequest: 1100 } },
    ],
    footprint: {
      startupMs: 900,
      npmStartMs: 1500,
      rss: [
        { when: 'after start-up', 'bot RSS MiB': 90, 'floor RSS MiB': 75 },
        { when: 'after /gdpr status', 'bot RSS MiB': 100, 'floor RSS MiB': 80 },
      ],
      web: { awsClients: [], jobModules: 0 },
    },
    'scale-out': {
      accounts: 50,
      regions: 4,
      runs: [
        { workers: 1, wallMs: 40_000, awsCalls: 20_000, targets: 200, failedTargets: 0, scannedTwice: 0, missing: 0 },
        { workers: 2, wallMs: 22_000, awsCalls: 20_000, targets: 200, failedTargets: 0, scannedTwice: 0, missing: 0 },
        { workers: 4, wallMs: 20_000, awsCalls: 20_000, targets: 200, failedTargets: 0, scannedTwice: 0, missing: 0 },
      ],
      bucketSplit: 'yes',
    },
    findings: {
      findings: 10_000,
      findingsPerSec: 2000,
      deliveredPerSec: 500,
      topLevelMessages: 6,
      senders: 16,
      maxStallMs: 300,
      duplicates: 0,
      lost: 0,
      baselineRssMb: 120,
      peakRssMb: 250,
    },
    scan: { runs: [scanRun(100, 1_000, 1_000), scanRun(1_000, 6_400, 2_000), scanRun(10_000, 60_400, 12_000)] },
  };
}

describe('bench goals (issue #19)', () => {
  it('gives every goal as { name, value, target, met }, in the issue order, all met on good figures', () => {
    const goals = computeGoals(canned());
    for (const g of goals) {
      expect(Object.keys(g).sort()).toEqual(['met', 'name', 'target', 'value']);
      expect(typeof g.name).toBe('string');
      expect(['string', 'number']).toContain(typeof g.value);
      expect(typeof g.target).toBe('string');
      expect(typeof g.met).toBe('boolean');
    }
    expect([...new Set(goals.map((g) => g.name.split(' ')[0]))]).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(goals.filter((g) => !g.met).map((g) => g.name)).toEqual([]);
    expect(goalRows(goals)[0]).toEqual({ goal: goals[0]!.name, value: String(goals[0]!.value), target: goals[0]!.target, met: 'yes' });
  });

  it('says "no" for each figure that misses its target', () => {
    const d = canned();
    d['org-scan']!.loaded.acks = acks(40, 3, 2);
    d['org-scan']!.loaded.wallMs = 45_000;
    d.isolation!.phases[3]!.eventLoopMaxMs = 3500;
    d['ack-latency']![2]!.ours.cpuUsPerRequest = 2400;
    d.footprint!.web = { awsClients: ['client-ec2'], jobModules: 0 };
    d['scale-out']!.runs[1]!.wallMs = 35_000;
    d.findings!.maxStallMs = 25_000;
    d.scan!.runs[2]!.wallMs = 40_000;
    const missed = computeGoals(d)
      .filter((g) => !g.met)
      .map((g) => g.name);
    expect(missed).toEqual([
      '1 no loss: empty or failed acks at 200 status/s during the org scan',
      '1 no loss: scan time loaded / alone',
      '2 isolation: event-loop delay max during the 10,000-bucket scan',
      '3 CPU per request vs the floor: a click that records a job (click "Verify the hash chain", 50 conns)',
      '4 memory: ROLE=web loads no AWS client and no job processor',
      '5 scale-out: wall time 1 → 2 workers (50 accounts × 4 regions)',
      '6 findings delivery: longest stall between posts of one channel (10,000 findings, 3 channels, 16 senders)',
      '7 scan: time per resource at 10,000 buckets vs 1,000',
    ]);
    expect(computeGoals(d).find((g) => g.name.startsWith('1 no loss: empty'))!.value).toBe('5 of 1000');
  });

  it("judges a click's CPU on the whole process, and shows the share of the thread that answers Slack beside it", () => {
    const d = canned();
    d['ack-latency']![2]!.ours = { cpuUsPerRequest: 2400, ackThreadCpuUsPerRequest: 600 };
    const click = computeGoals(d).find((g) => g.name.startsWith('3 CPU per request vs the floor: a click'))!;
    expect(click.met).toBe(false);
    expect(click.value).toBe('×6.00 (2400 vs 400 µs); on the thread that answers Slack ×1.50 (600 µs)');
  });

  it('never says "yes" for a figure that was not measured', () => {
    const d = canned();
    delete d['org-scan']!.loaded.acks;
    d.isolation!.phases = d.isolation!.phases.map((p) => ({ ...p, eventLoopMaxMs: NaN }));
    d.footprint!.npmStartMs = undefined;
    d['scale-out']!.bucketSplit = 'not measured: no bucket-shard jobs';
    const goals = computeGoals(d);
    const byName = (start: string) => goals.filter((g) => g.name.startsWith(start));
    expect(byName('1 no loss: empty')[0]).toMatchObject({ value: 'not measured', met: false });
    expect(byName('2 isolation: event-loop').every((g) => !g.met)).toBe(true);
    expect(byName('4 start-up')[0]).toMatchObject({ value: 'not measured', met: false });
    expect(byName('5 scale-out: a 10,000-bucket')[0]).toMatchObject({ met: false });
  });

  it('leaves out the goals of sections that did not run (--only)', () => {
    const { findings } = canned();
    expect(computeGoals({ findings }).map((g) => g.name.split(' ')[0])).toEqual(['6', '6', '6']);
  });
});
