import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** The account password policy meets the baseline (length ≥ 14, reuse prevention ≥ 24). */
export const iam_account_password_policy_strong = defineCheck({
  id: 'iam_account_password_policy_strong',
  title: 'Account password policy is strong (length ≥ 14, no reuse of last 24)',
  demands:
    'A password policy with minimum length ≥ 14 and reuse prevention of the last 24 (each character class has an iam_password_policy_* check of its own); fields IAM leaves out count as the weakest value.',
  actionItem: 1,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GetAccountPasswordPolicy'],
  rationale: 'Console passwords of IAM users are only as strong as the policy that governs them.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'iam', resource, (iam) =>
      fromRead(iam.passwordPolicy, resource, (policy) => {
        if (!policy) return [fail(resource, `Account ${s.accountId} has no IAM password policy.`)];
        const weak: string[] = [];
        if (policy.minimumLength < 14) weak.push(`minimum length ${policy.minimumLength}`);
        if (policy.reusePrevention < 24) weak.push(`reuse prevention ${policy.reusePrevention}`);
        return weak.length > 0
          ? [fail(resource, `The password policy of account ${s.accountId} is weak: ${weak.join(', ')}.`)]
          : [pass(resource, `The password policy of account ${s.accountId} meets the baseline.`)];
      }),
    );
  },
});
