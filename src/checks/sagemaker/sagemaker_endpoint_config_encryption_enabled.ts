import type { SageMakerVariant } from '../../aws/collectors/sagemaker.js';
import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * Whether an instance type has local NVMe instance storage (the `d` in its family, e.g. `ml.m5d`, `ml.g4dn`,
 * `ml.p4d`). Such storage is encrypted by a hardware module on the instance, and SageMaker refuses a
 * `KmsKeyId` for it. Instance types without the `d` are judged as having an EBS volume.
 */
export function hasLocalStorage(instanceType: string): boolean {
  const family = instanceType.replace(/^ml\./, '').split('.')[0] ?? '';
  return /^[a-z]+\d+[a-z]*d[a-z]*$/.test(family);
}

/** Why a variant's storage is encrypted without a key of the account, or undefined when it is not. */
function encryptedWithoutKey(v: SageMakerVariant): string | undefined {
  if (v.serverless) return 'serverless (no storage volume of its own)';
  if (v.instanceType && hasLocalStorage(v.instanceType)) return `${v.instanceType}, local storage encrypted by the instance's hardware module`;
  return undefined;
}

/**
 * Every SageMaker endpoint configuration encrypts the storage volumes of the instances that host its models
 * with a KMS key (`KmsKeyId`), except variants that have no volume to encrypt that way (serverless, or
 * instance types with local NVMe storage, which SageMaker encrypts in hardware and refuses a key for).
 */
export const sagemaker_endpoint_config_encryption_enabled = defineCheck({
  id: 'sagemaker_endpoint_config_encryption_enabled',
  title: 'SageMaker endpoint configurations encrypt their storage volumes',
  demands:
    'Every SageMaker endpoint configuration has a KMS key (KmsKeyId) for its storage volumes, unless every variant is serverless or runs on an instance type with local NVMe storage (encrypted in hardware).',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['sagemaker'],
  permissions: ['sagemaker:ListEndpointConfigs', 'sagemaker:DescribeEndpointConfig'],
  rationale:
    'Inference endpoints receive the personal data they score and may keep it on their storage volumes (data capture, model artefacts); the key is fixed when the configuration is created.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'sagemaker', resource, (sm) =>
      fromRead(sm.endpointConfigs, resource, (configs) => {
        if (configs.length === 0) return [notApplicable(resource, `No SageMaker endpoint configurations in ${s.region} (account ${s.accountId}).`)];
        return configs.map((e): Finding => {
          if (!e.detail.ok) return errorFinding(e.arn, e.detail.error);
          const { kmsKeyId, variants } = e.detail.value;
          if (kmsKeyId) return pass(e.arn, `SageMaker endpoint configuration ${e.name} encrypts its storage volumes with KMS key ${kmsKeyId}.`);
          const exempt = variants.map((v) => ({ v, why: encryptedWithoutKey(v) }));
          const exposed = exempt.filter((x) => !x.why).map((x) => `${x.v.name} (${x.v.instanceType ?? 'no instance type'})`);
          if (variants.length > 0 && exposed.length === 0) {
            return pass(
              e.arn,
              `SageMaker endpoint configuration ${e.name} has no KMS key, and needs none: ${exempt.map((x) => `${x.v.name}: ${x.why}`).join('; ')}.`,
            );
          }
          const which = variants.length === 0 ? 'it lists no production variant' : `variants ${exposed.join(', ')} use EBS volumes`;
          return fail(e.arn, `SageMaker endpoint configuration ${e.name} in ${s.region} has no KMS key for its storage volumes (${which}).`);
        });
      }),
    );
  },
});
