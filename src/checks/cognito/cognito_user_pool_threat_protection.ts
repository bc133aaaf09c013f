import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every Cognito user pool enforces threat protection (adaptive, risk-based authentication). */
export const cognito_user_pool_threat_protection = defineCheck({
  id: 'cognito_user_pool_threat_protection',
  title: 'Cognito user pools enforce threat protection',
  actionItem: 6,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'low',
  scope: 'region',
  needs: ['cognito'],
  permissions: ['cognito-idp:ListUserPools', 'cognito-idp:DescribeUserPool'],
  rationale: 'Threat protection blocks sign-ins with compromised credentials and risky sign-ins before they reach user data.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'cognito', resource, (c) =>
      fromRead(c.userPools, resource, (pools) => {
        if (pools.length === 0) return [notApplicable(resource, `No Cognito user pools in ${s.region} (account ${s.accountId}).`)];
        return pools.map((p) => {
          if (!p.details.ok) return errorFinding(p.arn, p.details.error);
          return p.details.value.threatProtection === 'ENFORCED'
            ? pass(p.arn, `User pool ${p.name} (${p.id}) enforces threat protection.`)
            : fail(p.arn, `User pool ${p.name} (${p.id}) has threat protection ${p.details.value.threatProtection}, not ENFORCED.`);
        });
      }),
    );
  },
});
