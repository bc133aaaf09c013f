import { CognitoIdentityProviderClient, DescribeUserPoolCommand, paginateListUserPools, type UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** What DescribeUserPool says about a pool's sign-in protection. */
export interface UserPoolDetails {
  /** `ON`, `OPTIONAL` or `OFF` (`OFF` when DescribeUserPool leaves it out). */
  mfa: string;
  /** Threat protection for standard (password, SRP) sign-in: `OFF`, `AUDIT` or `ENFORCED` (`OFF` without add-ons). */
  threatProtection: string;
  /** Threat protection for custom authentication (`AdvancedSecurityAdditionalFlows.CustomAuthMode`): `AUDIT`, `ENFORCED` or `OFF` when not set. */
  customAuthThreatProtection: string;
  /** The pool has a define-auth-challenge trigger: sign-in can go through custom authentication. */
  customAuth: boolean;
  /** Feature plan (`LITE`, `ESSENTIALS`, `PLUS`), when AWS reports it. */
  tier?: string;
  /** `Policies.PasswordPolicy` as AWS answered it; a field left out is `undefined` (the check reads it). */
  passwordPolicy: CognitoPasswordPolicy;
  /**
   * `Policies.SignInPolicy.AllowedFirstAuthFactors` (`PASSWORD`, `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`);
   * `['PASSWORD']` when the pool has no sign-in policy (password-only, the default).
   */
  firstAuthFactors: string[];
  /** `DeletionProtection`: `ACTIVE` or `INACTIVE` (`INACTIVE` when left out: CreateUserPool's default). */
  deletionProtection: string;
}

/** A user pool's password policy; every field as DescribeUserPool gave it, `undefined` when left out. */
export interface CognitoPasswordPolicy {
  minimumLength?: number;
  requireUppercase?: boolean;
  requireLowercase?: boolean;
  requireNumbers?: boolean;
  requireSymbols?: boolean;
  temporaryPasswordValidityDays?: number;
}

export interface UserPool {
  id: string;
  name: string;
  arn: string;
  details: Read<UserPoolDetails>;
}

export interface CognitoData {
  userPools: Read<UserPool[]>;
}

/** Reads the sign-in protection of a DescribeUserPool answer; missing settings read as off. */
export function toUserPoolDetails(pool: UserPoolType | undefined): UserPoolDetails {
  const pp = pool?.Policies?.PasswordPolicy;
  const factors = pool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors;
  return {
    mfa: pool?.MfaConfiguration ?? 'OFF',
    threatProtection: pool?.UserPoolAddOns?.AdvancedSecurityMode ?? 'OFF',
    customAuthThreatProtection: pool?.UserPoolAddOns?.AdvancedSecurityAdditionalFlows?.CustomAuthMode ?? 'OFF',
    customAuth: Boolean(pool?.LambdaConfig?.DefineAuthChallenge),
    tier: pool?.UserPoolTier,
    passwordPolicy: {
      ...(pp?.MinimumLength !== undefined ? { minimumLength: pp.MinimumLength } : {}),
      ...(pp?.RequireUppercase !== undefined ? { requireUppercase: pp.RequireUppercase } : {}),
      ...(pp?.RequireLowercase !== undefined ? { requireLowercase: pp.RequireLowercase } : {}),
      ...(pp?.RequireNumbers !== undefined ? { requireNumbers: pp.RequireNumbers } : {}),
      ...(pp?.RequireSymbols !== undefined ? { requireSymbols: pp.RequireSymbols } : {}),
      ...(pp?.TemporaryPasswordValidityDays !== undefined ? { temporaryPasswordValidityDays: pp.TemporaryPasswordValidityDays } : {}),
    },
    firstAuthFactors: factors && factors.length > 0 ? [...factors] : ['PASSWORD'],
    deletionProtection: pool?.DeletionProtection ?? 'INACTIVE',
  };
}

/** ListUserPools requires MaxResults; 60 is its maximum. */
const LIST_USER_POOLS_MAX = 60;

/** Cognito user pools (regional): every pool on every page, with MFA, threat protection, password policy, sign-in factors and deletion protection. */
export const cognitoCollector: Collector<CognitoData> = {
  id: 'cognito',
  scope: 'region',
  async collect(ctx) {
    const client = ctx.clients.get(CognitoIdentityProviderClient, ctx.region);
    const userPools = await ctx.read(async () => {
      const list = await ctx.pages(
        'cognito-idp:ListUserPools',
        paginateListUserPools({ client, pageSize: LIST_USER_POOLS_MAX }, { MaxResults: LIST_USER_POOLS_MAX }),
        (p) => p.UserPools,
      );
      return Promise.all(
        list.map(async (pool): Promise<UserPool> => {
          const id = pool.Id ?? '';
          const details = await ctx.read(async () =>
            toUserPoolDetails((await ctx.must('cognito-idp:DescribeUserPool', () => client.send(new DescribeUserPoolCommand({ UserPoolId: id })))).UserPool),
          );
          return { id, name: pool.Name ?? '', arn: `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:userpool/${id}`, details };
        }),
      );
    });
    return { userPools };
  },
};
