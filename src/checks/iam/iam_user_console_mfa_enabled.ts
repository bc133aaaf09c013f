import { accountResource, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every IAM user with a console password has MFA. */
export const iam_user_console_mfa_enabled = defineCheck({
  id: 'iam_user_console_mfa_enabled',
  title: 'Console users have MFA',
  demands: 'Every user with a console password has MFA active.',
  actionItem: 3,
  gdpr: ['Art. 32'],
  severity: 'high',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  rationale: 'A phished or reused password is enough to sign in to the console unless MFA is required.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 'iam', account, (iam) =>
      fromRead(iam.credentialReport, account, (rows) => {
        const humans = rows.filter((r) => !r.root && r.passwordEnabled);
        if (humans.length === 0) return [notApplicable(account, `Account ${s.accountId} has no IAM users with a console password.`)];
        return humans.map((u) =>
          u.mfaActive ? pass(u.arn, `Console user ${u.user} (${u.arn}) has MFA.`) : fail(u.arn, `Console user ${u.user} (${u.arn}) has no MFA.`),
        );
      }),
    );
  },
});
