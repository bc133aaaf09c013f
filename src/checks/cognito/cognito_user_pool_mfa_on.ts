import { forEachUserPool } from '../cognito-pools.js';
import { fail, pass } from '../helpers.js';
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
    return forEachUserPool(s, (p, d) => {
      if (d.mfa === 'ON') return pass(p.arn, `User pool ${p.name} (${p.id}) requires MFA.`);
      const why = d.mfa === 'OPTIONAL' ? 'OPTIONAL: each user may skip it' : `${d.mfa}`;
      return fail(p.arn, `User pool ${p.name} (${p.id}) does not require MFA (MfaConfiguration ${why}).`);
    });
  },
});
