import type { AwsClients } from '../aws/clients.js';
import { planRegions, resolveAccounts } from '../aws/collectors/targets.js';
import { scanTarget } from '../checks/engine.js';
import { CHECKS, getCheck } from '../checks/registry.js';
import { scanSettings } from '../checks/scans.js';
import type { ResultStore } from '../checks/store.js';
import { CheckScope, CheckStatus, type Check, type CheckResult } from '../checks/types.js';
import type { Config } from '../config/schema.js';
import { fixOf } from './catalog/index.js';
import type { FixVerifier, Verification } from './engine.js';
import { namesResource } from './resolver.js';
import type { RemediationTarget } from './types.js';

/** The scan id recorded on results stored by a verification (they replace the scan's results of that scope). */
export const VERIFICATION_SCAN_ID = 'fix-verification';

/** What the verifier needs: AWS clients (only collectors read through them), the config and the results store. */
export interface VerifierDeps {
  aws: AwsClients;
  config: Config;
  store: Pick<ResultStore, 'saveResults'>;
  now: () => Date;
}

/** The checks that verify a remediation: the one the request came from, or every check linking to it. */
export function verifyingChecks(remediationId: string, checkId?: string): Check[] {
  const origin = checkId ? getCheck(checkId) : undefined;
  if (origin && fixOf(origin.id)?.id === remediationId) return [origin];
  return CHECKS.filter((c) => fixOf(c.id)?.id === remediationId);
}

/** The results of a re-run that concern the fixed target: the target's resource, or every result of an account/region fix. */
function concerning(results: readonly CheckResult[], target: RemediationTarget): CheckResult[] {
  if (!target.resource) return [...results];
  const asked = target.resource;
  return results.filter((r) => namesResource(r, asked));
}

/** Pass only when every concerned result passes; an error (nothing could be read) is never a pass. */
function verdict(results: readonly CheckResult[], what: string): Verification {
  if (results.length === 0) return { status: 'error', message: `could not verify: the check(s) reported nothing for ${what}` };
  const failed = results.find((r) => r.status === CheckStatus.Fail);
  if (failed) return { status: 'fail', message: failed.message };
  const error = results.find((r) => r.status === CheckStatus.Error);
  if (error) return { status: 'error', message: error.message };
  const other = results.find((r) => r.status !== CheckStatus.Pass);
  if (other) return { status: 'error', message: `could not verify: ${other.message}` };
  return { status: 'pass', message: results.map((r) => r.message).join(' ') };
}

/**
 * The check engine's {@link FixVerifier}: after a fix, re-collects through the engine's collectors only
 * what the linked check(s) need for the target's account and region (`scanTarget`, as a scan job
 * does), re-evaluates them, stores the fresh results (so `/gdpr status` shows the fix), and reports
 * the target's status with the check's own message. A collection error is `error`, never `pass`.
 */
export class CheckEngineFixVerifier implements FixVerifier {
  constructor(private readonly deps: VerifierDeps) {}

  async verify(remediationId: string, target: RemediationTarget, checkId?: string): Promise<Verification> {
    const checks = verifyingChecks(remediationId, checkId);
    if (checks.length === 0) return { status: 'error', message: `could not verify: no check verifies ${remediationId}` };
    const { aws: own, config, store, now } = this.deps;
    const aws = target.roleArn ? own.forAccount({ accountId: target.accountId, roleArn: target.roleArn }) : own;
    const accountId =
      target.accountId ?? (await resolveAccounts(aws, { accounts: [], organization: false, organizationRole: config.scan.organizationRole }))[0]!.accountId;

    // The regions a scan of this account covers (scan.regions, else every enabled one), its home first.
    const planned = await planRegions(aws, accountId, { requested: config.scan.regions, home: own.settings.defaultRegion });
    const home = planned.regions[0] ?? own.settings.defaultRegion;
    const regional = target.region ?? own.settings.defaultRegion;
    const regions = [...new Set([...planned.regions, regional])];
    // Account-wide checks run on the account's home snapshot; regional ones in the target's region.
    const groups = new Map<string, Check[]>();
    for (const check of checks) {
      const region = check.scope === CheckScope.Account ? home : regional;
      const group = groups.get(region);
      if (group) group.push(check);
      else groups.set(region, [check]);
    }
    const results: CheckResult[] = [];
    for (const [region, group] of groups) {
      const run = await scanTarget({
        clients: aws,
        accountId,
        region,
        home: region === home || group.some((c) => c.scope === CheckScope.Account),
        regions,
        settings: scanSettings(config),
        checks: group,
        concurrency: config.scan.concurrency,
        now,
      });
      results.push(...run.results);
    }
    await store.saveResults(VERIFICATION_SCAN_ID, now().toISOString(), results);
    const what = target.resource ?? `${accountId}${target.region ? `/${target.region}` : ''}`;
    return verdict(concerning(results, target), what);
  }
}
