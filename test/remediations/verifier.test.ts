import { DescribeFlowLogsCommand, DescribeVolumesCommand, DescribeVpcsCommand, EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { GetBucketAclCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import type { CheckResult } from '../../src/checks/types.js';
import { parseConfig } from '../../src/config/load.js';
import { CheckEngineFixVerifier, VERIFICATION_SCAN_ID, verifyingChecks } from '../../src/remediations/verifier.js';

const ACCOUNT = '111122223333';

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 403 } });
}

describe('the fix verifier (re-collects through the engine, re-evaluates, stores)', () => {
  const ec2 = mockClient(EC2Client);
  const s3 = mockClient(S3Client);
  let saved: { scanId: string; results: CheckResult[] }[];
  let verifier: CheckEngineFixVerifier;

  beforeEach(() => {
    ec2.reset();
    s3.reset();
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    saved = [];
    verifier = new CheckEngineFixVerifier({
      aws: new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 1 }),
      config: parseConfig({ scan: { regions: ['eu-west-1', 'eu-central-1'] } }),
      store: { saveResults: (scanId, _at, results) => Promise.resolve(void saved.push({ scanId, results: [...results] })) },
      now: () => new Date('2025-03-01T00:00:00Z'),
    });
  });
  afterAll(() => {
    ec2.restore();
    s3.restore();
  });

  it('passes when the re-collected setting is now compliant, and stores the fresh result', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    const v = await verifier.verify('ebs-enable-default-encryption', { accountId: ACCOUNT, region: 'eu-central-1' }, 'ebs_default_encryption');
    expect(v).toEqual({ status: 'pass', message: `EBS encryption by default is on in eu-central-1 (account ${ACCOUNT}).` });
    expect(saved).toEqual([
      {
        scanId: VERIFICATION_SCAN_ID,
        results: [
          {
            checkId: 'ebs_default_encryption',
            accountId: ACCOUNT,
            region: 'eu-central-1',
            status: 'pass',
            resource: `${ACCOUNT}/eu-central-1`,
            message: v.message,
          },
        ],
      },
    ]);
    // Only what the check needs was collected: EC2 in the target region, nothing of S3.
    expect(s3.calls()).toHaveLength(0);
  });

  it('fails with the check message when the setting is still off', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    expect(await verifier.verify('ebs-enable-default-encryption', { accountId: ACCOUNT, region: 'eu-west-1' })).toEqual({
      status: 'fail',
      message: `EBS encryption by default is off in eu-west-1 (account ${ACCOUNT}).`,
    });
  });

  it('a collection error is an error, never a pass', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    const v = await verifier.verify('ebs-enable-default-encryption', { accountId: ACCOUNT, region: 'eu-west-1' }, 'ebs_default_encryption');
    expect(v.status).toBe('error');
    expect(v.message).toMatch(/ec2:GetEbsEncryptionByDefault/);
    expect(saved[0]!.results[0]!.status).toBe('error');
  });

  it('judges only the fixed resource of an account-wide check, and stores every bucket it re-read', async () => {
    const tlsOnly = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
    s3.on(ListBucketsCommand).resolves({
      Buckets: [
        { Name: 'logs', BucketRegion: 'eu-west-1' },
        { Name: 'data', BucketRegion: 'eu-west-1' },
      ],
    });
    s3.on(GetBucketAclCommand).resolves({ Grants: [] });
    s3.on(GetBucketVersioningCommand).resolves({});
    s3.on(GetBucketPolicyCommand, { Bucket: 'logs' }).resolves({ Policy: tlsOnly });
    s3.on(GetBucketPolicyCommand, { Bucket: 'data' }).rejects(awsError('NoSuchBucketPolicy'));
    const v = await verifier.verify('s3-bucket-tls-only', { accountId: ACCOUNT, resource: 'arn:aws:s3:::logs' }, 's3_bucket_tls_only');
    expect(v).toEqual({ status: 'pass', message: 'Bucket logs denies requests without TLS.' });
    expect(saved[0]!.results.map((r) => [r.resource, r.region, r.status])).toEqual([
      ['arn:aws:s3:::logs', 'global', 'pass'],
      ['arn:aws:s3:::data', 'global', 'fail'],
    ]);
    const other = await verifier.verify('s3-bucket-tls-only', { accountId: ACCOUNT, resource: 'arn:aws:s3:::data' }, 's3_bucket_tls_only');
    expect(other.status).toBe('fail');
    const gone = await verifier.verify('s3-bucket-tls-only', { accountId: ACCOUNT, resource: 'arn:aws:s3:::deleted' }, 's3_bucket_tls_only');
    expect(gone).toEqual({ status: 'error', message: 'could not verify: the check(s) reported nothing for arn:aws:s3:::deleted' });
  });

  it('re-runs the check the request came from, or every check linked to the fix', () => {
    expect(verifyingChecks('iam-deactivate-access-key', 'iam_user_access_keys_rotated').map((c) => c.id)).toEqual(['iam_user_access_keys_rotated']);
    expect(
      verifyingChecks('iam-deactivate-access-key')
        .map((c) => c.id)
        .sort(),
    ).toEqual(['iam_user_access_keys_rotated', 'iam_user_console_users_without_keys']);
    expect(verifyingChecks('iam-remove-unused-credentials').map((c) => c.id)).toEqual(['iam_user_unused_credentials']);
    // A check that does not offer this fix cannot be named to verify it.
    expect(verifyingChecks('ebs-enable-default-encryption', 'iam_root_mfa_enabled').map((c) => c.id)).toEqual(['ebs_default_encryption']);
  });

  it('cannot verify a finding-only fix with a check, and says so', async () => {
    expect(await verifier.verify('ec2-isolate-instance', { accountId: ACCOUNT, region: 'eu-west-1', resource: 'i-0123456789abcdef0' })).toEqual({
      status: 'error',
      message: 'could not verify: no check verifies ec2-isolate-instance',
    });
  });
});
