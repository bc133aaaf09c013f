import { GLOBAL_REGION } from '../checks/engine.js';
import { getCheck } from '../checks/registry.js';
import type { ResultStore, StoredResult } from '../checks/store.js';
import { CheckStatus } from '../checks/types.js';
import type { Config } from '../config/schema.js';
import type { FixRequest, FixResolution, FixResolver } from './engine.js';
import { fixesFor } from './catalog/index.js';
import { nameFromArn } from './shared.js';
import type { Remediation, RemediationTarget } from './types.js';

/** How many failing resources an "name one of them" answer lists. */
const LISTED = 5;

/**
 * True when `asked` names the stored result's resource: the exact resource (ARN or `account/region`),
 * its short name (bucket, trail, key id, user name: the last part of the ARN), or the region of a
 * regional result.
 */
export function namesResource(result: Pick<StoredResult, 'resource' | 'accountId'>, asked: string): boolean {
  if (result.resource === asked) return true;
  if (result.resource.startsWith('arn:')) return nameFromArn(result.resource) === asked;
  return result.resource === `${result.accountId}/${asked}`;
}

/** The region inside an ARN (`arn:aws:cloudtrail:eu-west-1:…`), if it has one. */
function arnRegion(resource: string): string | undefined {
  if (!resource.startsWith('arn:')) return undefined;
  return resource.split(':')[3] || undefined;
}

/**
 * The role that reaches an account the bot fixes in: the one configured in `findings.accounts` or
 * `scan.accounts`, or with `scan.organization` the organisation role for every account but the bot's
 * own. Used for fixes from check results and from findings alike. `selfAccount` is the
 * bot's own account as recorded by the last scan (undefined when not known).
 */
export function roleArnFor(config: Config, accountId: string, selfAccount: string | undefined): string | undefined {
  const configured = [...(config.findings?.accounts ?? []), ...config.scan.accounts].find((a) => a.id === accountId);
  if (configured) return configured.roleArn;
  if (config.scan.organization && selfAccount && selfAccount !== accountId) return `arn:aws:iam::${accountId}:role/${config.scan.organizationRole}`;
  return undefined;
}

/**
 * The part of `remediation`'s target every fix shares, for one failing stored result: the account, the
 * member account's role, the region (from the ARN, else the result's; none for account-wide results) and,
 * for resource-level fixes, the resource. A fix's `targetFromResult` adds what is its own.
 */
export function commonTarget(remediation: Pick<Remediation, 'target'>, result: StoredResult, roleArn: string | undefined): RemediationTarget {
  const region = arnRegion(result.resource) ?? (result.region === GLOBAL_REGION ? undefined : result.region);
  return {
    accountId: result.accountId,
    ...(roleArn ? { roleArn } : {}),
    ...(region ? { region } : {}),
    ...(remediation.target === 'resource' ? { resource: result.resource } : {}),
  };
}

function label(result: StoredResult): string {
  return result.region === GLOBAL_REGION ? `${result.resource}` : `${result.resource} (${result.region})`;
}

/**
 * The check engine's {@link FixResolver}: finds the failing stored result for (check, account, region,
 * resource) in the latest results (Redis; it never calls AWS), requires that the check offers a fix
 * (derived from the catalog's `fixes`, `takesOver`), and builds the fix's target: the common part
 * (account, the member account's role, region, resource) and what the fix's own `targetFromResult` adds
 * (e.g. the access key id named, or a selector from the check and the configured thresholds).
 */
export class StoredResultFixResolver implements FixResolver {
  constructor(
    private readonly store: Pick<ResultStore, 'latest' | 'lastScan'>,
    private readonly config: Config,
  ) {}

  async resolve(request: FixRequest): Promise<FixResolution> {
    const check = getCheck(request.checkId);
    if (!check) return { error: `there is no check called ${request.checkId} (see /gdpr report for the list)` };
    const candidates = fixesFor(check.id);
    if (candidates.length === 0) return { error: `${check.id} has no automatic fix; its findings must be fixed by hand` };

    const ofCheck = (await this.store.latest()).filter((r) => r.checkId === check.id);
    if (ofCheck.length === 0) return { error: `there is no stored result for ${check.id}; run /gdpr scan ${check.id} first` };
    const matching = ofCheck.filter(
      (r) =>
        (request.accountId === undefined || r.accountId === request.accountId) &&
        (request.region === undefined || r.region === request.region) &&
        (request.resource === undefined || namesResource(r, request.resource)),
    );
    const where = [
      request.resource,
      request.region && request.region !== GLOBAL_REGION ? `in ${request.region}` : undefined,
      request.accountId ? `(account ${request.accountId})` : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    if (matching.length === 0) return { error: `there is no stored result of ${check.id} for ${where || 'that resource'}; run /gdpr scan ${check.id} first` };

    const failing = matching.filter((r) => r.status === CheckStatus.Fail);
    if (failing.length === 0) {
      const errors = matching.filter((r) => r.status === CheckStatus.Error);
      if (errors.length > 0)
        return { error: `the last scan could not check ${label(errors[0]!)} (${errors[0]!.message}); run /gdpr scan ${check.id} once it can` };
      return { error: `${check.id} passes now for ${where || 'every resource'} (last scanned ${matching[0]!.at})` };
    }
    if (failing.length > 1) {
      const names = failing.slice(0, LISTED).map(label).join(', ');
      return {
        error: `${check.id} fails for ${failing.length} resources; name one with /gdpr fix ${check.id} <resource>, e.g. ${names}${failing.length > LISTED ? ', …' : ''}`,
      };
    }

    const result = failing[0]!;
    const selfAccount = this.config.scan.organization ? (await this.store.lastScan())?.accounts[0] : undefined;
    const roleArn = roleArnFor(this.config, result.accountId, selfAccount);
    // Each fix builds its own target from the result (e.g. the access keys it selects, since scans record
    // no key ids); a fix that takes the check over only in some cases declines the others.
    for (const remediation of candidates) {
      const common = commonTarget(remediation, result, roleArn);
      const input = { result, common, thresholds: this.config.scan.thresholds, ...(request.accessKeyId ? { accessKeyId: request.accessKeyId } : {}) };
      const built = remediation.targetFromResult ? remediation.targetFromResult(input) : { target: common };
      if (!built) continue;
      if ('error' in built) return { error: built.error };
      const invalid = remediation.validate(built.target);
      if (invalid) return { error: invalid };
      return { remediationId: remediation.id, target: built.target };
    }
    return { error: `${check.id} offers no fix for ${label(result)}` };
  }
}
