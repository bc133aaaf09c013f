import { judgePasswordPolicy } from '../password-policy.js';
import { defineCheck } from '../types.js';

/** The account password policy requires at least one lowercase letter (`RequireLowercaseCharacters`; a field IAM leaves out is false). */
export const iam_password_policy_lowercase = defineCheck({
  id: 'iam_password_policy_lowercase',
  title: 'Account password policy requires at least one lowercase letter',
  demands: 'The account password policy has RequireLowercaseCharacters set to true (no password policy, or the field absent, fails).',
  actionItem: 1,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GetAccountPasswordPolicy'],
  rationale: 'Passwords drawn from more character classes resist guessing and offline cracking longer; IAM requires none unless the policy says so.',
  evaluate(s) {
    return judgePasswordPolicy(s, 'at least one lowercase letter', (p) => (p.requireLowercase ? undefined : 'RequireLowercaseCharacters is off'));
  },
});
