import { accountResource, daysSince, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** The root user has not signed in or used a key within the configured window. */
export const iam_root_not_used_recently = defineCheck({
  id: 'iam_root_not_used_recently',
  title: 'Root user is not used for day-to-day work',
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
        if (!root) return [fail(resource, `The credential report of account ${s.accountId} has no root line; root use cannot be ruled out.`)];
        const uses = [root.passwordLastUsed, ...root.accessKeys.map((k) => k.lastUsed)]
          .map((d) => daysSince(s, d))
          .filter((d): d is number => d !== undefined);
        const latest = uses.length > 0 ? Math.min(...uses) : undefined;
        return latest !== undefined && latest < window
          ? [fail(resource, `The root user of account ${s.accountId} was used ${latest} day(s) ago (within the ${window}-day window).`)]
          : [pass(resource, `The root user of account ${s.accountId} has not been used in the last ${window} days.`)];
      }),
    );
  },
});
