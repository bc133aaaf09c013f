import { accountResource, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** People (users with a console password) do not also hold long-lived access keys. */
export const iam_user_console_users_without_keys = defineCheck({
  id: 'iam_user_console_users_without_keys',
  title: 'Console users have no long-lived access keys (use roles and STS)',
  demands: 'No user with a console password also has an active access key (people use roles and STS).',
  actionItem: 2,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  rationale: "Humans should get temporary credentials (SSO, assumed roles, the bot's JIT access) rather than standing access keys.",
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 'iam', account, (iam) =>
      fromRead(iam.credentialReport, account, (rows) => {
        const humans = rows.filter((r) => !r.root && r.passwordEnabled);
        if (humans.length === 0) return [notApplicable(account, `Account ${s.accountId} has no IAM users with a console password.`)];
        return humans.map((u): Finding => {
          const active = u.accessKeys.filter((k) => k.active).length;
          return active > 0
            ? fail(u.arn, `Console user ${u.user} (${u.arn}) also has ${active} active access key(s).`)
            : pass(u.arn, `Console user ${u.user} (${u.arn}) has no access keys.`);
        });
      }),
    );
  },
});
