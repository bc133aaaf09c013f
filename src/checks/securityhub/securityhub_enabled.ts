import type { EnabledStandard } from '../../aws/collectors/securityhub.js';
import { fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** `aws-foundational-security-best-practices/v/1.0.0` from a standards ARN. */
function standardName(st: EnabledStandard): string {
  return /:(?:standards|ruleset)\/(.+)$/.exec(st.standardsArn)?.[1] ?? st.standardsArn;
}

/**
 * Security Hub is enabled in the region with at least one standard whose status is `READY`
 * (a standard that is PENDING, INCOMPLETE, DELETING or FAILED does not count).
 */
export const securityhub_enabled = defineCheck({
  id: 'securityhub_enabled',
  title: 'Security Hub is enabled',
  demands: 'Security Hub is on in every scanned region with at least one standard READY (PENDING, INCOMPLETE, DELETING and FAILED do not count).',
  actionItem: 11,
  gdpr: ['Art. 32', 'Art. 33'],
  severity: 'medium',
  scope: 'region',
  needs: ['securityhub'],
  permissions: ['securityhub:DescribeHub', 'securityhub:GetEnabledStandards'],
  rationale: 'Security Hub gathers and prioritises findings from every account and service in one place.',
  evaluate(s) {
    const resource = regionResource(s);
    const where = `in ${s.region} (account ${s.accountId})`;
    return withData(s, 'securityhub', resource, (sh) =>
      fromRead(sh.hub, resource, (hub) =>
        hub
          ? fromRead(sh.standards, resource, (standards) => {
              const ready = standards.filter((st) => st.status === 'READY');
              if (ready.length > 0)
                return [pass(resource, `Security Hub is enabled ${where} with ${ready.length} standard(s) ready: ${ready.map(standardName).join(', ')}.`)];
              if (standards.length === 0)
                return [fail(resource, `Security Hub is enabled ${where} but no standard is enabled, so no control checks anything.`)];
              const states = standards.map((st) => `${standardName(st)} is ${st.status || 'in an unknown state'}${st.reason ? ` (${st.reason})` : ''}`);
              return [fail(resource, `Security Hub is enabled ${where} but no standard is ready: ${states.join('; ')}.`)];
            })
          : [fail(resource, `Security Hub is not enabled ${where}.`)],
      ),
    );
  },
});
