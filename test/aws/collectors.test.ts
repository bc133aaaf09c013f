import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { GenerateCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { COLLECTORS, type CollectorId } from '../../src/aws/collectors/index.js';
import { compactAuthorizationPage, CREDENTIAL_REPORT_POLL, parseCredentialReport } from '../../src/aws/collectors/iam.js';
import { collectSnapshot } from '../../src/aws/snapshot.js';
import { scanTarget } from '../../src/checks/engine.js';
import { scannerActions } from '../../src/checks/policy.js';
import { CHECKS } from '../../src/checks/registry.js';
import { awsError, mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

const clients = () => new AwsClients({ defaultRegion: 'eu-west-1' });
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

function scan(options: { sleep?: (ms: number) => Promise<void>; onCall?: (call: string) => void } = {}) {
  return scanTarget({
    clients: clients(),
    accountId: SYNTHETIC_ACCOUNT_ID,
    region: 'eu-west-1',
    home: true,
    regions: ['eu-west-1'],
    // The synthetic account's region SCP is judged against an allowed list (none is configured by default).
    settings: { ...DEFAULT_SCAN_SETTINGS, allowedRegions: ['eu-west-1'] },
    checks: CHECKS,
    sleep: options.sleep ?? (async () => undefined),
    onCall: options.onCall,
  });
}

describe('collectors against a mocked account', () => {
  it('follows every page of paginated lists (buckets, users, keys, volumes)', async () => {
    const m = mockSyntheticAccount({ buckets: 5, users: 5, keys: 3, volumes: 3, pageSize: 2 });
    restore = m.restore;
    const { snapshot, results } = await scan();
    const s3 = snapshot.data.s3!;
    expect(s3.buckets.ok && s3.buckets.value.map((b) => b.name)).toEqual(['bucket-00000', 'bucket-00001', 'bucket-00002', 'bucket-00003', 'bucket-00004']);
    const auth = snapshot.data.iam!.authorization;
    expect(auth.ok && auth.value.users).toHaveLength(5);
    const keys = snapshot.data.kms!.keys;
    expect(keys.ok && keys.value).toHaveLength(3);
    const volumes = snapshot.data.ec2!.volumes;
    expect(volumes.ok && volumes.value).toHaveLength(3);
    expect(m.counter.byCommand.get('s3:ListBuckets')).toBe(3);
    expect(m.counter.byCommand.get('iam:GetAccountAuthorizationDetails')).toBe(3);
    expect(results.filter((r) => r.checkId === 's3_bucket_default_encryption')).toHaveLength(5);
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
  });

  it('polls the credential report until it is ready, with growing waits from the injected sleep', async () => {
    const m = mockSyntheticAccount({ reportPolls: 3 });
    restore = m.restore;
    const waits: number[] = [];
    const { snapshot } = await scan({ sleep: async (ms) => void waits.push(ms) });
    expect(m.counter.byCommand.get('iam:GenerateCredentialReport')).toBe(4);
    expect(waits).toEqual([CREDENTIAL_REPORT_POLL.firstDelayMs, CREDENTIAL_REPORT_POLL.firstDelayMs * 2, CREDENTIAL_REPORT_POLL.firstDelayMs * 4]);
    expect(snapshot.data.iam!.credentialReport.ok).toBe(true);
  });

  it('gives up on a credential report that never completes, as an error (not a pass)', async () => {
    const m = mockSyntheticAccount({ reportPolls: 1000 });
    restore = m.restore;
    const { results } = await scan();
    const root = results.find((r) => r.checkId === 'iam_root_not_used_recently')!;
    expect(root.status).toBe('error');
    expect(root.message).toContain('ReportNotReady on iam:GenerateCredentialReport');
  });

  it('treats "not configured" answers as absent settings, not failures to read', async () => {
    const m = mockSyntheticAccount({ buckets: 4, misconfigured: true });
    restore = m.restore;
    const { snapshot, results } = await scan();
    const b = snapshot.data.s3!.buckets;
    if (!b.ok) throw new Error('buckets not read');
    expect(b.value[0]!.publicAccessBlock).toEqual({ ok: true, value: null });
    expect(b.value[0]!.encryption).toEqual({ ok: true, value: null });
    expect(b.value[0]!.policy).toEqual({ ok: true, value: null });
    expect(results.find((r) => r.checkId === 's3_bucket_default_encryption' && r.resource === 'arn:aws:s3:::bucket-00000')!.status).toBe('fail');
    // The misconfigured account's last bucket lives in us-east-1, which this scan does not cover: its Macie
    // status is "not checked" (an error naming the region), the only error.
    expect(results.find((r) => r.checkId === 's3_bucket_region_allowed' && r.resource === 'arn:aws:s3:::bucket-00003')!.status).toBe('fail');
    expect(results.filter((r) => r.status === 'error').map((r) => [r.checkId, r.resource])).toEqual([
      ['macie_enabled_in_bucket_regions', `${SYNTHETIC_ACCOUNT_ID}/us-east-1`],
    ]);
  });

  it('records AccessDenied on the resource with the call that failed, and the scan goes on', async () => {
    const m = mockSyntheticAccount({ buckets: 2 });
    restore = m.restore;
    m.stub(S3Client)
      .on(GetBucketPolicyCommand)
      .callsFake((input: { Bucket: string }) => {
        if (input.Bucket === 'bucket-00000') throw awsError('AccessDenied', 'Access Denied');
        return {
          Policy: JSON.stringify({
            Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
          }),
        };
      });
    const { results } = await scan();
    const tls = results.filter((r) => r.checkId === 's3_bucket_tls_only');
    expect(tls.find((r) => r.resource.endsWith('bucket-00000'))).toMatchObject({ status: 'error' });
    expect(tls.find((r) => r.resource.endsWith('bucket-00000'))!.message).toContain('AccessDenied on s3:GetBucketPolicy');
    expect(tls.find((r) => r.resource.endsWith('bucket-00001'))).toMatchObject({ status: 'pass' });
    expect(results.find((r) => r.checkId === 's3_bucket_default_encryption' && r.resource.endsWith('bucket-00000'))!.status).toBe('pass');
  });

  it('records throttling that outlasted the retries as an error of the checks that needed the call', async () => {
    const m = mockSyntheticAccount();
    restore = m.restore;
    m.stub(IAMClient)
      .on(GenerateCredentialReportCommand)
      .callsFake(() => {
        throw awsError('Throttling', 'Rate exceeded');
      });
    const { snapshot, results } = await scan();
    const report = snapshot.data.iam!.credentialReport;
    expect(report).toMatchObject({ ok: false, error: { call: 'iam:GenerateCredentialReport', kind: 'throttled', code: 'Throttling' } });
    for (const id of ['iam_root_not_used_recently', 'iam_user_console_mfa_enabled', 'iam_user_access_keys_rotated']) {
      const r = results.filter((x) => x.checkId === id);
      expect(r.length).toBeGreaterThan(0);
      for (const x of r) expect(x.status, id).toBe('error');
    }
    expect(results.find((r) => r.checkId === 'iam_root_mfa_enabled')!.status).toBe('pass');
  });

  it('records an unreachable region (or an opt-in region that is off) as unreachable', async () => {
    const m = mockSyntheticAccount();
    restore = m.restore;
    m.stub(SecurityHubClient)
      .on(DescribeHubCommand)
      .callsFake(() => {
        throw awsError('UnrecognizedClientException', 'The security token included in the request is invalid');
      });
    const { snapshot, results } = await scan();
    expect(snapshot.data.securityhub!.hub).toMatchObject({ ok: false, error: { kind: 'unreachable', call: 'securityhub:DescribeHub' } });
    expect(results.find((r) => r.checkId === 'securityhub_enabled')!.status).toBe('error');
  });

  it('reads "Macie is not enabled" as Macie off, but any other AccessDenied as an error', async () => {
    const m = mockSyntheticAccount();
    restore = m.restore;
    m.stub(Macie2Client)
      .on(GetMacieSessionCommand)
      .callsFake(() => {
        throw awsError('AccessDeniedException', 'Macie is not enabled.');
      });
    let { results } = await scan();
    expect(results.find((r) => r.checkId === 'macie_enabled')!.status).toBe('fail');
    m.stub(Macie2Client)
      .on(GetMacieSessionCommand)
      .callsFake(() => {
        throw awsError('AccessDeniedException', 'User is not authorized to perform: macie2:GetMacieSession');
      });
    ({ results } = await scan());
    expect(results.find((r) => r.checkId === 'macie_enabled')!.status).toBe('error');
  });

  it('records a collector that failed as a whole on the snapshot', async () => {
    const m = mockSyntheticAccount();
    restore = m.restore;
    m.stub(CloudTrailClient)
      .on(DescribeTrailsCommand)
      .callsFake(() => {
        throw awsError('AccessDeniedException', 'no');
      });
    const { snapshot, results } = await scan();
    expect(snapshot.data.cloudtrail!.trails).toMatchObject({ ok: false, error: { call: 'cloudtrail:DescribeTrails', kind: 'denied' } });
    for (const r of results.filter((x) => x.checkId.startsWith('cloudtrail_'))) expect(r.status).toBe('error');
  });

  it('runs only the collectors the selected checks need', async () => {
    const m = mockSyntheticAccount();
    restore = m.restore;
    const { snapshot } = await collectSnapshot({
      clients: clients(),
      accountId: SYNTHETIC_ACCOUNT_ID,
      region: 'eu-west-1',
      home: false,
      regions: ['eu-west-1'],
      settings: DEFAULT_SCAN_SETTINGS,
      collectors: ['ec2', 'iam'],
    });
    expect(Object.keys(snapshot.data)).toEqual(['ec2']);
    expect([...m.counter.byCommand.keys()].every((k) => k.startsWith('ec2:'))).toBe(true);
  });

  it('registers every collector under its own id and scope, loaded only when asked for', async () => {
    for (const [id, entry] of Object.entries(COLLECTORS)) {
      const collector = await entry.load();
      expect(collector.id, `the collector registered as ${id}`).toBe(id);
      expect(collector.scope, `the scope ${id} is registered with`).toBe(entry.scope);
      expect(typeof collector.collect).toBe('function');
    }
  });

  it('records a collector that could not be loaded as an error of its checks, never a pass', async () => {
    const m = mockSyntheticAccount();
    restore = m.restore;
    const id: CollectorId = 'kms';
    const load = COLLECTORS[id].load;
    COLLECTORS[id].load = () => Promise.reject(new Error('Cannot find module @aws-sdk/client-kms'));
    try {
      const { snapshot, results } = await scan();
      expect(snapshot.errors.kms).toMatchObject({ call: 'kms collector', kind: 'other', message: 'Cannot find module @aws-sdk/client-kms' });
      const kms = results.filter((r) => r.checkId.startsWith('kms_'));
      expect(kms.length).toBeGreaterThan(0);
      for (const r of kms) expect(r.status, r.checkId).toBe('error');
      expect(snapshot.data.kms).toBeUndefined();
    } finally {
      COLLECTORS[id].load = load;
    }
  });

  it('makes only calls that the generated least-privilege policy allows', async () => {
    const m = mockSyntheticAccount({ buckets: 3, pageSize: 2 });
    restore = m.restore;
    const calls = new Set<string>();
    await scan({ onCall: (c) => calls.add(c) });
    const allowed = new Set(scannerActions(CHECKS));
    expect(calls.size).toBeGreaterThan(30);
    for (const c of calls) expect(allowed.has(c), `${c} is not in the policy`).toBe(true);
  });

  it('keeps requests in flight within the per-account limit', async () => {
    const m = mockSyntheticAccount({ buckets: 40 });
    restore = m.restore;
    let inFlight = 0;
    let peak = 0;
    m.stub(S3Client)
      .on(GetBucketPolicyCommand)
      .callsFake(async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight -= 1;
        throw awsError('NoSuchBucketPolicy');
      });
    await scanTarget({
      clients: clients(),
      accountId: SYNTHETIC_ACCOUNT_ID,
      region: 'eu-west-1',
      home: true,
      regions: ['eu-west-1'],
      settings: DEFAULT_SCAN_SETTINGS,
      checks: CHECKS.filter((c) => c.id === 's3_bucket_tls_only'),
      concurrency: 3,
    });
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(3);
  });
});

describe('the credential report parser', () => {
  it('reads the root line and users, treating N/A and no_information as no date', () => {
    const rows = parseCredentialReport(
      [
        'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date',
        '<root_account>,arn:aws:iam::1:root,2020-01-01T00:00:00+00:00,not_supported,2024-05-01T10:00:00+00:00,not_supported,true,false,N/A,N/A,false,N/A,N/A',
        'bob,arn:aws:iam::1:user/bob,2021-01-01T00:00:00+00:00,true,no_information,2021-01-01T00:00:00+00:00,false,true,2023-01-01T00:00:00+00:00,N/A,false,N/A,N/A',
      ].join('\n'),
    );
    expect(rows[0]).toMatchObject({ root: true, passwordEnabled: true, mfaActive: true, passwordLastUsed: '2024-05-01T10:00:00.000Z' });
    expect(rows[1]).toMatchObject({ user: 'bob', root: false, passwordLastUsed: undefined, mfaActive: false });
    expect(rows[1]!.accessKeys[0]).toEqual({ slot: 1, active: true, lastRotated: '2023-01-01T00:00:00.000Z', lastUsed: undefined });
  });
});

describe('GetAccountAuthorizationDetails pages', () => {
  it('are reduced to users and the default version of each policy as they arrive (older versions are not kept)', () => {
    const doc = (action: string) => encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }));
    const page = compactAuthorizationPage({
      $metadata: {},
      UserDetailList: [
        {
          UserName: 'alice',
          Arn: 'arn:aws:iam::1:user/alice',
          UserPolicyList: [{ PolicyName: 'inline', PolicyDocument: doc('s3:ListBucket') }],
          AttachedManagedPolicies: [{ PolicyName: 'ReadData', PolicyArn: 'arn:aws:iam::1:policy/ReadData' }],
          GroupList: ['admins'],
          Tags: [{ Key: 'team', Value: 'data' }],
        },
      ],
      Policies: [
        {
          PolicyName: 'ReadData',
          Arn: 'arn:aws:iam::1:policy/ReadData',
          AttachmentCount: 2,
          PolicyVersionList: [
            { VersionId: 'v1', IsDefaultVersion: false, Document: doc('old:Version1') },
            { VersionId: 'v2', IsDefaultVersion: true, Document: doc('s3:GetObject') },
            { VersionId: 'v3', IsDefaultVersion: false, Document: doc('old:Version3') },
          ],
        },
      ],
    });
    expect(page).toEqual({
      users: [
        {
          name: 'alice',
          arn: 'arn:aws:iam::1:user/alice',
          inlinePolicies: [{ name: 'inline', document: { Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] } }],
          attachedPolicies: [{ name: 'ReadData', arn: 'arn:aws:iam::1:policy/ReadData' }],
        },
      ],
      groups: [],
      roles: [],
      policies: [
        {
          name: 'ReadData',
          arn: 'arn:aws:iam::1:policy/ReadData',
          attachmentCount: 2,
          document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
        },
      ],
    });
    expect(JSON.stringify(page)).not.toContain('old:Version');
  });
});

