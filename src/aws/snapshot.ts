import type { LimitFunction } from 'p-limit';
import type { AwsClients } from './clients.js';
import { CallErrorKind, CallFailed, CollectContext, type CallError, type ScanSettings } from './collectors/context.js';
import { COLLECTORS, type CollectorData, type CollectorId } from './collectors/index.js';

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
            : { call: `${id} collector`, kind: CallErrorKind.Other, code: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  return { snapshot, calls: ctx.calls };
}
