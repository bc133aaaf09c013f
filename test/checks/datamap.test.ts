import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { categoriesOf, categoryOf } from '../../src/checks/data-categories.js';
import { buildDataMap, holdsPersonalData, personalResources, type AccountDataMap } from '../../src/checks/datamap.js';
import { scanTarget } from '../../src/checks/engine.js';
import { getCheck } from '../../src/checks/registry.js';
import { personalSecuritySeverity, renderReport, type ReportInput } from '../../src/checks/report.js';
import { worstFailures } from '../../src/checks/summary.js';
import { CheckStatus, type CheckResult } from '../../src/checks/types.js';
import { detailsMessages, postureMessage } from '../../src/checks/messages.js';
import { ACCOUNT, denied, ok, snapshotWith } from './fixtures.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

const PERSONAL = 'arn:aws:s3:::customer-data';

describe('Macie detections → GDPR categories', () => {
  it('files managed identifiers by the table, country variants by their words, custom ones as custom and unknown ones as other (never dropped)', () => {
    expect(categoryOf({ id: 'EMAIL_ADDRESS', type: 'MANAGED' })).toBe('contact');
    expect(categoryOf({ id: 'NAME', type: 'MANAGED' })).toBe('names');
    expect(categoryOf({ id: 'USA_SOCIAL_SECURITY_NUMBER', type: 'MANAGED' })).toBe('national_id');
    expect(categoryOf({ id: 'FRANCE_HEALTH_INSURANCE_NUMBER', type: 'MANAGED' })).toBe('health');
    expect(categoryOf({ id: 'CREDIT_CARD_NUMBER', type: 'MANAGED' })).toBe('financial');
    expect(categoryOf({ id: 'AWS_CREDENTIALS', type: 'MANAGED' })).toBe('credentials');
    expect(categoryOf({ id: 'b1c2d3', type: 'CUSTOM' })).toBe('custom');
    expect(categoryOf({ id: 'SOMETHING_NEW', type: 'MANAGED' })).toBe('other');
    expect(
      categoriesOf([
        { id: 'NAME', type: 'MANAGED', count: 0 },
        { id: 'EMAIL_ADDRESS', type: 'MANAGED', count: 3 },
      ]),
    ).toEqual(['contact']);
  });
});

describe('the personal data map', () => {
  it('joins Macie with S3 and CloudTrail: categories, region inside the allowed ones, SSE-KMS, not public, data events logged', () => {
    const map = buildDataMap(snapshotWith())!;
    expect(map.gaps).toEqual([]);
    expect(map.stores).toEqual([
      expect.objectContaining({
        arn: PERSONAL,
        region: 'eu-west-1',
        residency: 'inside',
        categories: ['names', 'contact'],
        encryption: expect.objectContaining({ state: 'kms' }),
        exposure: expect.objectContaining({ state: 'not_public' }),
        dataEvents: expect.objectContaining({ state: 'logged' }),
      }),
    ]);
  });

  it('says when a bucket with personal data is outside the allowed regions, public, unencrypted and its writes unlogged', () => {
    const map = buildDataMap(
      snapshotWith((s) => {
        const b = (s.data.s3!.buckets as { ok: true; value: import('../../src/aws/collectors/s3.js').S3Bucket[] }).value[0]!;
        b.region = ok('us-east-1');
        b.encryption = ok(null);
        b.aclGrantees = ok(['http://acs.amazonaws.com/groups/global/AllUsers']);
        b.publicAccessBlock = ok(null);
        s.data.s3!.accountPublicAccessBlock = ok(null);
        const t = (s.data.cloudtrail!.trails as { ok: true; value: import('../../src/aws/collectors/cloudtrail.js').Trail[] }).value[0]!;
        t.selectors = ok({
          classic: [
            {
              includeManagementEvents: true,
              readWriteType: 'ReadOnly',
              excludeManagementEventSources: [],
              dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::customer-data/'] }],
            },
          ],
          advanced: [],
        });
      }),
    )!;
    expect(map.stores[0]).toMatchObject({
      residency: 'outside',
      region: 'us-east-1',
      encryption: { state: 'none' },
      exposure: { state: 'public' },
      dataEvents: { state: 'partial' },
    });
  });

  it('an unreadable safeguard is "unknown", never a good state', () => {
    const map = buildDataMap(
      snapshotWith((s) => {
        const b = (s.data.s3!.buckets as { ok: true; value: import('../../src/aws/collectors/s3.js').S3Bucket[] }).value[0]!;
        b.encryption = denied('s3:GetEncryptionConfiguration');
        s.data.cloudtrail!.trails = denied('cloudtrail:DescribeTrails');
      }),
    )!;
    expect(map.stores[0]!.encryption).toMatchObject({ state: 'unknown', detail: expect.stringContaining('AccessDenied on s3:GetEncryptionConfiguration') });
    expect(map.stores[0]!.dataEvents.state).toBe('unknown');
  });

  it('a bucket with only credentials found is sensitive but not personal data; a collector that failed is a gap for the whole account', () => {
    const creds = buildDataMap(
      snapshotWith((s) => {
        const b = (s.data.macieprofiles!.byRegion['eu-west-1']!.buckets as { ok: true; value: { detections?: unknown }[] }).value[0]!;
        b.detections = ok([{ id: 'AWS_CREDENTIALS', name: 'AWS_CREDENTIALS', type: 'MANAGED', count: 2, suppressed: false }]);
      }),
    )!;
    expect(creds.stores).toEqual([]);
    expect(creds.nonPersonal).toEqual([expect.objectContaining({ arn: PERSONAL, categories: ['credentials'] })]);
    const failed = buildDataMap(
      snapshotWith((s) => {
        delete s.data.macieprofiles;
        s.errors.macieprofiles = { call: 'macie2:GetMacieSession', kind: 'throttled', code: 'ThrottlingException', message: 'Rate exceeded' };
      }),
    )!;
    expect(failed.gaps).toEqual([expect.objectContaining({ region: 'all', kind: 'unreadable' })]);
  });

  it('marks results on a personal-data bucket and on its objects, and nothing else', () => {
    const personal = personalResources([buildDataMap(snapshotWith())!]);
    expect(holdsPersonalData(PERSONAL, personal)).toBe(true);
    expect(holdsPersonalData(`${PERSONAL}/exports/2026.csv`, personal)).toBe(true);
    expect(holdsPersonalData('arn:aws:s3:::customer-data-archive', personal)).toBe(false);
    expect(holdsPersonalData('arn:aws:s3:::trail-logs', personal)).toBe(false);
  });
});