describe('the synthetic account served through a middleware (the benchmark mock)', () => {
  it('gives the same results and the same requests as aws-sdk-client-mock, without a call history', async () => {
    const shape = { buckets: 7, users: 5, keys: 3, volumes: 3, pageSize: 2, misconfigured: true };
    const run = async (via: 'aws-sdk-client-mock' | 'middleware') => {
      const m = mockSyntheticAccount({ ...shape, via });
      try {
        const { results } = await scanTarget({
          clients: m.clients('eu-west-1'),
          accountId: SYNTHETIC_ACCOUNT_ID,
          region: 'eu-west-1',
          home: true,
          regions: ['eu-west-1'],
          settings: DEFAULT_SCAN_SETTINGS,
          checks: CHECKS,
          sleep: async () => undefined,
          now: () => new Date('2026-01-01T00:00:00Z'),
        });
        return { results: results.map((r) => `${r.checkId} ${r.status} ${r.resource}`).sort(), calls: Object.fromEntries([...m.counter.byCommand].sort()) };
      } finally {
        m.restore();
      }
    };
    const viaMock = await run('aws-sdk-client-mock');
    const viaMiddleware = await run('middleware');
    expect(viaMiddleware.results.some((r) => r.includes(' fail '))).toBe(true);
    expect(viaMiddleware).toEqual(viaMock);
  });
});
