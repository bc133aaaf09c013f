import type { CognitoPasswordPolicy } from '../../aws/collectors/cognito.js';
import { forEachUserPool } from '../cognito-pools.js';
import { fail, pass } from '../helpers.js';
import { defineCheck } from '../types.js';

/** The demands: length and the four character classes, and how long an admin-issued temporary password lives. */
export const COGNITO_MIN_PASSWORD_LENGTH = 14;
export const COGNITO_MAX_TEMPORARY_PASSWORD_DAYS = 7;
/** The lowest MinimumLength Cognito accepts: how a policy that states none is read. */
const COGNITO_LENGTH_FLOOR = 6;
/** TemporaryPasswordValidityDays when left out (or 0): "Defaults to 7" (Cognito API, PasswordPolicyType). */
const COGNITO_TEMPORARY_DAYS_DEFAULT = 7;

/** What is weak about a pool's password policy, one phrase each; empty when it meets every demand. */
export function passwordPolicyWeaknesses(p: CognitoPasswordPolicy): string[] {
  const out: string[] = [];
  if (p.minimumLength === undefined)
    out.push(`no MinimumLength stated (read as ${COGNITO_LENGTH_FLOOR}, the lowest Cognito allows; needs ${COGNITO_MIN_PASSWORD_LENGTH} or more)`);
  else if (p.minimumLength < COGNITO_MIN_PASSWORD_LENGTH) out.push(`minimum length ${p.minimumLength} (needs ${COGNITO_MIN_PASSWORD_LENGTH} or more)`);
  const classes: [keyof CognitoPasswordPolicy, string][] = [
    ['requireUppercase', 'uppercase letters'],
    ['requireLowercase', 'lowercase letters'],
    ['requireNumbers', 'numbers'],
    ['requireSymbols', 'symbols'],
  ];
  const missing = classes.filter(([k]) => p[k] !== true).map(([, label]) => label);
  if (missing.length > 0) out.push(`${missing.join(', ')} not required`);
  const days = p.temporaryPasswordValidityDays || COGNITO_TEMPORARY_DAYS_DEFAULT;
  if (days > COGNITO_MAX_TEMPORARY_PASSWORD_DAYS)
    out.push(`temporary passwords stay valid ${days} days (needs ${COGNITO_MAX_TEMPORARY_PASSWORD_DAYS} or fewer)`);
  return out;
}

/**
 * Every Cognito user pool's password policy requires at least 14 characters with uppercase and lowercase
 * letters, numbers and symbols, and lets an administrator-issued temporary password live 7 days at most.
 * A field DescribeUserPool leaves out is read as AWS documents it (TemporaryPasswordValidityDays: 7) or,
 * where AWS documents no default, as the weakest setting (MinimumLength 6, a character class not required).
 * A pool that also allows passwordless sign-in (email or SMS one-time codes, passkeys) is judged the same:
 * Cognito keeps PASSWORD among the allowed first factors, and temporary passwords still follow the policy.
 */
export const cognito_user_pool_password_policy_strong = defineCheck({
  id: 'cognito_user_pool_password_policy_strong',
  title: 'Cognito user pools enforce a strong password policy',
  demands: 'Every user pool requires passwords of 14+ characters with uppercase, lowercase, numbers and symbols, and temporary passwords expire within 7 days.',
  actionItem: 6,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['cognito'],
  permissions: ['cognito-idp:ListUserPools', 'cognito-idp:DescribeUserPool'],
  rationale: "Weak passwords are the easiest way into the accounts of your app's users, whose personal data the pool and the app hold.",
  evaluate(s) {
    return forEachUserPool(s, (p, d) => {
      const weak = passwordPolicyWeaknesses(d.passwordPolicy);
      if (weak.length === 0) {
        const days = d.passwordPolicy.temporaryPasswordValidityDays || COGNITO_TEMPORARY_DAYS_DEFAULT;
        return pass(
          p.arn,
          `User pool ${p.name} (${p.id}) requires passwords of ${d.passwordPolicy.minimumLength} or more characters with uppercase and lowercase letters, numbers and symbols; temporary passwords expire after ${days} day(s).`,
        );
      }
      const passwordless = d.firstAuthFactors.filter((f) => f !== 'PASSWORD');
      const note =
        passwordless.length > 0
          ? ` Passwordless sign-in (${passwordless.join(', ')}) does not make this moot: passwords remain a way in, and temporary passwords follow this policy.`
          : '';
      return fail(
        p.arn,
        `User pool ${p.name} (${p.id}) in ${s.region} has a weak password policy: ${weak.join('; ')}. Tighten the password policy in the console's authentication methods (an UpdateUserPool call resets every setting it leaves out).${note}`,
      );
    });
  },
});