/** A public log bucket (critical check) and a personal-data bucket failing a lower-severity check. */
const RESULTS: CheckResult[] = [
  {
    checkId: 's3_bucket_public_access_blocked',
    accountId: ACCOUNT,
    region: 'global',
    status: CheckStatus.Fail,
    resource: 'arn:aws:s3:::build-logs',
    message: 'Bucket build-logs is public.',
  },
  {
    checkId: 's3_bucket_tls_only',
    accountId: ACCOUNT,
    region: 'global',
    status: CheckStatus.Fail,
    resource: PERSONAL,
    message: 'Bucket customer-data accepts plain HTTP.',
  },
  {
    checkId: 'ebs_default_encryption',
    accountId: ACCOUNT,
    region: 'eu-west-1',
    status: CheckStatus.Pass,
    resource: `${ACCOUNT}/eu-west-1`,
    message: 'EBS encryption by default is on.',
  },
];

describe('risk ranking', () => {
  const personal = new Set([PERSONAL]);
  it('puts failures on personal-data resources before more severe ones elsewhere, and marks them', () => {
    expect(getCheck('s3_bucket_public_access_blocked')!.severity).not.toBe(getCheck('s3_bucket_tls_only')!.severity);
    const ranked = worstFailures(RESULTS, personal);
    expect(ranked.map((f) => [f.result.resource, f.personal])).toEqual([
      [PERSONAL, true],
      ['arn:aws:s3:::build-logs', false],
    ]);
    // Without the data map the order is by severity alone.
    expect(worstFailures(RESULTS)[0]!.result.resource).toBe('arn:aws:s3:::build-logs');
  });

  it('/gdpr status lists the personal-data failure first with the badge, and says how many there are', () => {
    const msg = JSON.stringify(postureMessage({ results: RESULTS, now: new Date('2026-12-02T10:00:00Z'), personal }).blocks);
    expect(msg).toContain('1 on resources holding personal data, listed first');
    expect(msg.indexOf('customer-data accepts plain HTTP')).toBeLessThan(msg.indexOf('build-logs is public'));
    expect(msg).toMatch(/personal data\*.*customer-data accepts/);
    expect(msg).not.toMatch(/personal data\*[^"]*build-logs is public/);
  });

  it('Details list the check failing on personal data first', () => {
    const text = JSON.stringify(detailsMessages(RESULTS, personal));
    expect(text.indexOf('s3_bucket_tls_only')).toBeLessThan(text.indexOf('s3_bucket_public_access_blocked'));
    expect(text).toContain(':lock: *personal data* Bucket customer-data');
  });
});

const MAP: AccountDataMap = {
  ...buildDataMap(snapshotWith())!,
  gaps: [
    {
      region: 'eu-central-1',
      kind: 'macie_off',
      message: 'Macie is not enabled in eu-central-1 (account 123456789012): which buckets there hold personal data is unknown.',
    },
  ],
};
const INPUT: ReportInput = {
  generatedAt: new Date('2026-12-02T10:00:00Z'),
  scannedAt: '2026-12-02T09:59:00Z',
  accounts: [ACCOUNT],
  results: RESULTS,
  dataMap: [MAP],
};

describe('the report with the data map', () => {
  it('Markdown: an Art. 30 annex with data stores, categories, locations and safeguards, and what is not known', () => {
    const md = renderReport('md', INPUT);
    const annex = md.slice(md.indexOf('## Annex: records of processing (Art. 30)'));
    expect(annex).toContain(
      '| arn:aws:s3:::customer-data | eu-west-1: inside the allowed regions | Names; Contact details (email, phone, postal address) | 82 | SSE-KMS',
    );
    expect(annex).toContain('**Not known (eu-central-1)**: Macie is not enabled');
    expect(md).toContain('| FAIL · PERSONAL DATA | 123456789012 | global | arn:aws:s3:::customer-data |');
    expect(md).not.toContain('PERSONAL DATA | 123456789012 | global | arn:aws:s3:::build-logs');
  });

  it('without a data map the annex says it was not collected, never that there is no personal data', () => {
    const md = renderReport('md', { ...INPUT, dataMap: undefined });
    expect(md).toContain('The personal data map was not collected');
    expect(md).toContain('This does not mean that no personal data is stored');
    expect(renderReport('csv', { ...INPUT, dataMap: [] })).toContain(',not_collected,');
    expect(JSON.parse(renderReport('json', { ...INPUT, dataMap: undefined })).art30Annex).toEqual({
      collected: false,
      note: expect.stringContaining('not collected'),
    });
  });

  it('CSV: personal_data marks the failing row, and the annex has a row per data store and per region not known', () => {
    const [header, ...rows] = renderReport('csv', INPUT).trim().split('\n');
    expect(header!.split(',').at(-1)).toBe('personal_data');
    expect(rows.filter((r) => r.includes('s3_bucket_tls_only')).every((r) => r.endsWith(',yes'))).toBe(true);
    expect(rows.filter((r) => r.includes('s3_bucket_public_access_blocked')).every((r) => !r.endsWith(',yes'))).toBe(true);
    expect(rows.filter((r) => r.includes(',datamap,')).map((r) => r.split(',')[8])).toEqual(['personal_data', 'unknown']);
  });

  it('JSON: personalData on the result, and the annex', () => {
    const json = JSON.parse(renderReport('json', INPUT)) as {
      results: { resource: string; personalData?: boolean }[];
      art30Annex: { accounts: { dataStores: { arn: string }[]; notKnown: unknown[] }[] };
    };
    expect(json.results.filter((r) => r.personalData).map((r) => r.resource)).toEqual([PERSONAL]);
    expect(json.art30Annex.accounts[0]!.dataStores.map((d) => d.arn)).toEqual([PERSONAL]);
    expect(json.art30Annex.accounts[0]!.notKnown).toHaveLength(1);
  });

  it('SARIF: a failure on personal data comes first with a higher security-severity than the same check elsewhere', () => {
    const sarif = JSON.parse(renderReport('sarif', INPUT)) as {
      runs: { results: { ruleId: string; properties?: Record<string, unknown> }[]; properties: { art30Annex: { collected: boolean } } }[];
    };
    const [first, second] = sarif.runs[0]!.results;
    expect(first!.ruleId).toBe('s3_bucket_tls_only');
    const tls = getCheck('s3_bucket_tls_only')!.severity;
    expect(first!.properties).toEqual({ 'security-severity': personalSecuritySeverity(tls), tags: ['personal-data'], personalData: true });
    expect(Number(first!.properties!['security-severity'])).toBeGreaterThan(
      Number(
        JSON.parse(renderReport('sarif', { ...INPUT, dataMap: undefined })).runs[0].results.find((r: { ruleId: string }) => r.ruleId === 's3_bucket_tls_only')
          .properties['security-severity'],
      ),
    );
    expect(second!.properties).toEqual({ 'security-severity': expect.any(String) });
    expect(second!.properties!.personalData).toBeUndefined();
    expect(Number(personalSecuritySeverity('critical'))).toBe(10);
    expect(sarif.runs[0]!.properties.art30Annex.collected).toBe(true);
  });
});

describe('the synthetic account (gdpr-bot demo)', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('answers DescribeBuckets, GetResourceProfile and ListResourceProfileDetections consistently: the first bucket is on the data map with its categories', async () => {
    const m = mockSyntheticAccount({ buckets: 4, pageSize: 2 });
    restore = m.restore;
    const { snapshot, results } = await scanTarget({
      clients: new AwsClients({ defaultRegion: 'eu-west-1' }),
      accountId: SYNTHETIC_ACCOUNT_ID,
      region: 'eu-west-1',
      home: true,
      regions: ['eu-west-1'],
      settings: { ...DEFAULT_SCAN_SETTINGS, allowedRegions: ['eu-west-1'] },
      checks: [getCheck('s3_personal_data_bucket_data_events_logged')!, getCheck('s3_bucket_default_encryption')!],
      sleep: async () => undefined,
    });
    const map = buildDataMap(snapshot)!;
    expect(map.gaps).toEqual([]);
    expect(map.stores.map((s) => [s.name, s.categories, s.residency, s.encryption.state])).toEqual([
      ['bucket-00000', ['names', 'contact', 'credentials'], 'inside', 'kms'],
    ]);
    expect(map.belowThreshold).toBe(3);
    expect(results.filter((r) => r.checkId === 's3_personal_data_bucket_data_events_logged').map((r) => r.resource)).toContain('arn:aws:s3:::bucket-00000');
  });
});
