import type { AccountCoverage } from '../aws/collectors/targets.js';

export type { AccountCoverage } from '../aws/collectors/targets.js';

/** What a scan's coverage adds up to across accounts: what `/gdpr status`, the report and the CLI say about it. */
export interface CoverageSummary {
  accounts: number;
  /** (account, region) pairs scanned. */
  scanned: number;
  /** Enabled regions left out, with the number of accounts each is left out in. */
  notChecked: { region: string; accounts: number }[];
  /** Regions asked for that are enabled in none of the accounts, or are no region at all. */
  unknown: string[];
  /** Accounts whose enabled regions could not be listed, with the reason. */
  errors: { accountId: string; reason: string }[];
}

/** Adds up the coverage of every account of a scan. */
export function summarizeCoverage(coverage: readonly AccountCoverage[]): CoverageSummary {
  const notChecked = new Map<string, number>();
  const unknown = new Set<string>();
  for (const c of coverage) {
    for (const r of c.notChecked ?? []) notChecked.set(r, (notChecked.get(r) ?? 0) + 1);
    for (const s of c.skipped) if (s.reason === 'unknown') unknown.add(s.region);
  }
  return {
    accounts: coverage.length,
    scanned: coverage.reduce((n, c) => n + c.regions.length, 0),
    notChecked: [...notChecked].map(([region, accounts]) => ({ region, accounts })).sort((a, b) => (a.region < b.region ? -1 : 1)),
    unknown: [...unknown].sort(),
    errors: coverage.filter((c) => c.error).map((c) => ({ accountId: c.accountId, reason: c.error! })),
  };
}

/** Plain-text sentences about what a scan did not cover (empty when it covered every enabled region). */
export function coverageGaps(summary: CoverageSummary): string[] {
  const out: string[] = [];
  if (summary.notChecked.length > 0) {
    const list = summary.notChecked.map((n) => (summary.accounts > 1 ? `${n.region} (${n.accounts} account${n.accounts === 1 ? '' : 's'})` : n.region));
    out.push(`Not checked: ${list.join(', ')}: enabled but outside the scanned regions (scan.regions or --regions); nothing is known about them.`);
  }
  if (summary.unknown.length > 0) out.push(`Not regions of these accounts: ${summary.unknown.join(', ')}.`);
  for (const e of summary.errors) {
    out.push(`Account ${e.accountId}: its enabled regions could not be listed (${e.reason}), so regions outside those scanned may be unchecked.`);
  }
  return out;
}

/** What was scanned, in a few words: "17 region(s) in 1 account", "93 account-region(s) in 31 accounts". */
export function coverageLine(summary: CoverageSummary): string {
  return summary.accounts === 1 ? `${summary.scanned} region(s) in 1 account` : `${summary.scanned} account-region(s) in ${summary.accounts} accounts`;
}
