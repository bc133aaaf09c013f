/**
 * The goals of issue #19, computed from the sections' results: one row per goal, `{ name, value, target,
 * met }`, printed by `npm run bench` as "goal | value | target | met" and written to bench/results.json as
 * `goals`. Pure (section data in, goals out) so that test/bench/goals.test.ts can run it on canned results.
 * A goal whose section ran but whose figure is missing is not met: never a "yes" for what was not measured.
 * Goals of sections that were not selected (`--only`) are left out.
 */
import type { FindingsBenchResult } from './findings.js';
import type { IsolationData } from './isolation.js';
import type { OrgScanData } from './org-scan.js';
import type { ScanRun } from './scan-child.js';
import type { ScaleOutData } from './scale-out.js';

export interface Goal {
  name: string;
  value: number | string;
  target: string;
  met: boolean;
}

/** What the footprint measures (bench/index.ts). */
export interface FootprintData {
  /** Spawn to /healthz = 200 of the bot from dist/ (ms). */
  startupMs: number;
  /** `npm start` to /healthz = 200 (ms), when measured. */
  npmStartMs?: number;
  /** RSS rows: label, bot and floor MiB. */
  rss: { when: string; 'bot RSS MiB': number; 'floor RSS MiB': number }[];
  /** What a ROLE=web process loaded: `@aws-sdk/client-*` packages and dist/jobs modules. */
  web?: { awsClients: string[]; jobModules: number };
  /** RSS after start-up (MiB) of the other shapes: ROLE=web, and ROLE=all with WORKERS=inline. */
  shapes?: { web: number; inline: number };
}

/** The parts of the ack-latency section's data the goals read. */
export interface AckLatencyEntry {
  workload: string;
  connections: number;
  floor: { cpuUsPerRequest?: number };
  ours: { cpuUsPerRequest?: number; ackThreadCpuUsPerRequest?: number };
}

export interface SectionData {
  'ack-latency'?: AckLatencyEntry[];
  scan?: { runs: ScanRun[] };
  findings?: FindingsBenchResult;
  'org-scan'?: OrgScanData;
  isolation?: IsolationData;
  'scale-out'?: ScaleOutData;
  footprint?: FootprintData;
}

const LIMITS = {
  scanTimeRatio: 1.3,
  p99Ratio: 1.5,
  p99Ms: 250,
  eventLoopMaxMs: 100,
  statusCpu: 2,
  clickCpu: 3,
  startupRss: 1.3,
  afterAcksRss: 1.2,
  findingsPeakMb: 300,
  npmStartMs: 2000,
  scaleOut2: 1.7,
  stallMs: 2000,
  topLevel: 10,
  linear: 1.5,
};

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const finite = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);

function goal(name: string, value: number | string, target: string, met: boolean): Goal {
  return { name, value, target, met };
}

function orgScanGoals(d: OrgScanData): Goal[] {
  const acks = d.loaded.acks;
  const bad = acks ? acks.all.empty + acks.all.failed : NaN;
  const ratio = d.alone.wallMs > 0 ? d.loaded.wallMs / d.alone.wallMs : NaN;
  return [
    goal(
      `1 no loss: empty or failed acks at ${d.rate} status/s during the org scan`,
      acks ? `${bad} of ${acks.all.sent}` : 'not measured',
      '0',
      acks !== undefined && acks.all.sent > 0 && bad === 0,
    ),
    goal(
      `1 no loss: targets failed every retry (loaded / alone, of ${d.loaded.targets})`,
      `${d.loaded.failedTargets} / ${d.alone.failedTargets}`,
      '0',
      d.loaded.targets > 0 && d.alone.targets > 0 && d.loaded.failedTargets === 0 && d.alone.failedTargets === 0,
    ),
    goal(
      '1 no loss: scan time loaded / alone',
      `×${fmt(ratio)} (${fmt(d.loaded.wallMs / 1000, 1)} s vs ${fmt(d.alone.wallMs / 1000, 1)} s)`,
      `≤ ${LIMITS.scanTimeRatio}`,
      finite(ratio) && ratio <= LIMITS.scanTimeRatio,
    ),
  ];
}

