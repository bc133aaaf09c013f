import { accountResource, errorFinding, fail, pass, withData } from '../helpers.js';
import { CheckStatus, defineCheck } from '../types.js';

/**
 * The root user has MFA, judged by GetAccountSummary's `AccountMFAEnabled` (current and authoritative).
 * The credential report is a cross-check only: without it, or without its root line, the summary
 * decides; a root line saying `mfa_active` false while the summary says enabled is a contradiction,
 * reported as `error`, never a pass.
 */
export const iam_root_mfa_enabled = defineCheck({
  id: 'iam_root_mfa_enabled',
  title: 'Root user has MFA enabled',
  demands: 'GetAccountSummary says `AccountMFAEnabled` (the credential report must not contradict it).',
  actionItem: 3,
  gdpr: ['Art. 32'],
  severity: 'critical',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GetAccountSummary', 'iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  rationale: 'A root password alone protects every piece of personal data in the account.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'iam', resource, (iam) => {
      if (!iam.accountSummary.ok) return [errorFinding(resource, iam.accountSummary.error)];
      const enabled = iam.accountSummary.value.rootMfaEnabled;
      if (enabled === undefined) {
        return [
          {
            status: CheckStatus.Error,
            resource,
            message: `Could not check ${resource}: iam:GetAccountSummary returned no AccountMFAEnabled for account ${s.accountId}.`,
          },
        ];
      }
      if (!enabled) return [fail(resource, `The root user of account ${s.accountId} has no MFA (GetAccountSummary AccountMFAEnabled = 0).`)];
      const rootLine = iam.credentialReport.ok ? iam.credentialReport.value.find((r) => r.root) : undefined;
      if (rootLine && !rootLine.mfaActive) {
        return [
          {
            status: CheckStatus.Error,
            resource,
            message: `Could not check ${resource}: GetAccountSummary says the root user of account ${s.accountId} has MFA, but the credential report says mfa_active false; scan again once the report is regenerated (IAM regenerates it at most every four hours).`,
          },
        ];
      }
      return [pass(resource, `The root user of account ${s.accountId} has MFA enabled.`)];
    });
  },
});
