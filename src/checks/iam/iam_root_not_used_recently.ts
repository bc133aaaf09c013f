import { accountResource, daysSince, fail, fromRead, pass, withData } from '../helpers.js';
import { CheckStatus, defineCheck } from '../types.js';

/** The root user has not signed in or used a key within the configured window (needs the credential report's root line: without it, `error`). */
export const iam_root_not_used_recently = defineCheck({
  id: 'iam_root_not_used_recently',
  title: 'Root user is not used for day-to-day work',
  demands: "The root user's password and keys were not used within `rootRecentUseDays`; a credential report without the root line is `error`.",
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  rationale: 'Day-to-day work as root bypasses least privilege and leaves no individual accountability in the audit trail.',
  evaluate(s) {
    const resource = accountResource(s);
    const window = s.settings.rootRecentUseDays;
    return withData(s, 'iam', resource, (iam) =>
      fromRead(iam.credentialReport, resource, (rows) => {
        const root = rows.find((r) => r.root);
        if (!root) {
          return [
            {
              status: CheckStatus.Error,
              resource,
              message: `Could not check ${resource}: the credential report of account ${s.accountId} has no <root_account> line, so root use cannot be judged.`,
            },
          ];
        }
        const uses = [root.passwordLastUsed, ...root.accessKeys.map((k) => k.lastUsed)].map((d) => daysSince(s, d)).filter((d): d is number => d !== undefined);
        const latest = uses.length > 0 ? Math.min(...uses) : undefined;
        return latest !== undefined && latest < window
          ? [fail(resource, `The root user of account ${s.accountId} was used ${latest} day(s) ago (within the ${window}-day window).`)]
          : [pass(resource, `The root user of account ${s.accountId} has not been used in the last ${window} days.`)];
      }),
    );
  },
});
