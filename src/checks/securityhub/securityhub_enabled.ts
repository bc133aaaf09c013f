import { fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Security Hub is enabled in the region. */
export const securityhub_enabled = defineCheck({
  id: 'securityhub_enabled',
  title: 'Security Hub is enabled',
  actionItem: 11,
  gdpr: ['Art. 32', 'Art. 33'],
  severity: 'medium',
  scope: 'region',
  needs: ['securityhub'],
  permissions: ['securityhub:DescribeHub'],
  remediation: 'securityhub-enable',
  rationale: 'Security Hub gathers and prioritises findings from every account and service in one place.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'securityhub', resource, (sh) =>
      fromRead(sh.hub, resource, (hub) =>
        hub
          ? [pass(resource, `Security Hub is enabled in ${s.region} (account ${s.accountId}).`)]
          : [fail(resource, `Security Hub is not enabled in ${s.region} (account ${s.accountId}).`)],
      ),
    );
  },
});
