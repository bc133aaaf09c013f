/**
 * Scan cost: a scan of a synthetic account (mocked AWS, 500 IAM users, 200 KMS keys and 10 volumes per
 * region, 4 regions) at 100, 1,000 and 10,000 buckets. AWS calls per resource, per-check re-reads,
 * wall time, peak RSS, and how calls and time grow with the account. Each scan runs in a process of
 * its own (bench/scan-child.ts) so its memory is measured from a clean baseline.
 *
 * AWS is answered by a middleware that keeps no call history; one more run at 1,000 (and 10,000)
 * buckets uses aws-sdk-client-mock, as the tests do, to show what the mock's history costs.
 *
 *   npm run bench -- --only=scan      (npm run bench:scan is the same)
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchSection, Row } from './harness.js';
import type { MockVia, ScanRun } from './scan-child.js';

const here = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

/** Issue 3: peak RSS of the 1,000-bucket scan. */
export const RSS_BUDGET_MB = 300;
/** Old-space cap of the last run: the scan must still complete, which shows its live set is small. */
const CAPPED_OLD_SPACE_MB = 96;
/** Time per resource may grow this much from 1,000 to 10,000 buckets and still count as linear. */
const LINEAR_TOLERANCE = 1.5;

/** Runs one synthetic scan in a child process and returns what it measured. */
export async function runScanChild(buckets: number, via: MockVia, nodeFlags: string[] = []): Promise<ScanRun> {
  const { stdout } = await run(process.execPath, ['--expose-gc', ...nodeFlags, '--import', 'tsx', join(here, 'scan-child.ts'), String(buckets), via], {
    maxBuffer: 1 << 20,
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as ScanRun;
}

/** RSS of a bare `node --import tsx` process: the part of every baseline that is the runtime, not the program. */
async function bareRuntimeRssMb(): Promise<number> {
  const { stdout } = await run(process.execPath, [
    '--import',
    'tsx',
    '-e',
    "process.stdout.write(/VmRSS:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status','utf8'))[1])",
  ]);
  return Math.round(Number(stdout) / 1024);
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
const fmt = (n: number, digits = 2) => n.toFixed(digits);

export const scanSection: BenchSection = {
  id: 'scan',
  title: 'Scan cost (synthetic account, mocked AWS: 500 users, 200 KMS keys and 10 volumes per region, 4 regions)',
  usesBot: false,
  async run(ctx) {
    const sizes = ctx.quick ? [100, 1_000] : [100, 1_000, 10_000];
    const mockSizes = ctx.quick ? [1_000] : [1_000, 10_000];
    const runs: ScanRun[] = [];
    for (const buckets of sizes) runs.push(await runScanChild(buckets, 'middleware'));
    const withHistory: ScanRun[] = [];
    for (const buckets of mockSizes) withHistory.push(await runScanChild(buckets, 'aws-sdk-client-mock'));
    // The capped run may run out of heap: that is a finding to report, not a reason to lose the section's goals.
    const cappedSize = sizes[sizes.length - 1]!;
    const capped = await runScanChild(cappedSize, 'middleware', [`--max-old-space-size=${CAPPED_OLD_SPACE_MB}`]).catch(() => undefined);
    const bare = await bareRuntimeRssMb();

    const ref = runs.find((r) => r.buckets === 1_000)!;
    const perResource = (r: ScanRun) => ({ calls: r.calls / r.resources, ms: r.wallMs / r.resources });
    const rows: Row[] = [...runs, ...withHistory, ...(capped ? [capped] : [])].map((r) => {
      const i = runs.indexOf(r);
      const prev = i > 0 ? runs[i - 1] : undefined;
      const p = perResource(r);
      return {
        buckets: r.buckets,
        mock: r === capped ? `middleware, old space ≤ ${CAPPED_OLD_SPACE_MB} MB` : r.via === 'middleware' ? 'middleware' : 'aws-sdk-client-mock',
        resources: r.resources,
        results: r.results,
        'AWS calls': r.calls,
        'calls/res': fmt(p.calls),
        'calls/res vs 1k': fmt(ratio(p.calls, perResource(ref).calls)),
        'Δcalls/Δbucket': prev ? fmt((r.calls - prev.calls) / (r.buckets - prev.buckets)) : '',
        're-reads': r.reReads,
        'wall ms': r.wallMs,
        'ms/res': fmt(p.ms, 3),
        'ms/res vs 1k': fmt(ratio(p.ms, perResource(ref).ms)),
        'base RSS MB': r.baselineRssMb,
        'peak RSS MB': r.peakRssMb,
        'scan Δ MB': r.peakRssMb - r.baselineRssMb,
        'heap kept MB': r.heapRetainedMb,
      };
    });

    const notes: string[] = [];
    const steps = runs.slice(1).map((r, i) => (r.calls - runs[i]!.calls) / (r.buckets - runs[i]!.buckets));
    const perBucketConstant = steps.every((s) => Math.abs(s - steps[0]!) < 0.01);
    notes.push(
      `Calls grow linearly (O(resources)): ${perBucketConstant ? 'yes' : 'no'}: every added bucket costs ${steps.map((s) => fmt(s)).join(' then ')} calls ` +
        `(calls/resource rises only because buckets, at 6 calls each, become a larger share of the account).`,
    );
    const reReads = [...runs, ...withHistory].reduce((n, r) => n + r.reReads, 0);
    notes.push(`No per-check re-reads of the same API: ${reReads === 0 ? 'yes' : 'no'} (${reReads} extra requests).`);
    const big = runs.find((r) => r.buckets === 10_000);
    if (big) {
      const growth = ratio(perResource(big).ms, perResource(ref).ms);
      notes.push(
        `Time grows linearly (ms/resource at 10,000 buckets ≤ ${LINEAR_TOLERANCE} × at 1,000): ${growth <= LINEAR_TOLERANCE ? 'yes' : 'no'} (×${fmt(growth)}).`,
      );
    }
    notes.push(
      `Peak RSS of the 1,000-bucket scan < ${RSS_BUDGET_MB} MB (whole process): ${ref.peakRssMb < RSS_BUDGET_MB ? 'yes' : 'no'} (${ref.peakRssMb} MB).`,
    );
    notes.push(
      `Where the memory is: a bare node + tsx process is ${bare} MB; loading the scanner (17 AWS SDK clients), tsx-compiled sources and the mock brings it to ${ref.baselineRssMb} MB before the scan; ` +
        `the 1,000-bucket scan adds ${ref.peakRssMb - ref.baselineRssMb} MB at peak and keeps ${ref.heapRetainedMb} MB of heap (snapshots + results)` +
        (big ? `; 10,000 buckets add ${big.peakRssMb - big.baselineRssMb} MB at peak and keep ${big.heapRetainedMb} MB.` : '.'),
    );
    notes.push(
      capped
        ? `With the old space capped at ${CAPPED_OLD_SPACE_MB} MB the ${capped.buckets.toLocaleString('en')}-bucket scan still completes (${capped.results} results, ${capped.wallMs} ms) ` +
            `and peaks at ${capped.peakRssMb} MB: the rest of the uncapped peak is garbage V8 lets accumulate while memory is free, not data the scanner needs.`
        : `With the old space capped at ${CAPPED_OLD_SPACE_MB} MB the ${cappedSize.toLocaleString('en')}-bucket scan did NOT complete (out of heap): its live set no longer fits in ${CAPPED_OLD_SPACE_MB} MB.`,
    );
    for (const m of withHistory) {
      const mine = runs.find((r) => r.buckets === m.buckets);
      if (!mine) continue;
      notes.push(
        `aws-sdk-client-mock at ${m.buckets.toLocaleString('en')} buckets: heap kept ${m.heapRetainedMb} MB vs ${mine.heapRetainedMb} MB (its call history: sinon keeps every request and answer); ` +
          `peak RSS ${m.peakRssMb} MB vs ${mine.peakRssMb} MB (the middleware runs the SDK's send path, the stub skips it).`,
      );
    }
    notes.push("Wall time is the scanner's own CPU cost against a mock that answers at once; real AWS latency is not in it.");
    return { rows, notes, data: { runs, withHistory, bareRuntimeRssMb: bare, budgetMb: RSS_BUDGET_MB } };
  },
};
