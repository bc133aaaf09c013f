import {
  DescribeBucketsCommand,
  GetAdministratorAccountCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetMacieSessionCommand,
  GetResourceProfileCommand,
  ListResourceProfileDetectionsCommand,
  Macie2Client,
  type BucketMetadata,
} from '@aws-sdk/client-macie2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { macieProfilesCollector, type MacieProfilesData } from '../../src/aws/collectors/macieprofiles.js';
import { MACIE_PROFILE_CAP } from '../../src/aws/facts.js';
import { buildDataMap } from '../../src/checks/datamap.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';

const macie = mockClient(Macie2Client);
afterEach(() => macie.reset());

const awsError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: name === 'ResourceNotFoundException' ? 404 : 403 } });
const bucket = (name: string, score: number, account = TEST_ACCOUNT): BucketMetadata => ({
  bucketName: name,
  bucketArn: `arn:aws:s3:::${name}`,
  accountId: account,
  region: 'eu-west-1',
  sensitivityScore: score,
  serverSideEncryption: { type: 'AES256' },
  publicAccess: { effectivePermission: 'NOT_PUBLIC' },
  classifiableSizeInBytes: 1024,
  automatedDiscoveryMonitoringStatus: 'MONITORED',
});

beforeEach(() => {
  macie.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
  macie.on(GetAdministratorAccountCommand).resolves({});
  macie.on(GetAutomatedDiscoveryConfigurationCommand).resolves({ status: 'ENABLED' });
});

/** The data map of the collected data, on the compliant fixture's S3 and CloudTrail. */
function mapOf(data: MacieProfilesData, regions: string[]) {
  const s = { ...compliantSnapshot(), regions };
  s.data.macieprofiles = data;
  return buildDataMap(s)!;
}

