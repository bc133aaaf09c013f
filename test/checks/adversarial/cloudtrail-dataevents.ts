import type { Trail, TrailSelectors } from '../../../src/aws/collectors/cloudtrail.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { denied, ok } from '../fixtures.js';

const trail = (s: Snapshot): Trail => {
  const t = s.data.cloudtrail!.trails;
  if (!t.ok) throw new Error('fixture: trails not readable');
  return t.value[0]!;
};
const selectors = (value: TrailSelectors) => (s: Snapshot) => void (trail(s).selectors = ok(value));
const MGMT = { includeManagementEvents: true, readWriteType: 'All', excludeManagementEventSources: [] };
const CLASSIC =
  'GetEventSelectors EventSelectors[].DataResources: Type AWS::S3::Object, Values "arn:aws:s3" (all current and future buckets) or "arn:aws:s3:::bucket/" (one bucket); ReadWriteType All | ReadOnly | WriteOnly';
const ADVANCED =
  'GetEventSelectors AdvancedEventSelectors: eventCategory Equals Data, resources.type Equals AWS::S3::Object, readOnly Equals true|false (absent = both); resources.ARN / eventName conditions narrow the selector';
const BOTH = ['cloudtrail_s3_dataevents_read_enabled', 'cloudtrail_s3_dataevents_write_enabled'] as const;

/** Adversarial fixtures of the S3 data event checks. */
export const CASES: AdversarialCase[] = [
  ...BOTH.map((check): AdversarialCase => ({
    check,
    name: 'data events selected for the one bucket that holds customer data, not for all buckets',
    source: CLASSIC,
    mutate: selectors({ classic: [{ ...MGMT, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::customer-data/'] }] }], advanced: [] }),
    expect: 'fail',
  })),
  ...BOTH.map((check): AdversarialCase => ({
    check,
    name: 'all-bucket data events on a single-region trail (buckets of other regions are not logged)',
    source: 'CloudTrail DescribeTrails IsMultiRegionTrail false: the trail logs events of its home region only',
    mutate: (s) => void (trail(s).multiRegion = false),
    expect: 'fail',
  })),
  ...BOTH.map((check): AdversarialCase => ({
    check,
    name: 'looks complete, is advanced: an AWS::S3::Object data selector with no other condition (the console default)',
    source: ADVANCED,
    mutate: selectors({
      classic: [],
      advanced: [
        { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
        {
          name: 'S3 data events',
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
          ],
        },
      ],
    }),
    expect: 'pass',
  })),
  {
    check: 'cloudtrail_s3_dataevents_write_enabled',
    name: 'advanced selector narrowed with resources.ARN StartsWith one bucket',
    source: ADVANCED,
    mutate: selectors({
      classic: [],
      advanced: [
        {
          name: 'customer bucket',
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
            { field: 'resources.ARN', startsWith: ['arn:aws:s3:::customer-data/'] },
          ],
        },
      ],
    }),
    expect: 'fail',
  },
  {
    check: 'cloudtrail_s3_dataevents_read_enabled',
    name: 'advanced selector with readOnly = false only: writes logged, reads not',
    source: ADVANCED,
    mutate: selectors({
      classic: [],
      advanced: [
        {
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
            { field: 'readOnly', equals: ['false'] },
          ],
        },
      ],
    }),
    expect: 'fail',
  },
  {
    check: 'cloudtrail_s3_dataevents_write_enabled',
    name: 'a data-events-only trail (no management events) still counts for writes',
    source: `${CLASSIC}; IncludeManagementEvents false leaves data events on`,
    mutate: selectors({
      classic: [
        {
          includeManagementEvents: false,
          readWriteType: 'WriteOnly',
          excludeManagementEventSources: [],
          dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
        },
      ],
      advanced: [],
    }),
    expect: 'pass',
  },
  {
    check: 'cloudtrail_s3_dataevents_read_enabled',
    name: 'Lambda data events for all functions are not S3 data events',
    source: `${CLASSIC}; Type AWS::Lambda::Function, Values arn:aws:lambda`,
    mutate: selectors({ classic: [{ ...MGMT, dataResources: [{ type: 'AWS::Lambda::Function', values: ['arn:aws:lambda'] }] }], advanced: [] }),
    expect: 'fail',
  },
  {
    check: 'cloudtrail_s3_dataevents_read_enabled',
    name: 'the selecting trail has stopped logging',
    source: 'CloudTrail GetTrailStatus IsLogging false',
    mutate: (s) => void (trail(s).status = ok({ isLogging: false })),
    expect: 'fail',
  },
  {
    check: 'cloudtrail_s3_dataevents_write_enabled',
    name: 'the event selectors of the only trail could not be read',
    source: 'CloudTrail GetEventSelectors denied',
    mutate: (s) => void (trail(s).selectors = denied('cloudtrail:GetEventSelectors')),
    expect: 'error',
  },
];
