import type { PasswordPolicy, UpdateAccountPasswordPolicyCommandInput } from '@aws-sdk/client-iam';
import type { RemediationSettings } from '../../config/schema.js';
import { isCode } from '../aws-errors.js';
import { anyTarget, type Remediation, type RemediationContext } from '../types.js';

async function current(ctx: RemediationContext): Promise<PasswordPolicy | undefined> {
  const { GetAccountPasswordPolicyCommand, IAMClient } = await import('@aws-sdk/client-iam');
  try {
    return (await ctx.aws.get(IAMClient).send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
  } catch (error) {
    if (isCode(error, 'NoSuchEntity', 'NoSuchEntityException')) return undefined;
    throw error;
  }
}

/**
 * The policy to set: the configured baseline, keeping any setting of the current policy that is
 * already stricter (a longer minimum, a longer reuse history, a shorter maximum age).
 */
export function targetPolicy(baseline: RemediationSettings['passwordPolicy'], now: PasswordPolicy | undefined): UpdateAccountPasswordPolicyCommandInput {
  const maxAge = (() => {
    const mine = baseline.maxPasswordAge;
    const theirs = now?.MaxPasswordAge ?? 0;
    if (mine === 0) return theirs > 0 ? theirs : undefined;
    return theirs > 0 ? Math.min(mine, theirs) : mine;
  })();
  return {
    MinimumPasswordLength: Math.max(baseline.minimumLength, now?.MinimumPasswordLength ?? 0),
    RequireSymbols: baseline.requireSymbols || now?.RequireSymbols === true,
    RequireNumbers: baseline.requireNumbers || now?.RequireNumbers === true,
    RequireUppercaseCharacters: baseline.requireUppercase || now?.RequireUppercaseCharacters === true,
    RequireLowercaseCharacters: baseline.requireLowercase || now?.RequireLowercaseCharacters === true,
    AllowUsersToChangePassword: baseline.allowUsersToChangePassword,
    PasswordReusePrevention: Math.max(baseline.passwordReusePrevention, now?.PasswordReusePrevention ?? 0),
    ...(maxAge !== undefined ? { MaxPasswordAge: maxAge } : {}),
    HardExpiry: baseline.hardExpiry || now?.HardExpiry === true,
  };
}

/** The settings of `now` that differ from `wanted`, as `Name: current → wanted`. */
export function differences(wanted: UpdateAccountPasswordPolicyCommandInput, now: PasswordPolicy | undefined): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    const have = now ? (now as Record<string, unknown>)[key] : undefined;
    const normalised = have === undefined && typeof value === 'boolean' ? false : have;
    if (normalised !== value) out.push(`${key}: ${have === undefined ? 'unset' : String(have)} → ${String(value)}`);
  }
  return out;
}

export const iamSetPasswordPolicy: Remediation = {
  id: 'iam-set-password-policy',
  fixes: [
    'iam_account_password_policy_strong',
    'iam_password_policy_lowercase',
    'iam_password_policy_number',
    'iam_password_policy_symbol',
    'iam_password_policy_uppercase',
  ],
  title: 'Set the IAM password policy',
  changes:
    'Sets the account password policy to the configured baseline (length, character classes, reuse); users meet it the next time they change their password.',
  risk: 'medium',
  permissions: ['iam:GetAccountPasswordPolicy', 'iam:UpdateAccountPasswordPolicy'],
  target: 'account',
  validate: anyTarget,
  async plan(ctx) {
    const now = await current(ctx);
    const wanted = targetPolicy(ctx.settings.passwordPolicy, now);
    const diff = differences(wanted, now);
    return {
      compliant: diff.length === 0,
      current: now
        ? diff.length === 0
          ? 'The password policy already meets the baseline.'
          : `The password policy differs from the baseline: ${diff.join('; ')}.`
        : 'The account has no password policy (AWS defaults apply).',
      calls: diff.length === 0 ? [] : [{ action: 'iam:UpdateAccountPasswordPolicy', params: { ...wanted } }],
    };
  },
  async apply(ctx) {
    const { IAMClient, UpdateAccountPasswordPolicyCommand } = await import('@aws-sdk/client-iam');
    const now = await current(ctx);
    const wanted = targetPolicy(ctx.settings.passwordPolicy, now);
    if (differences(wanted, now).length === 0) return { outcome: 'already-compliant', summary: 'The password policy already met the baseline.', calls: [] };
    await ctx.aws.get(IAMClient).send(new UpdateAccountPasswordPolicyCommand(wanted));
    return {
      outcome: 'changed',
      summary: `The password policy now requires at least ${wanted.MinimumPasswordLength} characters and blocks reuse of the last ${wanted.PasswordReusePrevention}.`,
      calls: [{ action: 'iam:UpdateAccountPasswordPolicy', params: { ...wanted } }],
      previous: { PasswordPolicy: now ?? null },
    };
  },
};
