import type { CollectContext } from './context.js';

/** Where a collector runs: once per account (global services, in the account's home region) or once per region. */
export const CollectorScope = { Account: 'account', Region: 'region' } as const;
export type CollectorScope = (typeof CollectorScope)[keyof typeof CollectorScope];

/**
 * Reads one AWS service for one account (and region, for regional services). Per-resource failures are
 * recorded inside the returned data as failed reads; a thrown error fails the whole collector and is
 * recorded on the snapshot.
 */
export interface Collector<D> {
  id: string;
  scope: CollectorScope;
  collect(ctx: CollectContext): Promise<D>;
}
