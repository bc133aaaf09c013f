import type { AwsClients } from '../clients.js';
import { describeCallError, toCallError } from './context.js';

/** An account to scan: the bot's own (no role) or a member reached through `roleArn`. */
export interface ScanAccount {
  accountId: string;
  roleArn?: string;
}

export interface TargetOptions {
  accounts: readonly { id: string; roleArn: string }[];
  organization: boolean;
  organizationRole: string;
}

/**
 * The accounts a scan covers: the bot's own account, the configured member accounts and, with
 * `organization`, every active account of the organisation (through `organizationRole`). The bot's own
 * account comes first (scan metadata keeps this order; the fix resolver relies on it).
 */
export async function resolveAccounts(clients: AwsClients, options: TargetOptions): Promise<ScanAccount[]> {
  // The SDK clients are loaded on first use, not with this module (src/main.ts imports it in every role).
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  const identity = await clients.get(STSClient).send(new GetCallerIdentityCommand({}));
  const self = identity.Account ?? 'unknown';
  const byId = new Map<string, ScanAccount>([[self, { accountId: self }]]);
  for (const a of options.accounts) if (!byId.has(a.id)) byId.set(a.id, { accountId: a.id, roleArn: a.roleArn });
  if (options.organization) {
    const partition = identity.Arn?.split(':')[1] ?? 'aws';
    const { OrganizationsClient, paginateListAccounts } = await import('@aws-sdk/client-organizations');
    for await (const page of paginateListAccounts({ client: clients.get(OrganizationsClient) }, {})) {
      for (const account of page.Accounts ?? []) {
        if (!account.Id || account.Status !== 'ACTIVE' || byId.has(account.Id)) continue;
        byId.set(account.Id, { accountId: account.Id, roleArn: `arn:${partition}:iam::${account.Id}:role/${options.organizationRole}` });
      }
    }
  }
  return [...byId.values()];
}

/** What a scan covers in one account: the regions it scans, the enabled ones it leaves out, and why. */
export interface AccountCoverage {
  accountId: string;
  /** Regions scanned, the home region (where account-wide checks run) first. */
  regions: string[];
  /** Regions enabled in the account that this scan does not check; absent when they could not be listed. */
  notChecked?: string[];
  /** Regions asked for that were not scanned: not a region of the partition, or not enabled in this account. */
  skipped: { region: string; reason: 'unknown' | 'not-enabled' }[];
  /** Why the enabled regions could not be listed (regions outside those scanned may then be unchecked). */
  error?: string;
}

/**
 * The regions to scan in one account. With `requested` (the command's or `scan.regions`), those that
 * are enabled there; without, every region enabled in the account (DescribeRegions). Either way the
 * enabled regions left out are named, so a score never passes for a region nobody looked at. When the
 * enabled regions cannot be listed, the requested regions (or the home region alone) are scanned and
 * the reason is recorded: it counts as an error, never as coverage.
 */
export async function planRegions(clients: AwsClients, accountId: string, options: { requested?: readonly string[]; home: string }): Promise<AccountCoverage> {
  const requested = options.requested?.length ? [...new Set(options.requested)] : undefined;
  const order = (regions: string[]) => {
    const home = regions.includes(options.home) ? options.home : regions[0];
    return home ? [home, ...regions.filter((r) => r !== home)] : [];
  };
  let all: { name: string; enabled: boolean }[];
  try {
    const { DescribeRegionsCommand, EC2Client } = await import('@aws-sdk/client-ec2');
    const out = await clients.get(EC2Client, options.home).send(new DescribeRegionsCommand({ AllRegions: true }));
    all = (out.Regions ?? []).map((r) => ({ name: r.RegionName ?? '', enabled: r.OptInStatus !== 'not-opted-in' })).filter((r) => r.name);
  } catch (error) {
    return { accountId, regions: order(requested ?? [options.home]), skipped: [], error: describeCallError(toCallError('ec2:DescribeRegions', error)) };
  }
  const enabled = all
    .filter((r) => r.enabled)
    .map((r) => r.name)
    .sort();
  const known = new Set(all.map((r) => r.name));
  const wanted = requested ?? enabled;
  const regions = order(wanted.filter((r) => enabled.includes(r)));
  const skipped = wanted
    .filter((r) => !enabled.includes(r))
    .map((region) => ({ region, reason: known.has(region) ? ('not-enabled' as const) : ('unknown' as const) }));
  return { accountId, regions, notChecked: enabled.filter((r) => !regions.includes(r)), skipped };
}

/** Where a scan looks: its accounts, the regions to scan in each, and each account's clients (what the scan flows use of AWS). */
export interface ScanTargets {
  /** The accounts to scan (see {@link resolveAccounts}); throws when they cannot be resolved. */
  accounts(): Promise<ScanAccount[]>;
  /** The regions to scan in `account` (see {@link planRegions}), the bot's region as its home when it can be. */
  regions(account: ScanAccount, requested: readonly string[] | undefined): Promise<AccountCoverage>;
  /** The clients of `account`: the bot's own, or a member's through its role. */
  clients(account: ScanAccount): AwsClients;
}

/** {@link ScanTargets} from the bot's clients and `scan` settings (read when used, not when made). */
export function scanTargets(source: { readonly aws: AwsClients; readonly config: { readonly scan: TargetOptions } }): ScanTargets {
  const clients = (a: ScanAccount) => (a.roleArn ? source.aws.forAccount({ accountId: a.accountId, roleArn: a.roleArn }) : source.aws);
  return {
    accounts: () => resolveAccounts(source.aws, source.config.scan),
    regions: (a, requested) => planRegions(clients(a), a.accountId, { requested, home: source.aws.settings.defaultRegion }),
    clients,
  };
}
