import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** Every enabled customer-managed symmetric KMS key rotates automatically. */
export const kms_customer_keys_rotation = defineCheck({
  id: 'kms_customer_keys_rotation',
  title: 'Customer-managed KMS keys rotate',
  actionItem: 14,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['kms'],
  permissions: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus'],
  remediation: 'kms-enable-key-rotation',
  rationale: 'Automatic rotation limits how much data one key material protects and follows key-management good practice.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'kms', resource, (kms) =>
      fromRead(kms.keys, resource, (keys) => {
        const out: Finding[] = [];
        for (const k of keys) {
          if (!k.details.ok) {
            out.push(errorFinding(k.arn, k.details.error));
            continue;
          }
          if (!k.rotation) continue; // AWS-managed, asymmetric, disabled or imported keys cannot (or need not) rotate
          if (!k.rotation.ok) out.push(errorFinding(k.arn, k.rotation.error));
          else out.push(k.rotation.value ? pass(k.arn, `KMS key ${k.id} rotates automatically.`) : fail(k.arn, `KMS key ${k.id} in ${s.region} does not rotate automatically.`));
        }
        return out.length > 0 ? out : [notApplicable(resource, `No enabled customer-managed symmetric KMS keys in ${s.region} (account ${s.accountId}).`)];
      }),
    );
  },
});
