import type { Trail } from '../../../src/aws/collectors/cloudtrail.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { AT, denied, ok } from '../fixtures.js';

const trails = (s: Snapshot): Trail[] => {
  const t = s.data.cloudtrail!.trails;
  if (!t.ok) throw new Error('fixture: trails not readable');
  return t.value;
};
const trail = (s: Snapshot): Trail => trails(s)[0]!;
const hoursAgo = (h: number) => new Date(Date.parse(AT) - h * 3_600_000).toISOString();
const ORG_MANAGEMENT = '999988887777';
const SELECTORS_DOC =
  'GetEventSelectors: EventSelectors[].IncludeManagementEvents / ReadWriteType (All, ReadOnly, WriteOnly); AdvancedEventSelectors eventCategory=Management with readOnly Equals true|false (absent = both)';
const unreadCentral = (s: Snapshot) => {
  s.data.cloudtrail!.unreadRegions = [
    {
      region: 'eu-central-1',
      error: { call: 'cloudtrail:DescribeTrails', kind: 'denied', code: 'AccessDeniedException', message: 'explicit deny in a service control policy' },
    },
  ];
};
/** The organisation trail of the management account, as a member account sees it (by ARN, GetEventSelectors refused). */
const memberView = (s: Snapshot) => {
  s.accountId = '123456789012';
  const t = trail(s);
  t.arn = `arn:aws:cloudtrail:eu-west-1:${ORG_MANAGEMENT}:trail/org-trail`;
  t.ownerAccountId = ORG_MANAGEMENT;
  t.kmsKeyId = `arn:aws:kms:eu-west-1:${ORG_MANAGEMENT}:key/trail`;
};

