import { describe, expect, it } from 'vitest';
import { enableFixFor, fixForFinding } from '../../src/findings/fixes.js';
import { findRemediation } from '../../src/remediations/catalog/index.js';
import type { Finding, FindingResource, FindingSource } from '../../src/findings/types.js';

const base = { accountId: '111122223333', region: 'eu-west-1' };
const f = (
  source: FindingSource,
  type: string,
  resource: Partial<FindingResource> = {},
): Pick<Finding, 'source' | 'type' | 'account' | 'region' | 'resource'> => ({
  source,
  type,
  account: base.accountId,
  region: base.region,
  resource: { kind: 'x', ...resource },
});
const key = { accessKeyId: 'AKIAEXAMPLE000001', userName: 'alice' };

describe('fixForFinding', () => {
  it.each([
    [
      'guardduty',
      'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
      key,
      { remediationId: 'iam-deactivate-access-key', target: { ...base, resource: 'alice', accessKeyId: 'AKIAEXAMPLE000001' } },
    ],
    [
      'guardduty',
      'CredentialAccess:IAMUser/AnomalousBehavior',
      key,
      { remediationId: 'iam-deactivate-access-key', target: { ...base, resource: 'alice', accessKeyId: 'AKIAEXAMPLE000001' } },
    ],
    [
      'guardduty',
      'Exfiltration:IAMUser/AnomalousBehavior',
      key,
      { remediationId: 'iam-deactivate-access-key', target: { ...base, resource: 'alice', accessKeyId: 'AKIAEXAMPLE000001' } },
    ],
    [
      'guardduty',
      'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      { accessKeyId: 'ASIATEMPORARY0001', userName: 'role-session' },
      undefined,
    ],
    ['guardduty', 'UnauthorizedAccess:IAMUser/MaliciousIPCaller', { accessKeyId: 'AKIAEXAMPLE000001' }, undefined],
    [
      'guardduty',
      'Policy:S3/BucketBlockPublicAccessDisabled',
      { bucket: 'b1' },
      { remediationId: 's3-bucket-block-public-access', target: { ...base, resource: 'b1' } },
    ],
    [
      'guardduty',
      'Policy:S3/BucketAnonymousAccessGranted',
      { bucket: 'b1' },
      { remediationId: 's3-bucket-block-public-access', target: { ...base, resource: 'b1' } },
    ],
    ['macie', 'Policy:IAMUser/S3BucketPublic', { bucket: 'b2' }, { remediationId: 's3-bucket-block-public-access', target: { ...base, resource: 'b2' } }],
    [
      'macie',
      'Policy:IAMUser/S3BlockPublicAccessDisabled',
      { bucket: 'b2' },
      { remediationId: 's3-bucket-block-public-access', target: { ...base, resource: 'b2' } },
    ],
    [
      'macie',
      'Policy:IAMUser/S3BucketEncryptionDisabled',
      { bucket: 'b3' },
      { remediationId: 's3-bucket-default-encryption', target: { ...base, resource: 'b3' } },
    ],
    [
      'guardduty',
      'Backdoor:EC2/C&CActivity.B',
      { instanceId: 'i-0abc', role: 'ACTOR' },
      { remediationId: 'ec2-isolate-instance', target: { ...base, resource: 'i-0abc' } },
    ],
    [
      'guardduty',
      'CryptoCurrency:EC2/BitcoinTool.B!DNS',
      { instanceId: 'i-0abc', role: 'ACTOR' },
      { remediationId: 'ec2-isolate-instance', target: { ...base, resource: 'i-0abc' } },
    ],
    [
      'guardduty',
      'Trojan:EC2/DNSDataExfiltration',
      { instanceId: 'i-0abc', role: 'ACTOR' },
      { remediationId: 'ec2-isolate-instance', target: { ...base, resource: 'i-0abc' } },
    ],
    [
      'guardduty',
      'UnauthorizedAccess:EC2/SSHBruteForce',
      { instanceId: 'i-0abc', role: 'ACTOR' },
      { remediationId: 'ec2-isolate-instance', target: { ...base, resource: 'i-0abc' } },
    ],
    // The instance being brute-forced is the victim: isolating it would finish the attacker's job.
    ['guardduty', 'UnauthorizedAccess:EC2/SSHBruteForce', { instanceId: 'i-0abc', role: 'TARGET' }, undefined],
    ['guardduty', 'Backdoor:EC2/C&CActivity.B', { instanceId: 'i-0abc', role: 'TARGET' }, undefined],
    // A finding that does not say which side the instance was on is not acted on.
    ['guardduty', 'Backdoor:EC2/C&CActivity.B', { instanceId: 'i-0abc' }, undefined],
    ['guardduty', 'UnauthorizedAccess:EC2/SSHBruteForce', {}, undefined],
    [
      'macie',
      'SensitiveData:S3Object/Personal',
      { bucket: 'pub', bucketPublic: true },
      { remediationId: 's3-bucket-block-public-access', target: { ...base, resource: 'pub' } },
    ],
    ['macie', 'SensitiveData:S3Object/Personal', { bucket: 'priv', bucketPublic: false }, undefined],
    ['guardduty', 'Recon:EC2/PortProbeUnprotectedPort', { instanceId: 'i-0abc' }, undefined],
    // Macie's Policy:IAMUser/* types are about buckets, never about deactivating a key.
    ['macie', 'Policy:IAMUser/S3BucketSharedExternally', key, undefined],
    ['guardduty', 'Policy:IAMUser/S3BucketPublic', { bucket: 'b' }, undefined],
  ] as const)('%s %s → %j', (source, type, resource, expected) => {
    const fix = fixForFinding(f(source, type, resource));
    expect(fix).toEqual(expected);
    // Every fix offered exists in the remediation catalog and its target is one the remediation accepts.
    if (fix) expect(findRemediation(fix.remediationId)?.validate(fix.target)).toBeUndefined();
  });

  it('offers guardduty-enable / macie-enable for a service that is off', () => {
    expect(enableFixFor('guardduty', '111122223333', 'eu-west-1')).toEqual({ remediationId: 'guardduty-enable', target: base });
    expect(enableFixFor('macie', '111122223333', 'eu-west-1')).toEqual({ remediationId: 'macie-enable', target: base });
    for (const id of ['guardduty-enable', 'macie-enable']) expect(findRemediation(id)?.validate(base)).toBeUndefined();
  });
});
