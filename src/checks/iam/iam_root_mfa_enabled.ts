import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** The root user has MFA. */
export const iam_root_mfa_enabled = defineCheck({
  id: 'iam_root_mfa_enabled',
  title: 'Root user has MFA enabled',
  actionItem: 3,
  gdpr: ['Art. 32'],
  severity: 'critical',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GetAccountSummary'],
  rationale: 'A root password alone protects every piece of personal data in the account.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'iam', resource, (iam) =>
      fromRead(iam.accountSummary, resource, (summary) =>
        summary.rootMfaEnabled
          ? [pass(resource, `The root user of account ${s.accountId} has MFA enabled.`)]
          : [fail(resource, `The root user of account ${s.accountId} has no MFA.`)],
      ),
    );
  },
});
