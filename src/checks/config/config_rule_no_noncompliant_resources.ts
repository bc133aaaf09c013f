import type { RuleCompliance } from '../../aws/collectors/config.js';
import { fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** "12", "more than 100" (Config caps the count), or "an unknown number of". */
function count(r: RuleCompliance): string {
  if (r.nonCompliantCount === undefined) return 'an unknown number of';
  return r.capExceeded ? `more than ${r.nonCompliantCount}` : String(r.nonCompliantCount);
}

/**
 * In each scanned region, AWS Config rules evaluate the account and none is NON_COMPLIANT. One result
 * per rule: COMPLIANT passes; NON_COMPLIANT fails with the number of resources that break it (as Config
 * counts them, up to its cap); INSUFFICIENT_DATA (no current evaluation: never run, its Lambda failing,
 * or nothing in scope) is an error for that rule, since nothing says its resources comply. A region
 * without any rule fails: the read succeeded and says nothing evaluates the region, which is a
 * configuration to change (as a region without a recorder fails `config_recorder_all_regions`), not a
 * read that could not be made.
 */
export const config_rule_no_noncompliant_resources = defineCheck({
  id: 'config_rule_no_noncompliant_resources',
  title: 'AWS Config rules report no non-compliant resources',
  demands: 'In every scanned region, Config rules evaluate the account and none is NON_COMPLIANT (INSUFFICIENT_DATA is not a pass).',
  actionItem: 7,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['config'],
  permissions: ['config:DescribeComplianceByConfigRule'],
  rationale: 'Config rules are the continuous evaluation of how resources holding personal data are configured; a non-compliant rule is a known gap left open.',
  evaluate(s) {
    const region = regionResource(s);
    const where = `in ${s.region} (account ${s.accountId})`;
    return withData(s, 'config', region, (c) =>
      fromRead(c.rules, region, (rules) => {
        if (rules.length === 0)
          return [
            fail(
              region,
              `No Config rules evaluate this region (${s.region}, account ${s.accountId}): no managed, custom or conformance-pack rule checks any resource. Deploy the rules (or a conformance pack) that state what you hold resources to.`,
            ),
          ];
        return rules.map((r): Finding => {
          const resource = `${s.accountId}/${s.region}/config-rule/${r.name}`;
          switch (r.compliance) {
            case 'COMPLIANT':
              return pass(resource, `Config rule ${r.name} ${where} is COMPLIANT.`);
            case 'NON_COMPLIANT':
              return fail(
                resource,
                `Config rule ${r.name} ${where} is NON_COMPLIANT: ${count(r)} resource(s) break it. Fix them, or change the rule if it no longer says what you require.`,
              );
            case 'INSUFFICIENT_DATA':
              return {
                status: CheckStatus.Error,
                resource,
                message: `Config rule ${r.name} ${where} has no current evaluation (INSUFFICIENT_DATA): it never ran, its Lambda function fails to report, or nothing is in its scope; nothing says its resources comply.`,
              };
            default:
              return {
                status: CheckStatus.Error,
                resource,
                message: `Config rule ${r.name} ${where}: DescribeComplianceByConfigRule gave ${r.compliance ? `compliance ${r.compliance}` : 'no compliance'}, which says neither COMPLIANT nor NON_COMPLIANT.`,
              };
          }
        });
      }),
    );
  },
});
