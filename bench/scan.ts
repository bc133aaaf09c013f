/**
 * Benchmark of a scan of a synthetic account (mocked AWS with a call counter): AWS calls per resource,
 * wall time and peak RSS for 100, 1,000 and 10,000 buckets (500 IAM users, 200 KMS keys per region,
 * 4 regions). `npm run bench:scan` prints the table; `runScanBench` is what `npm run bench` imports.
 */
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import { AwsClients } from '../src/aws/clients.js';
import { DEFAULT_SCAN_SETTINGS } from '../src/aws/collectors/context.js';
import { scanTarget } from '../src/checks/engine.js';
import { CHECKS } from '../src/checks/registry.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../test/helpers/synthetic-aws.js';

export interface ScanBenchRow {
  buckets: number;
  users: number;
  keysPerRegion: number;
  regions: number;
  resources: number;
  results: number;
  calls: number;
  callsPerResource: number;
  /** Requests beyond one per resource and API (a per-check re-read would show here). */
  reReads: number;
  wallMs: number;
  peakRssMb: number;
}

export interface ScanBenchOptions {
  sizes?: number[];
  users?: number;
  keys?: number;
  regions?: string[];
  concurrency?: number;
}

const PER_BUCKET = ['s3:GetPublicAccessBlock', 's3:GetBucketPolicyStatus', 's3:GetBucketAcl', 's3:GetBucketEncryption', 's3:GetBucketPolicy', 's3:GetBucketVersioning'];
const PER_KEY = ['kms:DescribeKey', 'kms:GetKeyRotationStatus'];

/** Runs the synthetic scan once per size and measures it. */
export async function runScanBench(options: ScanBenchOptions = {}): Promise<ScanBenchRow[]> {
  const sizes = options.sizes ?? [100, 1_000, 10_000];
  const users = options.users ?? 500;
  const keys = options.keys ?? 200;
  const regions = options.regions ?? ['eu-west-1', 'eu-central-1', 'eu-north-1', 'eu-south-1'];
  const rows: ScanBenchRow[] = [];
  for (const buckets of sizes) {
    const aws = mockSyntheticAccount({ buckets, users, keys, volumes: 10, pageSize: 1000 });
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    try {
      const clients = new AwsClients({ defaultRegion: regions[0]! });
      const limit = pLimit(options.concurrency ?? 8);
      const perRegion = await Promise.all(
        regions.map((region, i) =>
          scanTarget({ clients, accountId: SYNTHETIC_ACCOUNT_ID, region, home: i === 0, regions, settings: DEFAULT_SCAN_SETTINGS, checks: CHECKS, limit, sleep: async () => undefined }),
        ),
      );
      const wallMs = performance.now() - started;
      peak = Math.max(peak, process.memoryUsage().rss);
      const c = aws.counter.byCommand;
      const reReads =
        PER_BUCKET.reduce((n, k) => n + Math.max(0, (c.get(k) ?? 0) - buckets), 0) + PER_KEY.reduce((n, k) => n + Math.max(0, (c.get(k) ?? 0) - keys * regions.length), 0);
      const resources = buckets + users + keys * regions.length + 10 * regions.length;
      rows.push({
        buckets,
        users,
        keysPerRegion: keys,
        regions: regions.length,
        resources,
        results: perRegion.reduce((n, r) => n + r.results.length, 0),
        calls: aws.counter.total,
        callsPerResource: Number((aws.counter.total / resources).toFixed(2)),
        reReads,
        wallMs: Math.round(wallMs),
        peakRssMb: Math.round(peak / 1024 / 1024),
      });
    } finally {
      clearInterval(sampler);
      aws.restore();
    }
  }
  return rows;
}

/** The rows as a plain-text table. */
export function formatScanBench(rows: readonly ScanBenchRow[]): string {
  const head = 'buckets  users  keys/region  regions  resources  AWS calls  calls/resource  re-reads  wall ms  peak RSS MB';
  return [head, ...rows.map((r) => `${String(r.buckets).padStart(7)}  ${String(r.users).padStart(5)}  ${String(r.keysPerRegion).padStart(11)}  ${String(r.regions).padStart(7)}  ${String(r.resources).padStart(9)}  ${String(r.calls).padStart(9)}  ${String(r.callsPerResource).padStart(14)}  ${String(r.reReads).padStart(8)}  ${String(r.wallMs).padStart(7)}  ${String(r.peakRssMb).padStart(11)}`)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runScanBench();
  process.stdout.write(`${formatScanBench(rows)}\n`);
  const worst = Math.max(...rows.map((r) => r.peakRssMb));
  process.stdout.write(`\npeak RSS ${worst} MB (budget 300 MB): ${worst < 300 ? 'ok' : 'OVER BUDGET'}; re-reads: ${rows.every((r) => r.reReads === 0) ? 'none' : 'SOME'}\n`);
}
