import { GLOBAL_REGION } from '../checks/engine.js';
import { getCheck } from '../checks/registry.js';
import type { ResultStore, StoredResult } from '../checks/store.js';
import { CheckStatus } from '../checks/types.js';
import type { Config } from '../config/schema.js';
import type { FixRequest, FixResolution, FixResolver } from './engine.js';
import { findRemediation, fixOf } from './catalog/index.js';
import { nameFromArn } from './shared.js';
import type { AccessKeySelector, Remediation, RemediationTarget } from './types.js';

/** How many failing resources an "name one of them" answer lists. */
const LISTED = 5;

/** The fix that deactivates one named access key: what `/gdpr fix <key check> <user> <access_key_id>` always means. */
const NAMED_KEY_FIX = 'iam-deactivate-access-key';

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
 * Which access keys the fix of an access key check acts on, from the check and the configured
 * thresholds: keys older than `accessKeyMaxAgeDays` for `iam_user_access_keys_rotated`, keys unused
 * for more than `unusedCredentialDays` for `iam_user_unused_credentials` (whose fix judges the console
 * password by the same days), every active key for
 * `iam_user_console_users_without_keys` (a console user should hold none). Undefined for other checks.
 */
export function keySelectorFor(checkId: string, config: Config): AccessKeySelector | undefined {
  const { accessKeyMaxAgeDays, unusedCredentialDays } = config.scan.thresholds;
  if (checkId === 'iam_user_access_keys_rotated') return { kind: 'older-than', days: accessKeyMaxAgeDays };
  if (checkId === 'iam_user_unused_credentials') return { kind: 'unused-for', days: unusedCredentialDays };
  if (checkId === 'iam_user_console_users_without_keys') return { kind: 'active' };
  return undefined;
}

/**
 * Builds the target of `remediation` for one failing stored result. `keys` names the access key: an
 * explicit id (it wins) or a selector the fix's plan resolves to exact ids.
 */
export function targetFor(
  remediation: Remediation,
  result: StoredResult,
  roleArn: string | undefined,
  keys: { accessKeyId?: string; keySelector?: AccessKeySelector } = {},
): RemediationTarget {
  const region = arnRegion(result.resource) ?? (result.region === GLOBAL_REGION ? undefined : result.region);
  return {
    accountId: result.accountId,
    ...(roleArn ? { roleArn } : {}),
    ...(region ? { region } : {}),
    ...(remediation.target === 'resource' ? { resource: result.resource } : {}),
    ...(keys.accessKeyId ? { accessKeyId: keys.accessKeyId } : keys.keySelector ? { keySelector: keys.keySelector } : {}),
  };
}

function label(result: StoredResult): string {
  return result.region === GLOBAL_REGION ? `${result.resource}` : `${result.resource} (${result.region})`;
}

/**
 * The check engine's {@link FixResolver}: finds the failing stored result for (check, account, region,
 * resource) in the latest results (Redis; it never calls AWS), requires that the check offers a fix,
 * and builds the fix's target (account, the member account's role, region, resource, and the access key
 * id or, for the access key checks, a selector from the check and the configured thresholds).
 */
export class StoredResultFixResolver implements FixResolver {
  constructor(
    private readonly store: Pick<ResultStore, 'latest' | 'lastScan'>,
    private readonly config: Config,
  ) {}

  async resolve(request: FixRequest): Promise<FixResolution> {
    const check = getCheck(request.checkId);
    if (!check) return { error: `there is no check called ${request.checkId} (see /gdpr report for the list)` };
    const offered = fixOf(check.id);
    if (!offered) return { error: `${check.id} has no automatic fix; its findings must be fixed by hand` };
    // A key id named on an access key check means exactly that key, nothing else: for
    // iam_user_unused_credentials, whose own fix also removes an unused console password, too.
    const fixId = request.accessKeyId && keySelectorFor(check.id, this.config) ? NAMED_KEY_FIX : offered.id;
    const remediation = findRemediation(fixId);
    if (!remediation) return { error: `${check.id} names a fix that does not exist (${fixId})` };

    const ofCheck = (await this.store.latest()).filter((r) => r.checkId === check.id);
    if (ofCheck.length === 0) return { error: `there is no stored result for ${check.id}; run /gdpr scan ${check.id} first` };
    const matching = ofCheck.filter(
      (r) =>
        (request.accountId === undefined || r.accountId === request.accountId) &&
        (request.region === undefined || r.region === request.region) &&
        (request.resource === undefined || namesResource(r, request.resource)),
    );
    const where = [request.resource, request.region && request.region !== GLOBAL_REGION ? `in ${request.region}` : undefined, request.accountId ? `(account ${request.accountId})` : undefined]
      .filter(Boolean)
      .join(' ');
    if (matching.length === 0) return { error: `there is no stored result of ${check.id} for ${where || 'that resource'}; run /gdpr scan ${check.id} first` };

    const failing = matching.filter((r) => r.status === CheckStatus.Fail);
    if (failing.length === 0) {
      const errors = matching.filter((r) => r.status === CheckStatus.Error);
      if (errors.length > 0) return { error: `the last scan could not check ${label(errors[0]!)} (${errors[0]!.message}); run /gdpr scan ${check.id} once it can` };
      return { error: `${check.id} passes now for ${where || 'every resource'} (last scanned ${matching[0]!.at})` };
    }
    if (failing.length > 1) {
      const names = failing.slice(0, LISTED).map(label).join(', ');
      return { error: `${check.id} fails for ${failing.length} resources; name one with /gdpr fix ${check.id} <resource>, e.g. ${names}${failing.length > LISTED ? ', …' : ''}` };
    }

    const result = failing[0]!;
    const selfAccount = this.config.scan.organization ? (await this.store.lastScan())?.accounts[0] : undefined;
    // Scans record no access key ids: without one named, the fix's plan selects the keys the check flags
    // (and, for iam_user_unused_credentials, judges the console password by the same days).
    const keySelector = request.accessKeyId ? undefined : keySelectorFor(check.id, this.config);
    const target = targetFor(remediation, result, roleArnFor(this.config, result.accountId, selfAccount), {
      ...(request.accessKeyId ? { accessKeyId: request.accessKeyId } : {}),
      ...(keySelector ? { keySelector } : {}),
    });
    const invalid = remediation.validate(target);
    if (invalid) {
      const hint = remediation.id === NAMED_KEY_FIX ? `; scans do not record key ids, so name it: /gdpr fix ${check.id} ${nameFromArn(result.resource)} <access_key_id>` : '';
      return { error: `${invalid}${hint}` };
    }
    return { remediationId: remediation.id, target };
  }
}
