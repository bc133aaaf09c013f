import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ok } from '../fixtures.js';

const region = (s: Snapshot) => s.data.macieprofiles!.byRegion['eu-west-1']!;
const PROFILE =
  'Macie API, DescribeBuckets sensitivityScore (-1..100, 50+ sensitive; with automated discovery never enabled or off for 30 days: 1 empty, 50 not analysed); GetResourceProfile; ListResourceProfileDetections detections[].id / type MANAGED | CUSTOM';
const SELECTORS =
  'CloudTrail GetEventSelectors: classic DataResources of type AWS::S3::Object name buckets by `arn:aws:s3:::bucket/` prefix; ReadWriteType ReadOnly | WriteOnly | All';

/** The personal data map: traps where Macie or CloudTrail look like "nothing to do" and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 's3_personal_data_bucket_data_events_logged',
    name: 'automated discovery off: every bucket scores 50 or 1, which says nothing about personal data (error, never "no personal data")',
    source: PROFILE,
    mutate: (s) => {
      region(s).automatedDiscovery = ok({ status: 'DISABLED' });
    },
    expect: 'error',
    resource: '123456789012/eu-west-1',
  },
  {
    check: 's3_personal_data_bucket_data_events_logged',
    name: 'a trail logs only read data events for the personal-data bucket by name: writes (deletions, overwrites) go unrecorded',
    source: SELECTORS,
    mutate: (s) => {
      const trails = s.data.cloudtrail!.trails;
      if (!trails.ok) throw new Error('fixture');
      trails.value[0]!.selectors = ok({
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
    },
    expect: 'fail',
    resource: 'customer-data',
  },
  {
    check: 's3_personal_data_bucket_data_events_logged',
    name: 'detections could not be listed (AccessDenied on ListResourceProfileDetections): the bucket stays on the map as presumed personal and is judged',
    source: PROFILE,
    mutate: (s) => {
      const b = (region(s).buckets as { ok: true; value: { detections?: unknown }[] }).value[0]!;
      b.detections = {
        ok: false,
        error: { call: 'macie2:ListResourceProfileDetections', kind: 'denied', code: 'AccessDeniedException', message: 'not authorized' },
      };
      s.data.cloudtrail!.trails = ok([]);
    },
    expect: 'fail',
    resource: 'customer-data',
  },
];
