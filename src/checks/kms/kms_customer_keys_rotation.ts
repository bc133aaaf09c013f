import type { KmsKeyDetails } from '../../aws/collectors/kms.js';
import { errorFinding, fail, notApplicable, pass } from '../helpers.js';
import { forEachCustomerKey } from '../kms-keys.js';
import { CheckStatus, defineCheck } from '../types.js';

/** Why automatic rotation does not apply to a customer-managed key; `undefined` when it does. */
function notRotatable(d: KmsKeyDetails): string | undefined {
  if (d.state === 'PendingDeletion' || d.state === 'PendingReplicaDeletion') return 'is scheduled for deletion';
  if (d.state === 'Disabled') return 'is disabled (KMS does not rotate a disabled key; it is judged again once enabled)';
  if (d.state === 'PendingImport') return 'has no key material yet (PendingImport)';
  if (d.state !== 'Enabled') return `is in state ${d.state}`;
  if (d.spec.startsWith('HMAC_')) return `is an HMAC key (${d.spec}), which KMS cannot rotate automatically`;
  if (d.spec !== 'SYMMETRIC_DEFAULT') return `is an asymmetric key (${d.spec}), which KMS cannot rotate automatically`;
  if (d.origin === 'EXTERNAL') return 'has imported key material (origin EXTERNAL), which KMS cannot rotate automatically; rotate it on demand or by hand';
  if (d.customKeyStoreId || d.origin !== 'AWS_KMS') return `lives in a custom key store (${d.origin}), where KMS cannot rotate keys automatically`;
  return undefined;
}

/**
 * Every enabled customer-managed symmetric KMS key with AWS-generated material rotates automatically.
 * Keys that cannot rotate automatically (asymmetric, HMAC, imported material, custom key store) or
 * are not in use (disabled, pending deletion or import) are reported not applicable, with the reason.
 */
export const kms_customer_keys_rotation = defineCheck({
  id: 'kms_customer_keys_rotation',
  title: 'Customer-managed KMS keys rotate',
  demands:
    'Every enabled customer managed symmetric key with AWS-generated material rotates automatically; keys that cannot rotate (asymmetric, HMAC, imported, custom key store, disabled, pending deletion) are not applicable.',
  actionItem: 14,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['kms'],
  permissions: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus'],
  rationale: 'Automatic rotation limits how much data one key material protects and follows key-management good practice.',
  evaluate(s) {
    // AWS managed keys are skipped: KMS rotates them every year, and nobody can change that.
    return forEachCustomerKey(s, (k, d) => {
      if (d.state === undefined)
        return {
          status: CheckStatus.Error,
          resource: k.arn,
          message: `Could not check KMS key ${k.id}: kms:DescribeKey returned no KeyState, so whether it should rotate is unknown.`,
        };
      const why = notRotatable(d);
      if (why) return notApplicable(k.arn, `KMS key ${k.id} ${why}.`);
      if (!k.rotation)
        return {
          status: CheckStatus.Error,
          resource: k.arn,
          message: `Could not check KMS key ${k.id}: its rotation status was not read (kms:GetKeyRotationStatus).`,
        };
      if (!k.rotation.ok) return errorFinding(k.arn, k.rotation.error);
      const replica = d.multiRegion === 'REPLICA' ? ` (a multi-Region replica: its rotation follows primary key ${d.primaryArn ?? 'unknown'})` : '';
      const period = k.rotation.value.periodDays ? ` every ${k.rotation.value.periodDays} days` : '';
      return k.rotation.value.enabled
        ? pass(k.arn, `KMS key ${k.id} rotates automatically${period}${replica}.`)
        : fail(k.arn, `KMS key ${k.id} in ${s.region} does not rotate automatically${replica}${replica ? '; enable rotation on the primary key' : ''}.`);
    });
  },
});
