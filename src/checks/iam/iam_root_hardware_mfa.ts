import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { CheckStatus, defineCheck } from '../types.js';

/**
 * The root user's MFA is a hardware device, not a virtual one: GetAccountSummary says root has MFA and
 * no virtual MFA device (every page of ListVirtualMFADevices, assigned ones) belongs to root. Root may
 * have up to eight MFA devices; a virtual one beside a hardware key still fails.
 */
export const iam_root_hardware_mfa = defineCheck({
  id: 'iam_root_hardware_mfa',
  title: 'Root user uses a hardware MFA device',
  demands: 'No virtual MFA device is assigned to the root user (all pages of ListVirtualMFADevices), and root has MFA.',
  actionItem: 3,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GetAccountSummary', 'iam:ListVirtualMFADevices'],
  rationale: 'A virtual MFA app lives on a phone that may be shared, lost or backed up; root deserves a dedicated hardware key.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'iam', resource, (iam) =>
      fromRead(iam.accountSummary, resource, (summary) =>
        fromRead(iam.rootVirtualMfa, resource, (virtual) => {
          if (summary.rootMfaEnabled === undefined) {
            return [
              {
                status: CheckStatus.Error,
                resource,
                message: `Could not check ${resource}: iam:GetAccountSummary returned no AccountMFAEnabled for account ${s.accountId}.`,
              },
            ];
          }
          if (!summary.rootMfaEnabled) return [fail(resource, `The root user of account ${s.accountId} has no MFA at all.`)];
          return virtual.length > 0
            ? [
                fail(
                  resource,
                  `The root user of account ${s.accountId} can sign in with a virtual MFA device (${virtual.join(', ')}), not only with hardware ones.`,
                ),
              ]
            : [pass(resource, `The root user of account ${s.accountId} uses a hardware MFA device.`)];
        }),
      ),
    );
  },
});
