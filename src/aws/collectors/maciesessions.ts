import type { Read } from './context.js';
import { readMacieStatus } from './macie.js';
import type { Collector } from './types.js';

export interface MacieSessionsData {
  /** Macie status (`ENABLED`, `PAUSED`, `null` when not enabled) in every scanned region, by region. */
  byRegion: Record<string, Read<string | null>>;
}

/** Macie status in every scanned region (account-wide, so account checks can set it beside S3's bucket regions). */
export const macieSessionsCollector: Collector<MacieSessionsData> = {
  id: 'maciesessions',
  scope: 'account',
  async collect(ctx) {
    const regions = ctx.regions.length > 0 ? ctx.regions : [ctx.region];
    const entries = await Promise.all(regions.map(async (region) => [region, await readMacieStatus(ctx, region)] as const));
    return { byRegion: Object.fromEntries(entries) };
  },
};
