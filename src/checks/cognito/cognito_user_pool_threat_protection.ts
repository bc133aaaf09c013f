import type { UserPoolDetails } from '../../aws/collectors/cognito.js';
import { forEachUserPool } from '../cognito-pools.js';
import { fail, pass } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Why a pool's threat protection only watches (or is off), one phrase per sign-in path; empty when enforced. */
function gaps(d: UserPoolDetails): string[] {
  const out: string[] = [];
  if (d.threatProtection !== 'ENFORCED')
    out.push(`standard sign-in is ${d.threatProtection === 'AUDIT' ? 'only audited (AUDIT logs risk, blocks nothing)' : d.threatProtection}`);
  if (d.customAuth && d.customAuthThreatProtection !== 'ENFORCED') {
    out.push(`custom authentication (define-auth-challenge trigger) is ${d.customAuthThreatProtection === 'AUDIT' ? 'only audited' : 'not covered'}`);
  }
  return out;
}

/**
 * Every Cognito user pool enforces threat protection (adaptive, risk-based authentication): ENFORCED for
 * standard sign-in, and for custom authentication too when the pool has a custom-auth trigger.
 */
export const cognito_user_pool_threat_protection = defineCheck({
  id: 'cognito_user_pool_threat_protection',
  title: 'Cognito user pools enforce threat protection',
  demands: 'Every user pool enforces threat protection (AdvancedSecurityMode ENFORCED, and for custom authentication flows too; AUDIT is not enough).',
  actionItem: 6,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'low',
  scope: 'region',
  needs: ['cognito'],
  permissions: ['cognito-idp:ListUserPools', 'cognito-idp:DescribeUserPool'],
  rationale: 'Threat protection blocks sign-ins with compromised credentials and risky sign-ins before they reach user data.',
  evaluate(s) {
    return forEachUserPool(s, (p, d) => {
      const problems = gaps(d);
      if (problems.length === 0)
        return pass(p.arn, `User pool ${p.name} (${p.id}) enforces threat protection${d.customAuth ? ', custom authentication included' : ''}.`);
      const plan = d.tier && d.tier !== 'PLUS' ? ` Threat protection needs the Plus feature plan (the pool is on ${d.tier}).` : '';
      return fail(p.arn, `User pool ${p.name} (${p.id}) does not enforce threat protection: ${problems.join('; ')}.${plan}`);
    });
  },
});
