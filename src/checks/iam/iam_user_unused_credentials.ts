import { accountResource, daysSince, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** Passwords and access keys not used for longer than the configured number of days are disabled. */
export const iam_user_unused_credentials = defineCheck({
  id: 'iam_user_unused_credentials',
  title: 'No credentials unused for more than 90 days',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  remediation: 'iam-remove-unused-credentials',
  rationale: 'Forgotten credentials are standing access nobody watches; removing unused permissions is part of least privilege.',
  evaluate(s) {
    const account = accountResource(s);
    const limit = s.settings.unusedCredentialDays;
    return withData(s, 'iam', account, (iam) =>
      fromRead(iam.credentialReport, account, (rows) => {
        const users = rows.filter((r) => !r.root);
        if (users.length === 0) return [notApplicable(account, `Account ${s.accountId} has no IAM users.`)];
        return users.map((u): Finding => {
          const stale: string[] = [];
          if (u.passwordEnabled) {
            const age = daysSince(s, u.passwordLastUsed ?? u.createdAt);
            if (age !== undefined && age > limit) stale.push(`password unused for ${age} days`);
          }
          for (const k of u.accessKeys.filter((key) => key.active)) {
            const age = daysSince(s, k.lastUsed ?? k.lastRotated);
            if (age !== undefined && age > limit) stale.push(`access key ${k.slot} unused for ${age} days`);
          }
          return stale.length > 0
            ? fail(u.arn, `IAM user ${u.user} (${u.arn}) has unused credentials: ${stale.join(', ')}.`)
            : pass(u.arn, `IAM user ${u.user} (${u.arn}) has no credentials unused for more than ${limit} days.`);
        });
      }),
    );
  },
});
