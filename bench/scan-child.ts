/**
 * One synthetic scan in a process of its own, so its memory is measured from a clean baseline:
 * `node --expose-gc --import tsx bench/scan-child.ts <buckets> <via>` prints one JSON line
 * ({@link ScanRun}). `via` is how AWS is mocked: `middleware` (no call history, the benchmark's
 * number) or `aws-sdk-client-mock` (what the tests use; sinon keeps every call and its answer).
 */
import pLimit from 'p-limit';
import { DEFAULT_SCAN_SETTINGS } from '../src/aws/collectors/context.js';
import { scanTarget } from '../src/checks/engine.js';
import { CHECKS } from '../src/checks/registry.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../test/helpers/synthetic-aws.js';
import { rssMiB } from './harness.js';

export type MockVia = 'middleware' | 'aws-sdk-client-mock';

export interface ScanRun {
  buckets: number;
  users: number;
  keysPerRegion: number;
  volumesPerRegion: number;
  regions: number;
  via: MockVia;
  resources: number;
  results: number;
  calls: number;
  /** Requests beyond one per resource and API (a per-check re-read would show here). */
  reReads: number;
  wallMs: number;
  /** RSS once everything is loaded and the mock is set up, before the scan (after a full GC). */
  baselineRssMb: number;
  /** The process's peak RSS (kernel high-water mark, VmHWM), start-up included. */
  peakRssMb: number;
  /** Heap still held after the scan (snapshots and results, plus any mock history), after a full GC. */
  heapRetainedMb: number;
}

export const SCAN_SHAPE = { users: 500, keys: 200, volumes: 10, regions: ['eu-west-1', 'eu-central-1', 'eu-north-1', 'eu-south-1'] };
const PER_BUCKET = [
  's3:GetPublicAccessBlock',
  's3:GetBucketPolicyStatus',
  's3:GetBucketAcl',
  's3:GetBucketEncryption',
  's3:GetBucketPolicy',
  's3:GetBucketVersioning',
];
const PER_KEY = ['kms:DescribeKey', 'kms:GetKeyRotationStatus'];
/** Keys read besides the listed ones: the trail's KMS key, which the CloudTrail collector describes (it is no key of the KMS listing). */
const OTHER_KEYS: Record<string, number> = { 'kms:DescribeKey': 1 };

async function main(): Promise<void> {
  const buckets = Number(process.argv[2]);
  const via = process.argv[3] as MockVia;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc || !Number.isInteger(buckets) || (via !== 'middleware' && via !== 'aws-sdk-client-mock'))
    throw new Error('usage: node --expose-gc --import tsx bench/scan-child.ts <buckets> <middleware|aws-sdk-client-mock>');
  const { regions, users, keys, volumes } = SCAN_SHAPE;
  const aws = mockSyntheticAccount({ buckets, users, keys, volumes, pageSize: 1000, via });
  const clients = aws.clients(regions[0]!);
  gc();
  const baselineRssMb = Math.round(rssMiB('self'));
  const heapBefore = process.memoryUsage().heapUsed;
  const limit = pLimit(8);
  const started = performance.now();
  const perRegion = await Promise.all(
    regions.map((region, i) =>
      scanTarget({
        clients,
        accountId: SYNTHETIC_ACCOUNT_ID,
        region,
        home: i === 0,
        regions,
        settings: DEFAULT_SCAN_SETTINGS,
        checks: CHECKS,
        limit,
        sleep: async () => undefined,
      }),
    ),
  );
  const wallMs = Math.round(performance.now() - started);
  gc();
  const heapRetainedMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024);
  const c = aws.counter.byCommand;
  const reReads =
    PER_BUCKET.reduce((n, k) => n + Math.max(0, (c.get(k) ?? 0) - buckets), 0) +
    PER_KEY.reduce((n, k) => n + Math.max(0, (c.get(k) ?? 0) - keys * regions.length - (OTHER_KEYS[k] ?? 0)), 0);
  const run: ScanRun = {
    buckets,
    users,
    keysPerRegion: keys,
    volumesPerRegion: volumes,
    regions: regions.length,
    via,
    resources: buckets + users + keys * regions.length + volumes * regions.length,
    results: perRegion.reduce((n, r) => n + r.results.length, 0),
    calls: aws.counter.total,
    reReads,
    wallMs,
    baselineRssMb,
    peakRssMb: Math.round(rssMiB('self', 'VmHWM')),
    heapRetainedMb,
  };
  aws.restore();
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
