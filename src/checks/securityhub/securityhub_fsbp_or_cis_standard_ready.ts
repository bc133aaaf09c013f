import type { EnabledStandard } from '../../aws/collectors/securityhub.js';
import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** AWS Foundational Security Best Practices, or a CIS AWS Foundations Benchmark version, by standards ARN. */
const BASELINE =
  /:(?:standards\/aws-foundational-security-best-practices\/|standards\/cis-aws-foundations-benchmark\/|ruleset\/cis-aws-foundations-benchmark\/)/;

function name(st: EnabledStandard): string {
  return /:(?:standards|ruleset)\/(.+)$/.exec(st.standardsArn)?.[1] ?? st.standardsArn;
}

/**
 * Among the hub's standards, AWS Foundational Security Best Practices or a CIS AWS Foundations
 * Benchmark (the legacy `ruleset/cis-aws-foundations-benchmark/v/1.2.0` ARN included) is `READY`. Other
 * standards (PCI DSS, NIST 800-53, resource tagging) do not count: they are not the baseline this action
 * item is about, and the tagging standard checks nothing about security.
 */
export const securityhub_fsbp_or_cis_standard_ready = defineCheck({
  id: 'securityhub_fsbp_or_cis_standard_ready',
  title: 'Security Hub runs the AWS Foundational or CIS standard',
  demands: 'AWS Foundational Security Best Practices or a CIS AWS Foundations Benchmark standard is enabled with status READY (other standards do not count).',
  actionItem: 11,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['securityhub'],
  permissions: ['securityhub:DescribeHub', 'securityhub:GetEnabledStandards'],
  rationale:
    'The foundational and CIS standards are the controls that check encryption, logging and access across services; a hub running only a tagging or payment-card standard misses them.',
  evaluate(s) {
    const resource = regionResource(s);
    const where = `in ${s.region} (account ${s.accountId})`;
    return withData(s, 'securityhub', resource, (sh) =>
      fromRead(sh.hub, resource, (hub) => {
        if (!hub) return [notApplicable(resource, `Security Hub is not enabled ${where}, so it runs no standard (see securityhub_enabled).`)];
        return fromRead(sh.standards, resource, (standards) => {
          const baseline = standards.filter((st) => BASELINE.test(st.standardsArn));
          const ready = baseline.filter((st) => st.status === 'READY');
          if (ready.length > 0) return [pass(resource, `Security Hub ${where} runs ${ready.map(name).join(', ')} (READY).`)];
          if (baseline.length > 0) {
            return [
              fail(
                resource,
                `Security Hub ${where} has ${baseline.map((st) => `${name(st)} ${st.status || 'in an unknown state'}${st.reason ? ` (${st.reason})` : ''}`).join(', ')}: none is READY.`,
              ),
            ];
          }
          const others = standards.map(name);
          return [
            fail(
              resource,
              `Security Hub ${where} runs neither AWS Foundational Security Best Practices nor a CIS benchmark${others.length ? ` (only ${others.join(', ')})` : ''}.`,
            ),
          ];
        });
      }),
    );
  },
});