function isolationGoals(d: IsolationData): Goal[] {
  const out: Goal[] = [];
  for (const busy of ['scan', 'findings burst'] as const) {
    const label = busy === 'scan' ? `${d.buckets.toLocaleString('en')}-bucket scan` : `${d.findings.toLocaleString('en')}-finding burst`;
    const phases = d.phases.filter((p) => p.phase === busy);
    for (const p of phases) {
      const idle = d.phases.find((q) => q.phase === 'idle' && q.rate === p.rate);
      const ratio = idle && idle.acks.all.p99 > 0 ? p.acks.all.p99 / idle.acks.all.p99 : NaN;
      out.push(
        goal(
          `2 isolation: p99 during the ${label} vs idle, ${p.rate} req/s`,
          `×${fmt(ratio)} (${p.acks.all.p99} vs ${idle?.acks.all.p99 ?? 'n/a'} ms${p.acks.all.failed ? `, ${p.acks.all.failed} failed` : ''})`,
          `≤ ${LIMITS.p99Ratio} × idle and < ${LIMITS.p99Ms} ms`,
          finite(ratio) && ratio <= LIMITS.p99Ratio && p.acks.all.p99 < LIMITS.p99Ms && p.acks.all.failed === 0 && p.acks.all.sent > 0,
        ),
      );
    }
    const max = Math.max(...phases.map((p) => p.eventLoopMaxMs));
    out.push(
      goal(
        `2 isolation: event-loop delay max during the ${label}`,
        phases.length ? `${finite(max) ? max : 'n/a'} ms` : 'not measured',
        `< ${LIMITS.eventLoopMaxMs} ms`,
        phases.length > 0 && finite(max) && max < LIMITS.eventLoopMaxMs,
      ),
    );
  }
  return out;
}

function cpuGoals(entries: AckLatencyEntry[]): Goal[] {
  // The lowest concurrency: the fewest connections to accept, so the CPU is the requests'.
  const low = Math.min(...entries.map((e) => e.connections));
  const ratioOf = (match: (w: string) => boolean) => {
    const e = entries.find((x) => x.connections === low && match(x.workload));
    const ours = e?.ours.cpuUsPerRequest;
    const floor = e?.floor.cpuUsPerRequest;
    return { e, ratio: finite(ours) && finite(floor) && floor > 0 ? ours / floor : NaN, ours, floor, ackThread: e?.ours.ackThreadCpuUsPerRequest };
  };
  const out: Goal[] = [];
  for (const [name, match, limit] of [
    ['/gdpr status', (w: string) => w.includes('status'), LIMITS.statusCpu],
    ['a click that records a job', (w: string) => w.startsWith('click'), LIMITS.clickCpu],
  ] as const) {
    const r = ratioOf(match);
    if (!r.e) continue;
    out.push(
      goal(
        `3 CPU per request vs the floor: ${name} (${r.e.workload}, ${low} conns)`,
        `×${fmt(r.ratio)} (${r.ours ?? 'n/a'} vs ${r.floor ?? 'n/a'} µs)` +
          // The whole process is what is judged; the share of the thread that answers Slack is shown beside it.
          (finite(r.ackThread) && finite(r.floor) && r.floor > 0
            ? `; on the thread that answers Slack ×${fmt(r.ackThread / r.floor)} (${r.ackThread} µs)`
            : ''),
        `≤ ${limit} ×`,
        finite(r.ratio) && r.ratio <= limit,
      ),
    );
  }
  return out;
}

