import { accessanalyzerCreate } from './accessanalyzer-create.js';
import { cloudtrailEnableLogValidation } from './cloudtrail-enable-log-validation.js';
import { ebsEnableDefaultEncryption } from './ebs-enable-default-encryption.js';
import { ec2IsolateInstance } from './ec2-isolate-instance.js';
import { ec2RestoreInstance } from './ec2-restore-instance.js';
import { guarddutyEnable } from './guardduty-enable.js';
import { iamDeactivateAccessKey } from './iam-deactivate-access-key.js';
import { iamRemoveUnusedCredentials } from './iam-remove-unused-credentials.js';
import { iamSetPasswordPolicy } from './iam-set-password-policy.js';
import { inspectorEnable } from './inspector-enable.js';
import { kmsEnableKeyRotation } from './kms-enable-key-rotation.js';
import { macieEnable } from './macie-enable.js';
import { s3AccountBlockPublicAccess } from './s3-account-block-public-access.js';
import { s3BucketBlockPublicAccess } from './s3-bucket-block-public-access.js';
import { s3BucketDefaultEncryption } from './s3-bucket-default-encryption.js';
import { s3BucketTlsOnly } from './s3-bucket-tls-only.js';
import { securityhubEnable } from './securityhub-enable.js';
import type { Remediation } from '../types.js';

/**
 * Every fix the bot can apply, one file each in src/remediations/catalog/ (file name = id). This list is loaded in
 * every role (the web role shows titles, risks and permissions), so a fix imports only types from
 * `@aws-sdk/client-*` at the top of its file and loads the client itself inside `plan` / `apply`
 * (`const { KMSClient, … } = await import('@aws-sdk/client-kms')`): a process loads a service's SDK
 * client only when it runs a fix that calls it (the start-up test checks that ROLE=web loads none).
 */
export const REMEDIATIONS: readonly Remediation[] = [
  accessanalyzerCreate,
  cloudtrailEnableLogValidation,
  ebsEnableDefaultEncryption,
  ec2IsolateInstance,
  ec2RestoreInstance,
  guarddutyEnable,
  iamDeactivateAccessKey,
  iamRemoveUnusedCredentials,
  iamSetPasswordPolicy,
  inspectorEnable,
  kmsEnableKeyRotation,
  macieEnable,
  s3AccountBlockPublicAccess,
  s3BucketBlockPublicAccess,
  s3BucketDefaultEncryption,
  s3BucketTlsOnly,
  securityhubEnable,
];

const BY_ID = new Map(REMEDIATIONS.map((r) => [r.id, r]));

/** The remediation with this id, or undefined. */
export function findRemediation(id: string): Remediation | undefined {
  return BY_ID.get(id);
}

/**
 * Fixes offered only by the findings feed (a GuardDuty finding about an instance, …) or by the undo of
 * such a fix (**Restore network access** on a succeeded isolation), never by a check: no check result
 * names what they act on. Every other fix is linked from at least one check's `remediation` (the
 * registry test makes sure).
 */
export const REMEDIATIONS_WITHOUT_CHECK: readonly string[] = ['ec2-isolate-instance', 'ec2-restore-instance'];
