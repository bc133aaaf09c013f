import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locationRegion, s3Collector } from '../../src/aws/collectors/s3.js';
import { s3_bucket_region_allowed } from '../../src/checks/s3/s3_bucket_region_allowed.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, regionOf } from '../helpers/collect-in.js';

const s3 = mockClient(S3Client);
const control = mockClient(S3ControlClient);
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

beforeEach(() => {
  control.on(GetPublicAccessBlockCommand).resolves({});
  s3.on(GetBucketAclCommand).resolves({ Grants: [] });
  s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
  s3.on(GetBucketEncryptionCommand).resolves({
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
  });
});
afterEach(() => {
  s3.reset();
  control.reset();
});

describe('the S3 collector: bucket regions', () => {
  it('reads GetBucketLocation when ListBuckets gives no BucketRegion (empty = us-east-1, EU = eu-west-1) and reads each bucket in its own region', async () => {
    s3.on(ListBucketsCommand).resolves({
      Buckets: [{ Name: 'listed', BucketRegion: 'eu-central-1' }, { Name: 'virginia' }, { Name: 'legacy-eu' }, { Name: 'paris' }],
    });
    s3.on(GetBucketLocationCommand, { Bucket: 'virginia' }).resolves({});
    s3.on(GetBucketLocationCommand, { Bucket: 'legacy-eu' }).resolves({ LocationConstraint: 'EU' });
    s3.on(GetBucketLocationCommand, { Bucket: 'paris' }).resolves({ LocationConstraint: 'eu-west-3' });
    const versioningRegion: Record<string, string> = {};
    s3.on(GetBucketVersioningCommand).callsFake(async (input: { Bucket: string }, getClient) => {
      versioningRegion[input.Bucket] = await regionOf(getClient);
      return { Status: 'Enabled' };
    });
    const { data, calls } = await collectIn(s3Collector, 'eu-west-1');
    const buckets = data.buckets.ok ? data.buckets.value : [];
    expect(buckets.map((b) => [b.name, b.region])).toEqual([
      ['listed', { ok: true, value: 'eu-central-1' }],
      ['virginia', { ok: true, value: 'us-east-1' }],
      ['legacy-eu', { ok: true, value: 'eu-west-1' }],
      ['paris', { ok: true, value: 'eu-west-3' }],
    ]);
    expect(versioningRegion).toEqual({ listed: 'eu-central-1', virginia: 'us-east-1', 'legacy-eu': 'eu-west-1', paris: 'eu-west-3' });
    expect(calls.filter((c) => c === 's3:GetBucketLocation')).toHaveLength(3);
  });

  it('keeps a bucket whose region it cannot learn unknown: an error naming GetBucketLocation, never the scan region (no false pass)', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'mystery' }] });
    s3.on(GetBucketLocationCommand).rejects(awsError('AccessDenied', 'Access Denied'));
    const { data } = await collectIn(s3Collector, 'eu-west-1');
    const b = data.buckets.ok ? data.buckets.value[0]! : undefined;
    expect(b?.region.ok).toBe(false);
    // Its settings were not read in a guessed region either.
    expect(b?.encryption.ok).toBe(false);
    expect(s3.commandCalls(GetBucketEncryptionCommand)).toHaveLength(0);
    const s = compliantSnapshot();
    s.data.s3 = data;
    const findings = s3_bucket_region_allowed.evaluate(s);
    expect(findings.map((f) => [f.resource, f.status])).toEqual([['arn:aws:s3:::mystery', 'error']]);
    expect(findings[0]!.message).toContain('AccessDenied on s3:GetBucketLocation');
  });

  it('maps LocationConstraint as AWS documents it', () => {
    expect([locationRegion(undefined), locationRegion(''), locationRegion('EU'), locationRegion('ap-south-1')]).toEqual([
      'us-east-1',
      'us-east-1',
      'eu-west-1',
      'ap-south-1',
    ]);
  });
});
