import { accountResource, daysSince, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** The later of two ISO dates (either may be missing). */
function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * Passwords and access keys not used for longer than the configured number of days are disabled. A
 * credential counts as unused only when neither its last use nor when it was last set is within the
 * window: a password set (`password_last_changed`) two days ago and never used, or a key created
 * (`access_key_N_last_rotated`) yesterday and never used, is new, not unused. A credential the report
 * gives no date for at all is `error` for that user, never a guess either way.
 */
export const iam_user_unused_credentials = defineCheck({
  id: 'iam_user_unused_credentials',
  title: 'No credentials unused for more than 90 days',
  demands:
    'No password both unused and unchanged for `unusedCredentialDays`, and no active key both unused and created that long ago (a password set two days ago is not unused).',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
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
          const unknown: string[] = [];
          if (u.passwordEnabled) {
            // When the password was last set: without that date a password used long ago may have been reset yesterday.
            if (!u.passwordLastChanged) unknown.push('its console password (no password_last_changed)');
            else {
              const age = daysSince(s, latest(u.passwordLastUsed, u.passwordLastChanged));
              if (age !== undefined && age > limit)
                stale.push(
                  `password unused for ${age} days (${u.passwordLastUsed ? `last used ${u.passwordLastUsed.slice(0, 10)}` : 'never used'}, set ${u.passwordLastChanged.slice(0, 10)})`,
                );
            }
          }
          for (const k of u.accessKeys.filter((key) => key.active)) {
            const since = latest(k.lastUsed, k.lastRotated);
            if (!since) {
              unknown.push(`access key ${k.slot} (no last use and no access_key_${k.slot}_last_rotated)`);
              continue;
            }
            const age = daysSince(s, since);
            if (age !== undefined && age > limit)
              stale.push(
                `access key ${k.slot} unused for ${age} days (${k.lastUsed ? `last used ${k.lastUsed.slice(0, 10)}` : 'never used'}, created ${k.lastRotated?.slice(0, 10) ?? 'on an unknown date'})`,
              );
          }
          if (stale.length > 0) return fail(u.arn, `IAM user ${u.user} (${u.arn}) has unused credentials: ${stale.join(', ')}.`);
          if (unknown.length > 0) {
            return {
              status: CheckStatus.Error,
              resource: u.arn,
              message: `Could not check IAM user ${u.user} (${u.arn}): the credential report gives no date for ${unknown.join(' or ')}.`,
            };
          }
          return pass(u.arn, `IAM user ${u.user} (${u.arn}) has no credentials unused for more than ${limit} days.`);
        });
      }),
    );
  },
});