describe('the Macie profiles collector', () => {
  it('profiles the sensitive buckets of this account (every page of DescribeBuckets and of the detections) and files the detections into categories', async () => {
    const inventory = [bucket('customer-data', 82), bucket('build-logs', 3), bucket('never-analysed', -1), bucket('member-exports', 95, '210987654321')];
    macie.on(DescribeBucketsCommand).callsFake((input: { nextToken?: string }) => {
      const p = pageOf(inventory, input.nextToken, 2);
      return { buckets: p.items, nextToken: p.next };
    });
    macie.on(GetResourceProfileCommand).resolves({
      sensitivityScore: 82,
      sensitivityScoreOverridden: false,
      profileUpdatedAt: new Date('2026-05-30T00:00:00Z'),
      statistics: { totalDetections: 1500, totalItemsSensitive: 12 },
    });
    const detections = [
      { id: 'EMAIL_ADDRESS', name: 'EMAIL_ADDRESS', type: 'MANAGED', count: 1000, suppressed: false },
      { id: 'HEALTH_INSURANCE_CLAIM_NUMBER', name: 'HEALTH_INSURANCE_CLAIM_NUMBER', type: 'MANAGED', count: 400, suppressed: false },
      {
        id: 'b1c2',
        name: 'customer-number',
        arn: 'arn:aws:macie2:eu-west-1:123456789012:custom-data-identifier/b1c2',
        type: 'CUSTOM',
        count: 100,
        suppressed: true,
      },
    ];
    macie.on(ListResourceProfileDetectionsCommand).callsFake((input: { nextToken?: string; resourceArn: string }) => {
      expect(input.resourceArn).toBe('arn:aws:s3:::customer-data');
      const p = pageOf(detections, input.nextToken, 1);
      return { detections: p.items, nextToken: p.next };
    });
    const { data, calls } = await collectIn(macieProfilesCollector, 'eu-west-1');
    const r = data.byRegion['eu-west-1']!;
    expect(r.belowThreshold).toBe(1);
    expect(r.unanalysed).toEqual(['never-analysed']);
    expect(r.buckets.ok && r.buckets.value?.map((b) => b.name)).toEqual(['customer-data']);
    expect(calls.filter((c) => c === 'macie2:DescribeBuckets')).toHaveLength(2);
    expect(calls.filter((c) => c === 'macie2:ListResourceProfileDetections')).toHaveLength(3);
    expect(calls.filter((c) => c === 'macie2:GetResourceProfile')).toHaveLength(1);
    const map = mapOf(data, ['eu-west-1']);
    expect(map.gaps).toEqual([]);
    expect(map.stores).toHaveLength(1);
    expect(map.stores[0]).toMatchObject({
      arn: 'arn:aws:s3:::customer-data',
      categories: ['contact', 'health', 'custom'],
      categoriesRead: 'read',
      residency: 'inside',
    });
    // S3's own reads win over Macie's inventory (the fixture bucket is SSE-KMS; Macie's answer said AES256).
    expect(map.stores[0]!.encryption.state).toBe('kms');
    expect(map.stores[0]!.dataEvents.state).toBe('logged');
  });

  it('reads every scanned region with a client of that region', async () => {
    const seen: string[] = [];
    macie.on(GetMacieSessionCommand).callsFake(async (_input, getClient) => {
      seen.push(await regionOf(getClient));
      return { status: 'ENABLED' };
    });
    macie.on(DescribeBucketsCommand).resolves({ buckets: [] });
    const { data } = await collectIn(macieProfilesCollector, 'eu-west-1', ['eu-west-1', 'eu-central-1']);
    expect(Object.keys(data.byRegion).sort()).toEqual(['eu-central-1', 'eu-west-1']);
    expect(seen.sort()).toEqual(['eu-central-1', 'eu-west-1']);
  });

  it('with automated discovery disabled, judges no bucket by its score (a 50 there means "not analysed") and the map says the region is not known', async () => {
    macie.on(GetAutomatedDiscoveryConfigurationCommand).resolves({ status: 'DISABLED' });
    macie.on(DescribeBucketsCommand).resolves({ buckets: [bucket('customer-data', 50)] });
    const { data, calls } = await collectIn(macieProfilesCollector, 'eu-west-1');
    expect(calls).not.toContain('macie2:DescribeBuckets');
    expect(calls).not.toContain('macie2:GetResourceProfile');
    const map = mapOf(data, ['eu-west-1']);
    expect(map.stores).toEqual([]);
    expect(map.gaps).toEqual([expect.objectContaining({ region: 'eu-west-1', kind: 'discovery_off' })]);
    expect(map.gaps[0]!.message).toMatch(/unknown/);
  });

  it('with Macie not enabled, reads nothing more and the region is a gap (never "no personal data")', async () => {
    macie.on(GetMacieSessionCommand).rejects(awsError('AccessDeniedException', 'Macie is not enabled.'));
    const { data, calls } = await collectIn(macieProfilesCollector, 'eu-west-1');
    expect(calls).toEqual(['macie2:GetMacieSession']);
    expect(mapOf(data, ['eu-west-1']).gaps).toEqual([expect.objectContaining({ kind: 'macie_off' })]);
  });

  it('records a denied DescribeBuckets as a read error, and the map as not known there', async () => {
    macie.on(DescribeBucketsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: macie2:DescribeBuckets'));
    const { data } = await collectIn(macieProfilesCollector, 'eu-west-1');
    const r = data.byRegion['eu-west-1']!;
    expect(r.buckets.ok).toBe(false);
    expect(!r.buckets.ok && r.buckets.error.call).toBe('macie2:DescribeBuckets');
    const map = mapOf(data, ['eu-west-1']);
    expect(map.gaps).toEqual([expect.objectContaining({ kind: 'unreadable' })]);
    expect(map.gaps[0]!.message).toContain('AccessDeniedException on macie2:DescribeBuckets');
  });

  it('keeps a bucket whose detections are denied on the map as presumed personal, with the failed call', async () => {
    macie.on(DescribeBucketsCommand).resolves({ buckets: [bucket('customer-data', 90)] });
    macie.on(GetResourceProfileCommand).resolves({ sensitivityScore: 90 });
    macie
      .on(ListResourceProfileDetectionsCommand)
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: macie2:ListResourceProfileDetections'));
    const { data } = await collectIn(macieProfilesCollector, 'eu-west-1');
    const b = data.byRegion['eu-west-1']!.buckets;
    expect(b.ok && b.value![0]!.detections).toEqual({
      ok: false,
      error: expect.objectContaining({ call: 'macie2:ListResourceProfileDetections', kind: 'denied' }),
    });
    const st = mapOf(data, ['eu-west-1']).stores[0]!;
    expect(st).toMatchObject({ categoriesRead: 'error', categories: [] });
    expect(st.categoriesError).toContain('AccessDeniedException on macie2:ListResourceProfileDetections');
  });

  it('reads ResourceNotFoundException (no profile yet) as "no profile", and keeps the bucket by its score', async () => {
    macie.on(DescribeBucketsCommand).resolves({ buckets: [bucket('customer-data', 70)] });
    macie.on(GetResourceProfileCommand).rejects(awsError('ResourceNotFoundException', 'The resource profile was not found'));
    macie.on(ListResourceProfileDetectionsCommand).rejects(awsError('ResourceNotFoundException', 'The resource profile was not found'));
    const { data } = await collectIn(macieProfilesCollector, 'eu-west-1');
    const b = data.byRegion['eu-west-1']!.buckets;
    expect(b.ok && b.value![0]).toMatchObject({ profile: { ok: true, value: null }, detections: { ok: true, value: null } });
    expect(mapOf(data, ['eu-west-1']).stores[0]!.categoriesRead).toBe('no_profile');
  });

  it(`reads at most ${MACIE_PROFILE_CAP} profiles per account, highest scores first, and keeps the rest on the map without categories`, async () => {
    const inventory = Array.from({ length: MACIE_PROFILE_CAP + 5 }, (_, i) => bucket(`b-${String(i).padStart(3, '0')}`, 50 + (i % 50)));
    macie.on(DescribeBucketsCommand).callsFake((input: { nextToken?: string }) => {
      const p = pageOf(inventory, input.nextToken, 50);
      return { buckets: p.items, nextToken: p.next };
    });
    macie.on(GetResourceProfileCommand).resolves({});
    macie.on(ListResourceProfileDetectionsCommand).resolves({ detections: [{ id: 'NAME', name: 'NAME', type: 'MANAGED', count: 1 }] });
    const { data, calls } = await collectIn(macieProfilesCollector, 'eu-west-1');
    expect(calls.filter((c) => c === 'macie2:GetResourceProfile')).toHaveLength(MACIE_PROFILE_CAP);
    expect(data.overCap).toBe(5);
    const map = mapOf(data, ['eu-west-1']);
    expect(map.stores).toHaveLength(MACIE_PROFILE_CAP + 5);
    const unread = map.stores.filter((s) => s.categoriesRead === 'over_cap');
    expect(unread).toHaveLength(5);
    expect(Math.max(...unread.map((s) => s.sensitivityScore))).toBeLessThanOrEqual(
      Math.min(...map.stores.filter((s) => s.categoriesRead === 'read').map((s) => s.sensitivityScore)),
    );
  });
});