function footprintGoals(f: FootprintData, findings?: FindingsBenchResult): Goal[] {
  const out: Goal[] = [];
  const start = f.rss.find((r) => r.when === 'after start-up');
  const startRatio = start ? start['bot RSS MiB'] / start['floor RSS MiB'] : NaN;
  out.push(
    goal(
      '4 memory: RSS after start-up vs the floor',
      start
        ? `×${fmt(startRatio)} (${start['bot RSS MiB']} vs ${start['floor RSS MiB']} MiB)` +
            (f.shapes
              ? `; WORKERS=inline ×${fmt(f.shapes.inline / start['floor RSS MiB'])} (${f.shapes.inline} MiB), ROLE=web ×${fmt(f.shapes.web / start['floor RSS MiB'])} (${f.shapes.web} MiB)`
              : '')
        : 'not measured',
      `≤ ${LIMITS.startupRss} ×`,
      finite(startRatio) && startRatio <= LIMITS.startupRss,
    ),
  );
  if (f.web) {
    out.push(
      goal(
        '4 memory: ROLE=web loads no AWS client and no job processor',
        `${f.web.awsClients.length} AWS clients${f.web.awsClients.length ? ` (${f.web.awsClients.join(', ')})` : ''}, ${f.web.jobModules} job modules`,
        '0 and 0',
        f.web.awsClients.length === 0 && f.web.jobModules === 0,
      ),
    );
  }
  const afterAcks = f.rss.filter((r) => r.when.startsWith('after /gdpr') || r.when.startsWith('after click'));
  if (afterAcks.length > 0) {
    const worst = Math.max(...afterAcks.map((r) => r['bot RSS MiB']));
    const ratio = start ? worst / start['bot RSS MiB'] : NaN;
    out.push(
      goal(
        '4 memory: RSS after the ack workloads vs after start-up',
        `×${fmt(ratio)} (${worst} vs ${start?.['bot RSS MiB'] ?? 'n/a'} MiB)` +
          // The floor's own growth under the same workloads, for scale.
          (start ? `; the floor ×${fmt(Math.max(...afterAcks.map((r) => r['floor RSS MiB'])) / start['floor RSS MiB'])}` : ''),
        `≤ ${LIMITS.afterAcksRss} ×`,
        finite(ratio) && ratio <= LIMITS.afterAcksRss,
      ),
    );
  }
  if (findings)
    out.push(
      goal(
        `4 memory: peak RSS of the ${findings.findings.toLocaleString('en')}-finding pipeline`,
        `${findings.peakRssMb} MB`,
        `≤ ${LIMITS.findingsPeakMb} MB`,
        findings.peakRssMb <= LIMITS.findingsPeakMb,
      ),
    );
  out.push(
    goal(
      '4 start-up: `npm start` to /healthz = 200',
      finite(f.npmStartMs) ? `${f.npmStartMs} ms` : 'not measured',
      `≤ ${LIMITS.npmStartMs} ms`,
      finite(f.npmStartMs) && f.npmStartMs <= LIMITS.npmStartMs,
    ),
  );
  return out;
}

function scaleOutGoals(d: ScaleOutData): Goal[] {
  const byWorkers = (n: number) => d.runs.find((r) => r.workers === n);
  const one = byWorkers(1);
  const two = byWorkers(2);
  const speedup = one && two && two.wallMs > 0 ? one.wallMs / two.wallMs : NaN;
  const perAccount = d.runs.map((r) => r.awsCalls / d.accounts);
  const spread = perAccount.length ? Math.max(...perAccount) / Math.min(...perAccount) : NaN;
  const twice = d.runs.reduce((n, r) => n + r.scannedTwice, 0);
  const missing = d.runs.reduce((n, r) => n + r.missing, 0);
  return [
    goal(
      `5 scale-out: wall time 1 → 2 workers (${d.accounts} accounts × ${d.regions} regions)`,
      `×${fmt(speedup)} (${d.runs.map((r) => `${r.workers}w ${fmt(r.wallMs / 1000, 1)} s`).join(', ')})`,
      `≥ ${LIMITS.scaleOut2} ×`,
      finite(speedup) && speedup >= LIMITS.scaleOut2,
    ),
    goal(
      '5 scale-out: AWS calls per account, 1/2/4 workers',
      perAccount.map((n) => fmt(n, 1)).join(' / '),
      'constant (max/min ≤ 1.01)',
      d.runs.length > 1 && finite(spread) && spread <= 1.01,
    ),
    goal('5 scale-out: targets scanned twice / not scanned', `${twice} / ${missing}`, '0 / 0', d.runs.length > 0 && twice === 0 && missing === 0),
    goal(
      `5 scale-out: a ${(d.split?.buckets ?? 10_000).toLocaleString('en')}-bucket account split into jobs several workers share`,
      d.split
        ? `${d.bucketSplit ?? 'no'} (buckets per worker ${d.split.shares.join(' / ')}, ${(d.split.wallMs / 1000).toFixed(1)} s)`
        : (d.bucketSplit ?? 'not measured'),
      'yes',
      d.bucketSplit === 'yes',
    ),
  ];
}

