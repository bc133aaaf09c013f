import { accountResource, deniesOtherRegions, errorFinding, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { CheckStatus, defineCheck } from '../types.js';

/** A service control policy denies requests outside the approved regions. */
export const organizations_scp_region_deny = defineCheck({
  id: 'organizations_scp_region_deny',
  title: 'A service control policy denies unapproved regions',
  actionItem: 5,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'low',
  scope: 'account',
  needs: ['organizations'],
  permissions: ['organizations:DescribeOrganization', 'organizations:ListPolicies', 'organizations:DescribePolicy'],
  rationale: 'An SCP on aws:RequestedRegion enforces regional boundaries even for administrators of member accounts.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'organizations', resource, (org) =>
      fromRead(org.organization, resource, (o) => {
        if (!o) return [notApplicable(resource, `Account ${s.accountId} is not in an AWS Organization, so service control policies do not apply.`)];
        if (!org.scps) return [{ status: CheckStatus.Error, resource, message: `Could not check ${resource}: the service control policies were not read.` }];
        if (!org.scps.ok) return [errorFinding(resource, org.scps.error)];
        const deny = org.scps.value.find((p) => deniesOtherRegions(p.document));
        return deny
          ? [pass(resource, `Organization ${o.id} of account ${s.accountId} has SCP ${deny.name} that denies requests outside approved regions.`)]
          : [fail(resource, `Organization ${o.id} of account ${s.accountId} has no SCP that denies requests outside approved regions (aws:RequestedRegion).`)];
      }),
    );
  },
});
