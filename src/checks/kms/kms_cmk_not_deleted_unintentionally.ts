import type { KmsKeyDetails } from '../../aws/collectors/kms.js';
import { daysUntil, fail, pass } from '../helpers.js';
import { forEachCustomerKey } from '../kms-keys.js';
import { CheckStatus, defineCheck } from '../types.js';

/** When and how a key scheduled for deletion goes, in words. */
function schedule(s: Parameters<typeof daysUntil>[0], d: KmsKeyDetails): string {
  const window = d.pendingDeletionWindowInDays !== undefined ? `waiting period ${d.pendingDeletionWindowInDays} days` : undefined;
  if (d.state === 'PendingReplicaDeletion') {
    return `is a multi-Region primary key scheduled for deletion (PendingReplicaDeletion): KMS deletes it once its replicas are gone${window ? ` (${window})` : ''}`;
  }
  if (d.deletionDate) {
    const days = daysUntil(s, d.deletionDate);
    return `is scheduled for deletion on ${d.deletionDate.slice(0, 10)} (${[days <= 0 ? 'any moment now' : `in ${days} day(s)`, window].filter(Boolean).join(', ')})`;
  }
  return `is scheduled for deletion (PendingDeletion${window ? `, ${window}` : ''})`;
}

/**
 * No customer managed KMS key is scheduled for deletion (DescribeKey KeyState `PendingDeletion`, or
 * `PendingReplicaDeletion` for a multi-Region primary waiting for its replicas). Once deleted, a key is
 * gone for good and so is every piece of data encrypted under it; during the waiting period (7–30
 * days) `CancelKeyDeletion` still saves it. AWS managed keys are not judged (AWS keeps them). A key
 * whose state DescribeKey did not give is `error`.
 */
export const kms_cmk_not_deleted_unintentionally = defineCheck({
  id: 'kms_cmk_not_deleted_unintentionally',
  title: 'No customer managed KMS key is scheduled for deletion',
  demands:
    'No customer managed KMS key is in KeyState PendingDeletion or PendingReplicaDeletion (cancel the deletion unless the data under it is meant to become unreadable); AWS managed keys are not judged.',
  actionItem: 14,
  gdpr: ['Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['kms'],
  permissions: ['kms:ListKeys', 'kms:DescribeKey'],
  rationale:
    'A deleted key cannot be recovered, and neither can the personal data encrypted under it: an unintended deletion is a loss of availability that Art. 32 asks to prevent.',
  evaluate(s) {
    return forEachCustomerKey(s, (k, d) => {
      if (d.state === undefined)
        return { status: CheckStatus.Error, resource: k.arn, message: `Could not check KMS key ${k.id} in ${s.region}: kms:DescribeKey returned no KeyState.` };
      if (d.state === 'PendingDeletion' || d.state === 'PendingReplicaDeletion') {
        return fail(
          k.arn,
          `KMS key ${k.id} in ${s.region} (account ${s.accountId}) ${schedule(s, d)}; if that is not intended, cancel it (CancelKeyDeletion) before data encrypted under it becomes unreadable.`,
        );
      }
      return pass(k.arn, `KMS key ${k.id} is not scheduled for deletion (state ${d.state}).`);
    });
  },
});
