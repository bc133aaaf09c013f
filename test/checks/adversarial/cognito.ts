import type { UserPool, UserPoolDetails } from '../../../src/aws/collectors/cognito.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const pool = (s: Snapshot): UserPool => {
  const r = s.data.cognito!.userPools;
  if (!r.ok) throw new Error('fixture');
  return r.value[0]!;
};
const BASE: UserPoolDetails = { mfa: 'ON', threatProtection: 'ENFORCED', customAuthThreatProtection: 'OFF', customAuth: false, tier: 'PLUS' };
const set = (s: Snapshot, patch: Partial<UserPoolDetails>) => {
  pool(s).details = ok({ ...BASE, ...patch });
};
const MFA = 'Cognito API, DescribeUserPool: UserPool.MfaConfiguration OFF | ON | OPTIONAL (OPTIONAL: "users can choose", absent means OFF)';
const THREAT =
  'Cognito API, UserPoolAddOnsType.AdvancedSecurityMode OFF | AUDIT | ENFORCED (AUDIT logs risk and takes no action) and AdvancedSecurityAdditionalFlows.CustomAuthMode AUDIT | ENFORCED for custom authentication challenge Lambda triggers';

/** Cognito: pools that look protected and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'cognito_user_pool_mfa_on',
    name: 'MFA OPTIONAL: configured, yet every user may skip it',
    source: MFA,
    mutate: (s) => set(s, { mfa: 'OPTIONAL' }),
    expect: 'fail',
    resource: 'userpool/eu-west-1_abc',
  },
  {
    check: 'cognito_user_pool_mfa_on',
    name: 'DescribeUserPool without MfaConfiguration: MFA is OFF',
    source: MFA,
    mutate: (s) => set(s, { mfa: 'OFF' }),
    expect: 'fail',
    resource: 'userpool/eu-west-1_abc',
  },
  {
    check: 'cognito_user_pool_mfa_on',
    name: 'a second pool (next ListUserPools page) could not be described: error for it, the first still passes',
    source: `${MFA}; ListUserPools (MaxResults required, at most 60) pages with NextToken`,
    mutate: (s) => {
      const r = s.data.cognito!.userPools;
      if (!r.ok) throw new Error('fixture');
      r.value.push({ id: 'eu-west-1_def', name: 'partners', arn: `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/eu-west-1_def`, details: denied('cognito-idp:DescribeUserPool') });
    },
    expect: 'error',
    resource: 'userpool/eu-west-1_def',
  },
  {
    check: 'cognito_user_pool_threat_protection',
    name: 'threat protection AUDIT: risk is logged, no sign-in is blocked',
    source: THREAT,
    mutate: (s) => set(s, { threatProtection: 'AUDIT' }),
    expect: 'fail',
    resource: 'userpool/eu-west-1_abc',
  },
  {
    check: 'cognito_user_pool_threat_protection',
    name: 'ENFORCED for password sign-in, but the pool signs users in through custom auth triggers left in AUDIT',
    source: `${THREAT}; LambdaConfig.DefineAuthChallenge marks a custom authentication flow`,
    mutate: (s) => set(s, { customAuth: true, customAuthThreatProtection: 'AUDIT' }),
    expect: 'fail',
    resource: 'userpool/eu-west-1_abc',
  },
  {
    check: 'cognito_user_pool_threat_protection',
    name: 'ENFORCED for password sign-in, custom auth triggers and no CustomAuthMode: custom sign-in is unprotected',
    source: THREAT,
    mutate: (s) => set(s, { customAuth: true, customAuthThreatProtection: 'OFF' }),
    expect: 'fail',
    resource: 'userpool/eu-west-1_abc',
  },
  {
    check: 'cognito_user_pool_threat_protection',
    name: 'a pool on the Essentials feature plan has no threat protection (UserPoolAddOns absent)',
    source: `${THREAT}; threat protection needs the Plus feature plan (UserPoolTier PLUS)`,
    mutate: (s) => set(s, { threatProtection: 'OFF', tier: 'ESSENTIALS' }),
    expect: 'fail',
    resource: 'userpool/eu-west-1_abc',
  },
  {
    check: 'cognito_user_pool_threat_protection',
    name: 'custom auth triggers with CustomAuthMode ENFORCED as well: compliant',
    source: THREAT,
    mutate: (s) => set(s, { customAuth: true, customAuthThreatProtection: 'ENFORCED' }),
    expect: 'pass',
    resource: 'userpool/eu-west-1_abc',
  },
];
