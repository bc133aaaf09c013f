import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every Cognito user pool requires MFA (`MfaConfiguration` ON; OPTIONAL lets users opt out). */
export const cognito_user_pool_mfa_on = defineCheck({
  id: 'cognito_user_pool_mfa_on',
  title: 'Cognito user pools require MFA',
  demands: 'Every user pool has MFA set to ON (OPTIONAL is not enough).',
  actionItem: 6,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['cognito'],
  permissions: ['cognito-idp:ListUserPools', 'cognito-idp:DescribeUserPool'],
  rationale: 'The end users of your apps are data subjects; their accounts hold their personal data and need MFA.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'cognito', resource, (c) =>
      fromRead(c.userPools, resource, (pools) => {
        if (pools.length === 0) return [notApplicable(resource, `No Cognito user pools in ${s.region} (account ${s.accountId}).`)];
        return pools.map((p) => {
          if (!p.details.ok) return errorFinding(p.arn, p.details.error);
          const mfa = p.details.value.mfa;
          if (mfa === 'ON') return pass(p.arn, `User pool ${p.name} (${p.id}) requires MFA.`);
          const why = mfa === 'OPTIONAL' ? 'OPTIONAL: each user may skip it' : `${mfa}`;
          return fail(p.arn, `User pool ${p.name} (${p.id}) does not require MFA (MfaConfiguration ${why}).`);
        });
      }),
    );
  },
});
