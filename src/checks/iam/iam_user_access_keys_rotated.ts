import { accountResource, daysSince, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** Active access keys (both slots) are younger than the configured maximum age, measured from `access_key_N_last_rotated` (the key's creation), not its last use. */
export const iam_user_access_keys_rotated = defineCheck({
  id: 'iam_user_access_keys_rotated',
  title: 'Access keys are rotated within 90 days',
  demands: 'Every active access key (both slots) was created within `accessKeyMaxAgeDays`; a key with no creation date is `error`.',
  actionItem: 2,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  rationale: 'Long-lived keys leak through laptops, repositories and logs; short-lived STS credentials or rotated keys limit the damage.',
  evaluate(s) {
    const account = accountResource(s);
    const limit = s.settings.accessKeyMaxAgeDays;
    return withData(s, 'iam', account, (iam) =>
      fromRead(iam.credentialReport, account, (rows) => {
        const withKeys = rows.filter((r) => !r.root && r.accessKeys.some((k) => k.active));
        if (withKeys.length === 0) return [notApplicable(account, `No IAM user of account ${s.accountId} has an active access key.`)];
        return withKeys.map((u): Finding => {
          const active = u.accessKeys.filter((k) => k.active).map((k) => ({ slot: k.slot, age: daysSince(s, k.lastRotated) }));
          const old = active.filter((k) => k.age !== undefined && k.age > limit);
          const undated = active.filter((k) => k.age === undefined);
          if (old.length > 0)
            return fail(
              u.arn,
              `IAM user ${u.user} (${u.arn}) has access key(s) older than ${limit} days: ${old.map((k) => `key ${k.slot} (${k.age} days)`).join(', ')}.`,
            );
          if (undated.length > 0) {
            // AWS fills access_key_N_last_rotated for every active key: a missing date is an answer that cannot be judged.
            return {
              status: CheckStatus.Error,
              resource: u.arn,
              message: `Could not check IAM user ${u.user} (${u.arn}): the credential report gives no creation date (access_key_N_last_rotated) for active key(s) ${undated.map((k) => k.slot).join(', ')}.`,
            };
          }
          return pass(u.arn, `IAM user ${u.user} (${u.arn}) has only access keys younger than ${limit} days.`);
        });
      }),
    );
  },
});