/** Adversarial fixtures of the CloudTrail checks (bucket_not_public excepted: another file's owner). */
export const CASES: AdversarialCase[] = [
  // cloudtrail_multi_region_logging
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'a logging multi-region trail whose only selector logs write-only management events',
    source: SELECTORS_DOC,
    mutate: (s) =>
      void (trail(s).selectors = ok({
        classic: [{ includeManagementEvents: true, readWriteType: 'WriteOnly', excludeManagementEventSources: [] }],
        advanced: [],
      })),
    expect: 'fail',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'a logging multi-region trail with a data-events-only classic selector (IncludeManagementEvents false)',
    source: SELECTORS_DOC,
    mutate: (s) =>
      void (trail(s).selectors = ok({ classic: [{ includeManagementEvents: false, readWriteType: 'All', excludeManagementEventSources: [] }], advanced: [] })),
    expect: 'fail',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'advanced selectors: management events with readOnly = true only (writes not logged)',
    source: SELECTORS_DOC,
    mutate: (s) =>
      void (trail(s).selectors = ok({
        classic: [],
        advanced: [
          {
            name: 'reads',
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Management'] },
              { field: 'readOnly', equals: ['true'] },
            ],
          },
        ],
      })),
    expect: 'fail',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'advanced selectors: only data events (eventCategory Data), no management selector',
    source: SELECTORS_DOC,
    mutate: (s) =>
      void (trail(s).selectors = ok({
        classic: [],
        advanced: [
          {
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Data'] },
              { field: 'resources.type', equals: ['AWS::S3::Object'] },
            ],
          },
        ],
      })),
    expect: 'fail',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'looks partial, is complete: a read-only and a write-only advanced selector add up, kms excluded',
    source: `${SELECTORS_DOC}; eventSource may only be NotEquals kms.amazonaws.com / rdsdata.amazonaws.com for management events`,
    mutate: (s) =>
      void (trail(s).selectors = ok({
        classic: [],
        advanced: [
          {
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Management'] },
              { field: 'readOnly', equals: ['true'] },
              { field: 'eventSource', notEquals: ['kms.amazonaws.com'] },
            ],
          },
          {
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Management'] },
              { field: 'readOnly', equals: ['false'] },
            ],
          },
        ],
      })),
    expect: 'pass',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'IsLogging true but LatestDeliveryError AccessDenied: the bucket policy no longer lets CloudTrail write',
    source: 'GetTrailStatus LatestDeliveryError: S3 error CloudTrail met delivering log files (e.g. bucket policy)',
    mutate: (s) => void (trail(s).status = ok({ isLogging: true, latestDeliveryError: 'AccessDenied', latestCloudWatchLogsDeliveryTime: hoursAgo(1) })),
    expect: 'fail',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'a logging trail whose KMS key is pending deletion',
    source: 'kms:DescribeKey KeyMetadata.KeyState PendingDeletion: the key cannot be used for cryptographic operations',
    mutate: (s) => void (trail(s).kmsKey = ok({ state: 'PendingDeletion', deletionDate: '2026-06-07T00:00:00.000Z' })),
    expect: 'fail',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: "IsLogging true and no delivery error yet, but the trail's KMS key is Disabled: new log files cannot be written",
    source: 'kms:DescribeKey KeyMetadata.KeyState Disabled: the key cannot encrypt, so CloudTrail cannot deliver SSE-KMS log files',
    mutate: (s) => void (trail(s).kmsKey = ok({ state: 'Disabled' })),
    expect: 'fail',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'a logging trail whose KMS key cannot be described (AccessDenied on kms:DescribeKey)',
    source: 'kms:DescribeKey needs the key policy to allow it; an unread key state cannot prove delivery',
    mutate: (s) => void (trail(s).kmsKey = denied('kms:DescribeKey')),
    expect: 'error',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'a member account sees the organisation trail logging, but GetEventSelectors on it is refused',
    source:
      "GetTrailStatus: members must name an organisation trail by its full ARN; GetEventSelectors on another account's trail fails (CloudTrailARNInvalidException)",
    mutate: (s) => {
      memberView(s);
      const t = trail(s);
      t.selectors = {
        ok: false,
        error: { call: 'cloudtrail:GetEventSelectors', kind: 'other', code: 'CloudTrailARNInvalidException', message: 'AccountID in ARN is wrong' },
      };
      t.kmsKey = ok({ state: 'Enabled' });
    },
    expect: 'error',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'a member account whose organisation trail is fully readable and logging counts',
    source: 'DescribeTrails includeShadowTrails: an organisation trail appears in member accounts; GetTrailStatus by ARN',
    mutate: memberView,
    expect: 'pass',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'only a single-region trail was found, and one region could not be listed (a multi-region trail may live there)',
    source: 'DescribeTrails is per region; a multi-region trail homed in an unread region is unseen when its shadow copies are not returned',
    mutate: (s) => {
      trail(s).multiRegion = false;
      unreadCentral(s);
    },
    expect: 'error',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'a passing multi-region trail makes an unread region irrelevant',
    source: 'IsMultiRegionTrail: the trail logs every region of the account',
    mutate: unreadCentral,
    expect: 'pass',
  },
  {
    check: 'cloudtrail_multi_region_logging',
    name: 'a multi-region trail seen only as a shadow copy: its home region could not be read',
    source: 'DescribeTrails includeShadowTrails: a shadow copy is the replication of a trail created in another region',
    mutate: (s) => {
      const t = trail(s);
      t.homeRegion = 'eu-central-1';
      t.homeUnread = { call: 'cloudtrail:DescribeTrails', kind: 'denied', code: 'AccessDeniedException', message: 'denied' };
      t.status = denied('cloudtrail:GetTrailStatus');
    },
    expect: 'error',
  },
  // cloudtrail_log_file_validation
  {
    check: 'cloudtrail_log_file_validation',
    name: 'a shadow copy claims validation, the home region (where the trail is judged) could not be read',
    source: 'DescribeTrails includeShadowTrails: shadow copies are replications; the trail lives in its HomeRegion',
    mutate: (s) => {
      const t = trail(s);
      t.homeRegion = 'eu-central-1';
      t.homeUnread = { call: 'cloudtrail:DescribeTrails', kind: 'denied', code: 'AccessDeniedException', message: 'denied' };
    },
    expect: 'error',
    resource: 'trail/org-trail',
  },
  {
    check: 'cloudtrail_log_file_validation',
    name: 'every trail seen validates, but one region could not be listed',
    source: 'DescribeTrails is regional: a single-region trail of an unread region is unseen',
    mutate: unreadCentral,
    expect: 'error',
    resource: 'eu-central-1',
  },
  {
    check: 'cloudtrail_log_file_validation',
    name: 'no trail found and a region could not be listed: not "no trails"',
    source: 'DescribeTrails is regional',
    mutate: (s) => {
      s.data.cloudtrail!.trails = ok([]);
      unreadCentral(s);
    },
    expect: 'error',
  },
  // cloudtrail_kms_encryption
  {
    check: 'cloudtrail_kms_encryption',
    name: 'KmsKeyId is set but the key is disabled',
    source: 'kms:DescribeKey KeyState Disabled: the key cannot encrypt; CloudTrail cannot deliver SSE-KMS logs',
    mutate: (s) => void (trail(s).kmsKey = ok({ state: 'Disabled' })),
    expect: 'fail',
    resource: 'trail/org-trail',
  },
  {
    check: 'cloudtrail_kms_encryption',
    name: 'KmsKeyId is set but the key is pending deletion',
    source: 'kms:DescribeKey KeyState PendingDeletion, DeletionDate',
    mutate: (s) => void (trail(s).kmsKey = ok({ state: 'PendingDeletion', deletionDate: '2026-06-07T00:00:00.000Z' })),
    expect: 'fail',
    resource: 'trail/org-trail',
  },
  {
    check: 'cloudtrail_kms_encryption',
    name: 'KmsKeyId is set but the key (in the organisation management account) cannot be described',
    source: "kms:DescribeKey on another account's key needs its key policy to allow it",
    mutate: (s) => {
      memberView(s);
      trail(s).kmsKey = denied('kms:DescribeKey');
    },
    expect: 'error',
    resource: 'trail/org-trail',
  },
  // cloudtrail_cloudwatch_logs
  {
    check: 'cloudtrail_cloudwatch_logs',
    name: 'a log group is configured, but the last CloudWatch Logs delivery was three days ago',
    source: 'GetTrailStatus LatestCloudWatchLogsDeliveryTime',
    mutate: (s) => void (trail(s).status = ok({ isLogging: true, latestCloudWatchLogsDeliveryTime: hoursAgo(72) })),
    expect: 'fail',
    resource: 'trail/org-trail',
  },
  {
    check: 'cloudtrail_cloudwatch_logs',
    name: 'a log group is configured, but CloudTrail has never delivered to it (no delivery time)',
    source: 'GetTrailStatus LatestCloudWatchLogsDeliveryTime absent',
    mutate: (s) => void (trail(s).status = ok({ isLogging: true })),
    expect: 'fail',
    resource: 'trail/org-trail',
  },
  {
    check: 'cloudtrail_cloudwatch_logs',
    name: 'recent delivery time, but LatestCloudWatchLogsDeliveryError (the role cannot write any more)',
    source: 'GetTrailStatus LatestCloudWatchLogsDeliveryError',
    mutate: (s) =>
      void (trail(s).status = ok({
        isLogging: true,
        latestCloudWatchLogsDeliveryTime: hoursAgo(2),
        latestCloudWatchLogsDeliveryError: 'AccessDeniedException',
      })),
    expect: 'fail',
    resource: 'trail/org-trail',
  },
  {
    check: 'cloudtrail_cloudwatch_logs',
    name: 'a log group is configured but the trail status cannot be read',
    source: 'GetTrailStatus is needed for LatestCloudWatchLogsDeliveryTime',
    mutate: (s) => void (trail(s).status = denied('cloudtrail:GetTrailStatus')),
    expect: 'error',
    resource: 'trail/org-trail',
  },
];
