import { accountResource, errorFinding, fail, pass, withData } from '../helpers.js';
import { CheckStatus, defineCheck } from '../types.js';

/**
 * The root user has no access keys, judged by GetAccountSummary's `AccountAccessKeysPresent` (current
 * and authoritative; counts inactive keys too, which still exist). The credential report (up to four
 * hours old) is a cross-check only: a report without the root line changes nothing, and a report that
 * shows an active root key while the summary says none is a contradiction, reported as `error`.
 */
export const iam_root_no_access_keys = defineCheck({
  id: 'iam_root_no_access_keys',
  title: 'Root user has no access keys',
  demands: 'GetAccountSummary says the root user has no access keys, active or not (the credential report must not contradict it).',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'critical',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GetAccountSummary', 'iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  rationale: 'Root access keys cannot be limited by any policy; whoever holds one controls the whole account and all personal data in it.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'iam', resource, (iam) => {
      if (!iam.accountSummary.ok) return [errorFinding(resource, iam.accountSummary.error)];
      const present = iam.accountSummary.value.rootAccessKeysPresent;
      if (present === undefined) {
        return [
          {
            status: CheckStatus.Error,
            resource,
            message: `Could not check ${resource}: iam:GetAccountSummary returned no AccountAccessKeysPresent for account ${s.accountId}.`,
          },
        ];
      }
      const rootLine = iam.credentialReport.ok ? iam.credentialReport.value.find((r) => r.root) : undefined;
      const activeInReport = rootLine?.accessKeys.filter((k) => k.active).length ?? 0;
      if (present) {
        const detail = rootLine
          ? activeInReport > 0
            ? ` (${activeInReport} active in the credential report)`
            : ' (inactive in the credential report, but they still exist)'
          : '';
        return [fail(resource, `The root user of account ${s.accountId} has access key(s) (GetAccountSummary AccountAccessKeysPresent = 1)${detail}.`)];
      }
      if (activeInReport > 0) {
        return [
          {
            status: CheckStatus.Error,
            resource,
            message: `Could not check ${resource}: GetAccountSummary says the root user of account ${s.accountId} has no access keys, but the credential report shows ${activeInReport} active; scan again once the report is regenerated (IAM regenerates it at most every four hours).`,
          },
        ];
      }
      return [pass(resource, `The root user of account ${s.accountId} has no access keys (GetAccountSummary AccountAccessKeysPresent = 0).`)];
    });
  },
});