function findingsGoals(r: FindingsBenchResult): Goal[] {
  const label = `${r.findings.toLocaleString('en')} findings, 3 channels, ${r.senders} senders`;
  return [
    goal(
      `6 findings delivery: longest stall between posts of one channel (${label})`,
      finite(r.maxStallMs) ? `${r.maxStallMs} ms` : 'not measured',
      `≤ ${LIMITS.stallMs} ms`,
      finite(r.maxStallMs) && r.maxStallMs <= LIMITS.stallMs,
    ),
    goal('6 findings delivery: top-level messages', r.topLevelMessages, `≤ ${LIMITS.topLevel}`, r.topLevelMessages <= LIMITS.topLevel),
    goal('6 findings delivery: duplicates / lost', `${r.duplicates} / ${r.lost}`, '0 / 0', r.duplicates === 0 && r.lost === 0),
  ];
}

function scanGoals(runs: ScanRun[]): Goal[] {
  const mine = runs.filter((r) => r.via === 'middleware').sort((a, b) => a.buckets - b.buckets);
  const steps = mine.slice(1).map((r, i) => (r.calls - mine[i]!.calls) / (r.buckets - mine[i]!.buckets));
  const constant = steps.length > 0 && steps.every((s) => Math.abs(s - steps[0]!) < 0.01);
  const out = [goal('7 scan: AWS calls per added bucket', steps.length ? steps.map((s) => fmt(s)).join(' then ') : 'not measured', 'constant', constant)];
  const perRes = (r: ScanRun) => r.wallMs / r.resources;
  const ref = mine.find((r) => r.buckets === 1_000);
  const big = mine.find((r) => r.buckets === 10_000);
  if (ref && big) {
    const growth = perRes(big) / perRes(ref);
    out.push(
      goal('7 scan: time per resource at 10,000 buckets vs 1,000', `×${fmt(growth)}`, `≤ ${LIMITS.linear} ×`, finite(growth) && growth <= LIMITS.linear),
    );
  }
  return out;
}

/** Every goal the selected sections measured, in the issue's order. */
export function computeGoals(d: SectionData): Goal[] {
  return [
    ...(d['org-scan'] ? orgScanGoals(d['org-scan']) : []),
    ...(d.isolation ? isolationGoals(d.isolation) : []),
    ...(d['ack-latency'] ? cpuGoals(d['ack-latency']) : []),
    ...(d.footprint ? footprintGoals(d.footprint, d.findings) : []),
    ...(d['scale-out'] ? scaleOutGoals(d['scale-out']) : []),
    ...(d.findings ? findingsGoals(d.findings) : []),
    ...(d.scan ? scanGoals(d.scan.runs) : []),
  ];
}

/** The goals as table rows (goal | value | target | met). */
export function goalRows(goals: Goal[]): Record<string, string>[] {
  return goals.map((g) => ({ goal: g.name, value: String(g.value), target: g.target, met: g.met ? 'yes' : 'NO' }));
}
