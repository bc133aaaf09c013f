import { accountResource, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * No IAM user has both access key slots active (`access_key_1_active` and `access_key_2_active` in the
 * credential report). Two active keys is the state a rotation leaves when the old key is never turned
 * off: twice the long-lived secrets, one of them usually forgotten. The root line is not judged here
 * (root should have no keys at all: `iam_root_no_access_keys`).
 */
export const iam_user_two_active_access_key = defineCheck({
  id: 'iam_user_two_active_access_key',
  title: 'No IAM user has two active access keys',
  demands: 'No IAM user has both access key slots active in the credential report (one key at most; deactivate the old key once a rotation is done).',
  actionItem: 2,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  rationale: 'Every active key is a standing secret that can leak; a second one left active after a rotation doubles the exposure and is rarely watched.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 'iam', account, (iam) =>
      fromRead(iam.credentialReport, account, (rows) => {
        const users = rows.filter((r) => !r.root);
        if (users.length === 0) return [notApplicable(account, `Account ${s.accountId} has no IAM users.`)];
        return users.map((u): Finding => {
          const active = u.accessKeys.filter((k) => k.active);
          if (active.length >= 2) {
            return fail(
              u.arn,
              `IAM user ${u.user} (${u.arn}) has two active access keys (slots ${active.map((k) => k.slot).join(' and ')}); deactivate and delete the one no longer in use.`,
            );
          }
          return pass(u.arn, `IAM user ${u.user} (${u.arn}) has ${active.length === 0 ? 'no active access key' : 'one active access key'}.`);
        });
      }),
    );
  },
});
