import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * Every SageMaker notebook instance encrypts its ML storage volume (where notebooks, data copied in and
 * outputs live) with a KMS key the account chose (`KmsKeyId`). It can only be set when the instance is
 * created.
 */
export const sagemaker_notebook_instance_encryption_enabled = defineCheck({
  id: 'sagemaker_notebook_instance_encryption_enabled',
  title: 'SageMaker notebook instances encrypt their storage with a KMS key',
  demands: 'Every SageMaker notebook instance (any status) has a KMS key (KmsKeyId) for its ML storage volume.',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['sagemaker'],
  permissions: ['sagemaker:ListNotebookInstances', 'sagemaker:DescribeNotebookInstance'],
  rationale:
    'Data scientists copy production extracts onto notebook volumes; without a KMS key of the account, nobody can control or audit who can read that volume, and the key cannot be added later.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'sagemaker', resource, (sm) =>
      fromRead(sm.notebooks, resource, (notebooks) => {
        if (notebooks.length === 0) return [notApplicable(resource, `No SageMaker notebook instances in ${s.region} (account ${s.accountId}).`)];
        return notebooks.map((n): Finding => {
          if (!n.kmsKeyId.ok) return errorFinding(n.arn, n.kmsKeyId.error);
          if (n.kmsKeyId.value)
            return pass(n.arn, `SageMaker notebook instance ${n.name} (${n.status}) encrypts its storage volume with KMS key ${n.kmsKeyId.value}.`);
          return fail(n.arn, `SageMaker notebook instance ${n.name} (${n.status}) in ${s.region} has no KMS key for its storage volume; recreate it with one.`);
        });
      }),
    );
  },
});
