import { createRemediationRequest } from '../remediations/requests.js';
import { roleArnFor } from '../remediations/resolver.js';
import type { RemediationTarget } from '../remediations/types.js';
import type { FindingFixRequester } from '../services.js';
import type { Finding, FindingSource } from './types.js';

/**
 * Which remediation (from the remediation catalog, `src/remediations/`) fixes a finding, and on what.
 * The remediation ids are the catalog's; the target uses the catalog's `RemediationTarget` keys and
 * always names the account (`accountId`) and `region`, plus `resource` (bucket name, instance id or
 * IAM user name) and, for access keys, `accessKeyId`.
 */
export interface FindingFix {
  remediationId: string;
  target: Record<string, string>;
}

/** GuardDuty IAM-user finding families whose access key is the thing to stop. */
const IAM_USER_PREFIXES = [
  'UnauthorizedAccess:IAMUser/',
  'CredentialAccess:IAMUser/',
  'Exfiltration:IAMUser/',
  'Impact:IAMUser/',
  'Persistence:IAMUser/',
  'PrivilegeEscalation:IAMUser/',
  'DefenseEvasion:IAMUser/',
  'Discovery:IAMUser/',
  'InitialAccess:IAMUser/',
  'Stealth:IAMUser/',
];
const EC2_PREFIXES = ['Backdoor:EC2/', 'CryptoCurrency:EC2/', 'Trojan:EC2/', 'UnauthorizedAccess:EC2/'];
const BUCKET_PUBLIC_TYPES: Record<FindingSource, string[]> = {
  guardduty: ['Policy:S3/BucketBlockPublicAccessDisabled', 'Policy:S3/BucketAnonymousAccessGranted'],
  macie: ['Policy:IAMUser/S3BucketPublic', 'Policy:IAMUser/S3BlockPublicAccessDisabled'],
  securityhub: [],
};

/**
 * The fix for a finding, or `undefined` when none applies (or the finding lacks what the fix needs):
 * - GuardDuty IAM-user findings (`UnauthorizedAccess:IAMUser/*`, `CredentialAccess:IAMUser/*`,
 *   `Exfiltration:IAMUser/*`, …) → `iam-deactivate-access-key` for the finding's long-term key
 *   (`AKIA…`; temporary `ASIA…` keys of assumed roles cannot be deactivated, they expire);
 * - public-bucket findings (GuardDuty `Policy:S3/BucketBlockPublicAccessDisabled`,
 *   `Policy:S3/BucketAnonymousAccessGranted`, Macie `Policy:IAMUser/S3BucketPublic`,
 *   `Policy:IAMUser/S3BlockPublicAccessDisabled`) → `s3-bucket-block-public-access`;
 * - Macie `Policy:IAMUser/S3BucketEncryptionDisabled` → `s3-bucket-default-encryption`;
 * - GuardDuty `Backdoor:EC2/*`, `CryptoCurrency:EC2/*`, `Trojan:EC2/*`, `UnauthorizedAccess:EC2/*`
 *   → `ec2-isolate-instance`, only when GuardDuty names the instance as the ACTOR (`Service.ResourceRole`):
 *   an instance that is the TARGET (e.g. `UnauthorizedAccess:EC2/SSHBruteForce` against it) is the
 *   victim, and cutting it off would hand the attacker a denial of service; a finding that does not say
 *   is not acted on either;
 * - Macie `SensitiveData:S3Object/*` on a bucket that is public → `s3-bucket-block-public-access`.
 */
export function fixForFinding(f: Pick<Finding, 'source' | 'type' | 'account' | 'region' | 'resource'>): FindingFix | undefined {
  const base = { accountId: f.account, region: f.region };
  const r = f.resource;
  const has = (prefixes: string[]) => prefixes.some((p) => f.type.startsWith(p));
  if (f.source === 'guardduty' && has(IAM_USER_PREFIXES)) {
    if (!r.userName || !r.accessKeyId?.startsWith('AKIA')) return undefined;
    return { remediationId: 'iam-deactivate-access-key', target: { ...base, resource: r.userName, accessKeyId: r.accessKeyId } };
  }
  if (f.source === 'guardduty' && has(EC2_PREFIXES)) {
    return r.instanceId && r.role === 'ACTOR' ? { remediationId: 'ec2-isolate-instance', target: { ...base, resource: r.instanceId } } : undefined;
  }
  if (BUCKET_PUBLIC_TYPES[f.source].includes(f.type)) {
    return r.bucket ? { remediationId: 's3-bucket-block-public-access', target: { ...base, resource: r.bucket } } : undefined;
  }
  if (f.source === 'macie' && f.type === 'Policy:IAMUser/S3BucketEncryptionDisabled') {
    return r.bucket ? { remediationId: 's3-bucket-default-encryption', target: { ...base, resource: r.bucket } } : undefined;
  }
  if (f.source === 'macie' && f.type.startsWith('SensitiveData:S3Object/') && r.bucketPublic === true && r.bucket) {
    return { remediationId: 's3-bucket-block-public-access', target: { ...base, resource: r.bucket } };
  }
  return undefined;
}

/** The fix offered when a service is off in a region: turn it on. */
export function enableFixFor(source: FindingSource, account: string, region: string): FindingFix {
  const remediationId = { guardduty: 'guardduty-enable', macie: 'macie-enable', securityhub: 'securityhub-enable' }[source];
  return { remediationId, target: { accountId: account, region } };
}

export type { FindingFixRequester } from '../services.js';
export type { FixRequestInput, FixRequestOutcome } from './types.js';

/**
 * The requester wired to the remediation flow: **Approve fix** on a finding creates a remediation
 * request (stored, posted to the approvals channel, audited). Nothing changes in AWS until an approver
 * approves it.
 */
export const remediationFixRequester: FindingFixRequester = {
  async requestFix(services, input) {
    const target = { ...input.target } as RemediationTarget;
    // A finding in a member account is fixed through that account's role (from `findings.accounts`,
    // else `scan.accounts`), never with the bot's own credentials.
    const roleArn = target.accountId && !target.roleArn ? roleArnFor(services.config, target.accountId, undefined) : undefined;
    if (roleArn) target.roleArn = roleArn;
    const result = await createRemediationRequest(services, { ...input, target });
    return result.ok ? { status: 'requested', requestId: result.request.id } : { status: 'unavailable', reason: result.error };
  },
};
