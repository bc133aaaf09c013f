import type { Config } from '../config/schema.js';
import { POLLED_SOURCES, type FindingSource } from './types.js';

/** The bot's own account in job data, watermark keys and schedulers. */
export const SELF_ACCOUNT = 'self';

/** The accounts the findings feed polls (`self` is the bot's own). */
export function findingsAccounts(config: Config): string[] {
  return config.findings ? (config.findings.accounts?.map((a) => a.id) ?? [SELF_ACCOUNT]) : [];
}

/**
 * The (account, region) pairs the findings feed polls; none when the `findings` section is absent.
 * Regions: `findings.regions`, else `scan.regions`, else the regions enabled in each account (`enabled`,
 * discovered at start-up), else the bot's own region.
 */
export function findingsPollTargets(
  config: Config,
  defaultRegion = 'us-east-1',
  enabled: Record<string, readonly string[]> = {},
): { account: string; region: string }[] {
  const f = config.findings;
  if (!f) return [];
  const configured = f.regions ?? config.scan.regions;
  return findingsAccounts(config).flatMap((account) => (configured ?? enabled[account] ?? [defaultRegion]).map((region) => ({ account, region })));
}

/** The sources a findings poll reads: GuardDuty and Macie, and Security Hub with `findings.pollSecurityHub`. */
export function polledSources(config: Pick<Config, 'findings'>): FindingSource[] {
  return [...POLLED_SOURCES, ...(config.findings?.pollSecurityHub ? (['securityhub'] as const) : [])];
}
