import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type Trail as SdkTrail } from '@aws-sdk/client-cloudtrail';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetBucketLoggingCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import type { CloudTrailData, Trail } from '../../src/aws/collectors/cloudtrail.js';
import { DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { collectSnapshot, type Snapshot } from '../../src/aws/snapshot.js';
import { getCheck } from '../../src/checks/registry.js';
import { awsError } from '../helpers/synthetic-aws.js';

const ACCOUNT = '111122223333';
const MANAGEMENT = '999988887777';
const REGIONS = ['eu-west-1', 'eu-central-1'];
const NOW = new Date('2026-06-01T12:00:00.000Z');

const MAIN_ARN = `arn:aws:cloudtrail:eu-central-1:${ACCOUNT}:trail/main`;
const LOCAL_ARN = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/local`;
const ORG_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org`;
const MAIN_KEY = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/main-key`;
const ORG_KEY = `arn:aws:kms:us-east-1:${MANAGEMENT}:key/org-key`;

/** The home description of each trail. */
const main: SdkTrail = {
  Name: 'main',
  TrailARN: MAIN_ARN,
  HomeRegion: 'eu-central-1',
  IsMultiRegionTrail: true,
  LogFileValidationEnabled: false,
  KmsKeyId: MAIN_KEY,
  S3BucketName: 'main-logs',
  CloudWatchLogsLogGroupArn: `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:main`,
};
const local: SdkTrail = {
  Name: 'local',
  TrailARN: LOCAL_ARN,
  HomeRegion: 'eu-west-1',
  IsMultiRegionTrail: false,
  LogFileValidationEnabled: true,
  KmsKeyId: MAIN_KEY,
  S3BucketName: 'local-logs',
};
const org: SdkTrail = {
  Name: 'org',
  TrailARN: ORG_ARN,
  HomeRegion: 'us-east-1',
  IsMultiRegionTrail: true,
  IsOrganizationTrail: true,
  LogFileValidationEnabled: true,
  KmsKeyId: ORG_KEY,
  S3BucketName: 'org-log-archive',
};

/**
 * What DescribeTrails (includeShadowTrails) answers per region: the trails homed there, plus shadow copies
 * of multi-region and organisation trails homed elsewhere. The shadow copy of `main` in eu-west-1 claims
 * log file validation (a stale copy): only the home copy may be believed.
 */
const WORLD: Record<string, SdkTrail[]> = {
  'eu-west-1': [{ ...main, LogFileValidationEnabled: true }, local, org],
  'eu-central-1': [main, org],
  'us-east-1': [org],
};

type Call = { region: string; input: Record<string, unknown> };

let ct: AwsClientStub<CloudTrailClient>;
let kms: AwsClientStub<KMSClient>;
let s3: AwsClientStub<S3Client>;
let calls: Record<string, Call[]>;
let denyRegions: Set<string>;

const regionOf = async (getClient: () => { config: { region: unknown } }) => {
  const r = getClient().config.region;
  return typeof r === 'function' ? String(await (r as () => Promise<string>)()) : String(r);
};
const record = (name: string, region: string, input: Record<string, unknown>) => (calls[name] ??= []).push({ region, input });

beforeEach(() => {
  calls = {};
  denyRegions = new Set();
  ct = mockClient(CloudTrailClient);
  kms = mockClient(KMSClient);
  s3 = mockClient(S3Client);
  // main-logs logs its access elsewhere, local-logs does not, the organisation's archive is another account's.
  s3.on(GetBucketLoggingCommand).callsFake(async (input: { Bucket: string }) => {
    record('GetBucketLogging', 'any', input);
    if (input.Bucket === 'org-log-archive') throw awsError('AccessDenied', 'Access Denied');
    return input.Bucket === 'main-logs' ? { LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: 'main-logs/' } } : {};
  });
  ct.on(DescribeTrailsCommand).callsFake(async (input: Record<string, unknown>, getClient) => {
    const region = await regionOf(getClient as never);
    record('DescribeTrails', region, input);
    if (denyRegions.has(region)) throw awsError('AccessDeniedException', `explicit deny in a service control policy (${region})`);
    return { trailList: structuredClone(WORLD[region] ?? []) };
  });
  ct.on(GetTrailStatusCommand).callsFake(async (input: { Name: string }, getClient) => {
    const region = await regionOf(getClient as never);
    record('GetTrailStatus', region, input);
    if (!input.Name.startsWith('arn:')) throw awsError('TrailNotFoundException', 'a shadow or organisation trail must be named by its ARN');
    if (region !== input.Name.split(':')[3]) throw awsError('TrailNotFoundException', 'status is read in the home region');
    return { IsLogging: true, LatestCloudWatchLogsDeliveryTime: new Date(NOW.getTime() - 600_000) };
  });
  ct.on(GetEventSelectorsCommand).callsFake(async (input: { TrailName: string }, getClient) => {
    const region = await regionOf(getClient as never);
    record('GetEventSelectors', region, input);
    if (input.TrailName.split(':')[4] !== ACCOUNT)
      throw awsError('CloudTrailARNInvalidException', `AccountID in ARN is wrong, you can only access resources with AccountID ${ACCOUNT}.`);
    return {
      TrailARN: input.TrailName,
      EventSelectors: [
        { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] },
        { ReadWriteType: 'ReadOnly', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] },
      ],
    };
  });
  kms.on(DescribeKeyCommand).callsFake(async (input: { KeyId: string }, getClient) => {
    const region = await regionOf(getClient as never);
    record('DescribeKey', region, input);
    if (input.KeyId.split(':')[4] !== ACCOUNT) throw awsError('AccessDeniedException', 'the key policy does not allow kms:DescribeKey');
    return { KeyMetadata: { KeyId: 'main-key', Arn: input.KeyId, KeyState: 'PendingDeletion', DeletionDate: new Date('2026-06-08T00:00:00.000Z') } };
  });
});
afterEach(() => {
  ct.restore();
  kms.restore();
  s3.restore();
});

async function collect(regions = REGIONS): Promise<{ snapshot: Snapshot; data: CloudTrailData }> {
  const { snapshot } = await collectSnapshot({
    clients: new AwsClients({ defaultRegion: 'eu-west-1' }),
    accountId: ACCOUNT,
    region: regions[0]!,
    home: true,
    regions,
    settings: DEFAULT_SCAN_SETTINGS,
    collectors: ['cloudtrail'],
    now: () => NOW,
  });
  return { snapshot, data: snapshot.data.cloudtrail! };
}
const byArn = (data: CloudTrailData) => {
  if (!data.trails.ok) throw new Error(`trails not read: ${JSON.stringify(data.trails.error)}`);
  return new Map<string, Trail>(data.trails.value.map((t) => [t.arn, t]));
};

describe('the CloudTrail collector', () => {
  it('calls DescribeTrails (not paginated: one call each) with includeShadowTrails in every scanned region, and in the unscanned home region of a trail seen only as a shadow', async () => {
    await collect();
    const describe = calls.DescribeTrails!;
    expect(describe.map((c) => c.region).sort()).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1']);
    for (const c of describe) expect(c.input).toEqual({ includeShadowTrails: true });
  });

  it('keeps each trail exactly once, as described in its home region (not the shadow copy)', async () => {
    const { data } = await collect();
    expect(data.unreadRegions).toEqual([]);
    const trails = byArn(data);
    expect([...trails.keys()].sort()).toEqual([MAIN_ARN, LOCAL_ARN, ORG_ARN].sort());
    expect(data.trails.ok && data.trails.value).toHaveLength(3);
    const m = trails.get(MAIN_ARN)!;
    expect(m).toMatchObject({
      name: 'main',
      homeRegion: 'eu-central-1',
      multiRegion: true,
      logFileValidation: false,
      ownerAccountId: ACCOUNT,
      s3BucketName: 'main-logs',
    });
    expect(m.homeUnread).toBeUndefined();
    expect(trails.get(ORG_ARN)).toMatchObject({ homeRegion: 'us-east-1', organizationTrail: true, ownerAccountId: MANAGEMENT });
  });

  it("reads status and event selectors once per trail, by ARN, in the trail's home region", async () => {
    const { data } = await collect();
    for (const name of ['GetTrailStatus', 'GetEventSelectors'] as const) {
      const got = calls[name]!.map((c) => `${c.region} ${String(c.input.Name ?? c.input.TrailName)}`).sort();
      expect(got, name).toEqual([`eu-central-1 ${MAIN_ARN}`, `eu-west-1 ${LOCAL_ARN}`, `us-east-1 ${ORG_ARN}`].sort());
    }
    const trails = byArn(data);
    expect(trails.get(MAIN_ARN)!.status).toEqual({ ok: true, value: { isLogging: true, latestCloudWatchLogsDeliveryTime: '2026-06-01T11:50:00.000Z' } });
    expect(trails.get(MAIN_ARN)!.selectors).toEqual({
      ok: true,
      value: {
        classic: [
          { includeManagementEvents: true, readWriteType: 'All', excludeManagementEventSources: [], dataResources: [] },
          {
            includeManagementEvents: false,
            readWriteType: 'ReadOnly',
            excludeManagementEventSources: [],
            dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
          },
        ],
        advanced: [],
      },
    });
    // A member cannot read the selectors of the organisation trail: recorded as a failed read, not guessed.
    expect(trails.get(ORG_ARN)!.status.ok).toBe(true);
    expect(trails.get(ORG_ARN)!.selectors).toMatchObject({ ok: false, error: { call: 'cloudtrail:GetEventSelectors', code: 'CloudTrailARNInvalidException' } });
  });

  it("describes each KMS key once, in the key's region (from its ARN), recording a refused read", async () => {
    const { data } = await collect();
    expect(calls.DescribeKey!.map((c) => `${c.region} ${String(c.input.KeyId)}`).sort()).toEqual([`eu-central-1 ${MAIN_KEY}`, `us-east-1 ${ORG_KEY}`]);
    const trails = byArn(data);
    expect(trails.get(MAIN_ARN)!.kmsKey).toEqual({ ok: true, value: { state: 'PendingDeletion', deletionDate: '2026-06-08T00:00:00.000Z' } });
    expect(trails.get(LOCAL_ARN)!.kmsKey).toEqual(trails.get(MAIN_ARN)!.kmsKey);
    expect(trails.get(ORG_ARN)!.kmsKey).toMatchObject({ ok: false, error: { call: 'kms:DescribeKey', kind: 'denied' } });
  });

  it('feeds the checks: the home copy decides validation, the pending-deletion key fails, the unreadable org trail is an error', async () => {
    const { snapshot } = await collect();
    const validation = getCheck('cloudtrail_log_file_validation')!.evaluate(snapshot);
    expect(validation.find((f) => f.resource === MAIN_ARN)!.status).toBe('fail');
    expect(validation).toHaveLength(3);
    const keys = getCheck('cloudtrail_kms_encryption')!.evaluate(snapshot);
    expect(keys.find((f) => f.resource === MAIN_ARN)).toMatchObject({ status: 'fail', message: expect.stringContaining('PendingDeletion') });
    expect(keys.find((f) => f.resource === ORG_ARN)!.status).toBe('error');
    // main fails (its key is pending deletion), org cannot be judged (selectors and key unreadable): error, not fail.
    const [multi] = getCheck('cloudtrail_multi_region_logging')!.evaluate(snapshot);
    expect(multi!.status).toBe('error');
    expect(multi!.message).toContain('CloudTrailARNInvalidException on cloudtrail:GetEventSelectors');
  });

  it("records a region whose DescribeTrails is denied, keeps the other regions' trails, and marks a trail seen only as a shadow", async () => {
    denyRegions.add('eu-central-1');
    const { snapshot, data } = await collect();
    expect(data.unreadRegions).toEqual([{ region: 'eu-central-1', error: expect.objectContaining({ call: 'cloudtrail:DescribeTrails', kind: 'denied' }) }]);
    const trails = byArn(data);
    expect([...trails.keys()].sort()).toEqual([MAIN_ARN, LOCAL_ARN, ORG_ARN].sort());
    const m = trails.get(MAIN_ARN)!;
    // Known only from its shadow copy in eu-west-1 (which claims validation): not believed.
    expect(m.homeUnread).toMatchObject({ call: 'cloudtrail:DescribeTrails', code: 'AccessDeniedException' });
    const validation = getCheck('cloudtrail_log_file_validation')!.evaluate(snapshot);
    expect(validation.find((f) => f.resource === MAIN_ARN)!.status).toBe('error');
    expect(validation.find((f) => f.resource.includes('eu-central-1') && f.resource.endsWith('trail/*'))!.status).toBe('error');
    expect(
      validation
        .filter((f) => f.status === 'pass')
        .map((f) => f.resource)
        .sort(),
    ).toEqual([LOCAL_ARN, ORG_ARN].sort());
  });

  it('fails the whole trail list only when no region could be read', async () => {
    denyRegions = new Set(REGIONS);
    const { snapshot, data } = await collect();
    expect(data.trails).toMatchObject({ ok: false, error: { call: 'cloudtrail:DescribeTrails', kind: 'denied' } });
    expect(data.unreadRegions.map((u) => u.region).sort()).toEqual([...REGIONS].sort());
    for (const id of ['cloudtrail_multi_region_logging', 'cloudtrail_log_file_validation', 'cloudtrail_kms_encryption', 'cloudtrail_cloudwatch_logs']) {
      for (const f of getCheck(id)!.evaluate(snapshot)) expect(f.status, id).toBe('error');
    }
  });

  it('passes multi-region logging on a readable, logging, fully selected multi-region trail even when another region is denied', async () => {
    WORLD['eu-west-1'] = [local, { ...main, KmsKeyId: undefined }];
    WORLD['eu-central-1'] = [{ ...main, KmsKeyId: undefined }];
    try {
      denyRegions.add('us-east-1');
      const { snapshot, data } = await collect(['eu-west-1', 'eu-central-1', 'us-east-1']);
      expect(data.unreadRegions.map((u) => u.region)).toEqual(['us-east-1']);
      const [multi] = getCheck('cloudtrail_multi_region_logging')!.evaluate(snapshot);
      expect(multi).toMatchObject({ status: 'pass', message: expect.stringContaining('Trail main') });
    } finally {
      WORLD['eu-west-1'] = [{ ...main, LogFileValidationEnabled: true }, local, org];
      WORLD['eu-central-1'] = [main, org];
    }
  });
  it("reads the access logging of each trail bucket once: on, off, or denied for another account's archive", async () => {
    const { data, snapshot } = await collect();
    expect(calls.GetBucketLogging!.map((c) => String(c.input.Bucket)).sort()).toEqual(['local-logs', 'main-logs', 'org-log-archive']);
    const trails = byArn(data);
    expect(trails.get(MAIN_ARN)!.bucketLogging).toEqual({ ok: true, value: { targetBucket: 'access-logs', targetPrefix: 'main-logs/' } });
    expect(trails.get(LOCAL_ARN)!.bucketLogging).toEqual({ ok: true, value: null });
    expect(trails.get(ORG_ARN)!.bucketLogging).toMatchObject({ ok: false, error: { call: 's3:GetBucketLogging', kind: 'denied' } });
    const byBucket = Object.fromEntries(
      getCheck('cloudtrail_logs_s3_bucket_access_logging_enabled')!
        .evaluate(snapshot)
        .map((f) => [f.resource, f.status]),
    );
    expect(byBucket).toEqual({ 'arn:aws:s3:::main-logs': 'pass', 'arn:aws:s3:::local-logs': 'fail', 'arn:aws:s3:::org-log-archive': 'error' });
  });
});
