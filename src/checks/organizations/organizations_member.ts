import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** The account is managed through AWS Organizations. */
export const organizations_member = defineCheck({
  id: 'organizations_member',
  title: 'Account is part of an AWS Organization',
  demands: 'The account belongs to an AWS Organization.',
  actionItem: 11,
  gdpr: ['Art. 32'],
  severity: 'low',
  scope: 'account',
  needs: ['organizations'],
  permissions: ['organizations:DescribeOrganization'],
  rationale: 'Organizations lets security services, guardrails and log archives be managed centrally for every account.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'organizations', resource, (org) =>
      fromRead(org.organization, resource, (o) =>
        o
          ? [pass(resource, `Account ${s.accountId} is in organization ${o.id}${o.isManagement ? ' (management account)' : ''}.`)]
          : [fail(resource, `Account ${s.accountId} is not part of an AWS Organization.`)],
      ),
    );
  },
});
