import type { LimitFunction } from 'p-limit';
import type { AwsClients } from './clients.js';
import { CallErrorKind, CallFailed, CollectContext, type CallError, type CollectOptions, type ScanSettings } from './collectors/context.js';
import { COLLECTORS, type CollectorData, type CollectorId } from './collectors/index.js';
import type { ListedBucket, S3Bucket } from './collectors/s3.js';

/**
 * Everything collected for one (account, region): the input of the checks. Account-wide collectors
 * (IAM, S3, CloudTrail, …) run only in the account's home region, so their data is present only on the
 * home snapshot (`home: true`).
 */
export interface Snapshot {
  accountId: string;
  region: string;
  home: boolean;
  /** Every region scanned for the account. */
  regions: string[];
  settings: ScanSettings;
  /** ISO time the collection started; checks measure ages against it, never against the wall clock. */
  collectedAt: string;
  data: Partial<{ [K in CollectorId]: CollectorData[K] }>;
  /** Collectors that failed as a whole, with the call that failed. */
  errors: Partial<Record<CollectorId, CallError>>;
}

export interface CollectSnapshotOptions {
  clients: AwsClients;
  accountId: string;
  region: string;
  home: boolean;
  regions: string[];
  settings: ScanSettings;
  collectors: readonly CollectorId[];
  limit?: LimitFunction;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  onCall?: (call: string) => void;
  /** See {@link CollectOptions.bucketShardSize}. */
  bucketShardSize?: number;
}

/** Runs the given collectors (those whose scope fits this snapshot) and assembles the snapshot. */
export async function collectSnapshot(options: CollectSnapshotOptions): Promise<{ snapshot: Snapshot; calls: number }> {
  const now = options.now ?? (() => new Date());
  const ctx = new CollectContext({
    clients: options.clients,
    accountId: options.accountId,
    region: options.region,
    regions: options.regions,
    limit: options.limit,
    sleep: options.sleep,
    now,
    onCall: options.onCall,
    bucketShardSize: options.bucketShardSize,
  });
  const snapshot: Snapshot = {
    accountId: options.accountId,
    region: options.region,
    home: options.home,
    regions: options.regions,
    settings: options.settings,
    collectedAt: now().toISOString(),
    data: {},
    errors: {},
  };
  const wanted = [...new Set(options.collectors)].filter((id) => COLLECTORS[id].scope === 'region' || options.home);
  await Promise.all(
    wanted.map(async (id) => {
      try {
        // Loaded here, not at start-up: only the collectors a selected check needs bring their SDK client in.
        const collector = await COLLECTORS[id].load();
        const data = await collector.collect(ctx);
        (snapshot.data as Record<string, unknown>)[id] = data;
      } catch (error) {
        snapshot.errors[id] =
          error instanceof CallFailed
            ? error.error
            : {
                call: `${id} collector`,
                kind: CallErrorKind.Other,
                code: error instanceof Error ? error.name : 'Error',
                message: error instanceof Error ? error.message : String(error),
              };
      }
    }),
  );
  return { snapshot, calls: ctx.calls };
}

/**
 * Reads the details of some of an account's S3 buckets (a bucket job of a sharded scan, or the log buckets
 * its home job judges itself): the same reads the S3 collector makes, within `limit`.
 */
export async function collectBucketDetails(
  options: Pick<CollectOptions, 'clients' | 'accountId' | 'region' | 'regions' | 'limit' | 'now' | 'onCall'> & { buckets: readonly ListedBucket[] },
): Promise<{ buckets: S3Bucket[]; calls: number }> {
  const ctx = new CollectContext(options);
  // Loaded here, like the collectors: only a process that reads buckets brings the S3 client in.
  const { readBucketDetails } = await import('./collectors/s3.js');
  const buckets = await readBucketDetails(ctx, options.buckets);
  return { buckets, calls: ctx.calls };
}
