import { judgePasswordPolicy } from '../password-policy.js';
import { defineCheck } from '../types.js';

/** The account password policy requires at least one symbol (`RequireSymbols`; a field IAM leaves out is false). */
export const iam_password_policy_symbol = defineCheck({
  id: 'iam_password_policy_symbol',
  title: 'Account password policy requires at least one symbol',
  demands: 'The account password policy has RequireSymbols set to true (no password policy, or the field absent, fails).',
  actionItem: 1,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GetAccountPasswordPolicy'],
  rationale: 'Passwords drawn from more character classes resist guessing and offline cracking longer; IAM requires none unless the policy says so.',
  evaluate(s) {
    return judgePasswordPolicy(s, 'at least one symbol', (p) => (p.requireSymbols ? undefined : 'RequireSymbols is off'));
  },
});
