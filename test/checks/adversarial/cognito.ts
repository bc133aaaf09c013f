import { toUserPoolDetails, type UserPool, type UserPoolDetails } from '../../../src/aws/collectors/cognito.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok, POOL_DETAILS } from '../fixtures.js';

const pool = (s: Snapshot): UserPool => {
  const r = s.data.cognito!.userPools;
  if (!r.ok) throw new Error('fixture');
  return r.value[0]!;
};
const BASE: UserPoolDetails = POOL_DETAILS();
const set = (s: Snapshot, patch: Partial<UserPoolDetails>) => {
  pool(s).details = ok({ ...BASE, ...patch });
};
const MFA = 'Cognito API, DescribeUserPool: UserPool.MfaConfiguration OFF | ON | OPTIONAL (OPTIONAL: "users can choose", absent means OFF)';
const THREAT =
  'Cognito API, UserPoolAddOnsType.AdvancedSecurityMode OFF | AUDIT | ENFORCED (AUDIT logs risk and takes no action) and AdvancedSecurityAdditionalFlows.CustomAuthMode AUDIT | ENFORCED for custom authentication challenge Lambda triggers';

const PASSWORD =
  'Cognito API, PasswordPolicyType: MinimumLength (6 to 99), RequireUppercase / RequireLowercase / RequireNumbers / RequireSymbols (no documented default), TemporaryPasswordValidityDays ("Defaults to 7"; 0 is treated as the default)';
const DELETION =
  'Cognito Developer Guide, user pool deletion protection: "When you create a user pool with the CreateUserPool API, deletion protection is inactive by default"; UserPoolType.DeletionProtection ACTIVE | INACTIVE';

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
      r.value.push({
        id: 'eu-west-1_def',
        name: 'partners',
        arn: `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/eu-west-1_def`,
        details: denied('cognito-idp:DescribeUserPool'),
      });
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
  {
    check: 'cognito_user_pool_password_policy_strong',
    name: 'passwordless sign-in (email codes, passkeys) allowed beside an 8-character password policy: passwords still get in',
    source: `${PASSWORD}; SignInPolicyType.AllowedFirstAuthFactors PASSWORD | EMAIL_OTP | SMS_OTP | WEB_AUTHN (PASSWORD must stay allowed)`,
    mutate: (s) => set(s, { firstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'], passwordPolicy: { ...BASE.passwordPolicy, minimumLength: 8 } }),
    expect: 'fail',
    resource: 'userpool/eu-west-1_abc',
  },
  {
    check: 'cognito_user_pool_password_policy_strong',
    name: 'length and every character class required, but admin-issued temporary passwords stay valid 30 days',
    source: PASSWORD,
    mutate: (s) => set(s, { passwordPolicy: { ...BASE.passwordPolicy, temporaryPasswordValidityDays: 30 } }),
    expect: 'fail',
    resource: 'userpool/eu-west-1_abc',
  },
  {
    check: 'cognito_user_pool_password_policy_strong',
    name: 'DescribeUserPool leaves RequireSymbols out: no documented default, read as not required',
    source: PASSWORD,
    mutate: (s) =>
      set(s, {
        passwordPolicy: toUserPoolDetails({
          Policies: { PasswordPolicy: { MinimumLength: 16, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true } },
        }).passwordPolicy,
      }),
    expect: 'fail',
    resource: 'userpool/eu-west-1_abc',
  },
  {
    check: 'cognito_user_pool_password_policy_strong',
    name: 'TemporaryPasswordValidityDays left out (or 0): Cognito uses its default of 7 days, compliant',
    source: PASSWORD,
    mutate: (s) =>
      set(s, {
        passwordPolicy: toUserPoolDetails({
          Policies: {
            PasswordPolicy: {
              MinimumLength: 14,
              RequireUppercase: true,
              RequireLowercase: true,
              RequireNumbers: true,
              RequireSymbols: true,
              TemporaryPasswordValidityDays: 0,
            },
          },
        }).passwordPolicy,
      }),
    expect: 'pass',
    resource: 'userpool/eu-west-1_abc',
  },
  {
    check: 'cognito_user_pool_password_policy_strong',
    name: 'a DescribeUserPool answer without Policies: nothing is required, not "the defaults are fine"',
    source: PASSWORD,
    mutate: (s) => set(s, { passwordPolicy: toUserPoolDetails({ Id: 'eu-west-1_abc' }).passwordPolicy }),
    expect: 'fail',
    resource: 'userpool/eu-west-1_abc',
  },
  {
    check: 'cognito_user_pool_deletion_protection_enabled',
    name: 'a pool created through CreateUserPool (CLI, SDK, IaC): DescribeUserPool has no DeletionProtection, which is INACTIVE',
    source: DELETION,
    mutate: (s) => set(s, { deletionProtection: toUserPoolDetails({ Id: 'eu-west-1_abc', MfaConfiguration: 'ON' }).deletionProtection }),
    expect: 'fail',
    resource: 'userpool/eu-west-1_abc',
  },
  {
    check: 'cognito_user_pool_deletion_protection_enabled',
    name: 'a second pool (next page) could not be described: error for it, never a pass',
    source: `${DELETION}; ListUserPools pages with NextToken`,
    mutate: (s) => {
      const r = s.data.cognito!.userPools;
      if (!r.ok) throw new Error('fixture');
      r.value.push({
        id: 'eu-west-1_def',
        name: 'partners',
        arn: `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/eu-west-1_def`,
        details: denied('cognito-idp:DescribeUserPool'),
      });
    },
    expect: 'error',
    resource: 'userpool/eu-west-1_def',
  },
];
