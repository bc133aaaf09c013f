import type { Trail } from '../../../src/aws/collectors/cloudtrail.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, ok } from '../fixtures.js';

const trails = (s: Snapshot): Trail[] => {
  const t = s.data.cloudtrail!.trails;
  if (!t.ok) throw new Error('fixture: trails not readable');
  return t.value;
};
const CHECK = 'cloudtrail_logs_s3_bucket_access_logging_enabled';
const DOC = 'S3 GetBucketLogging: LoggingEnabled { TargetBucket, TargetPrefix } when server access logging is on, an empty BucketLoggingStatus when it is off';

/** Adversarial fixtures of the trail bucket access logging check. */
export const CASES: AdversarialCase[] = [
  {
    check: CHECK,
    name: 'looks on, is circular: the log bucket writes its access logs into itself',
    source: `${DOC}; AWS advises against a target bucket equal to the source bucket`,
    mutate: (s) => void (trails(s)[0]!.bucketLogging = ok({ targetBucket: 'trail-logs', targetPrefix: 'access/' })),
    expect: 'fail',
    resource: 'trail-logs',
  },
  {
    check: CHECK,
    name: 'the log archive is a bucket of another account: GetBucketLogging is denied',
    source: `${DOC}; a bucket of another account answers AccessDenied unless its policy grants s3:GetBucketLogging`,
    mutate: (s) => {
      const t = trails(s)[0]!;
      t.s3BucketName = 'org-log-archive';
      t.bucketLogging = { ok: false, error: { call: 's3:GetBucketLogging', kind: 'denied', code: 'AccessDenied', message: 'Access Denied' } };
    },
    expect: 'error',
    resource: 'org-log-archive',
  },
  {
    check: CHECK,
    name: 'a second trail delivering to an unlogged bucket, next to a compliant one',
    source: DOC,
    mutate: (s) => {
      const first = trails(s)[0]!;
      trails(s).push({
        ...structuredClone(first),
        name: 'app-trail',
        arn: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/app-trail`,
        s3BucketName: 'app-trail-logs',
        bucketLogging: ok(null),
      });
    },
    expect: 'fail',
    resource: 'app-trail-logs',
  },
  {
    check: CHECK,
    name: 'the trails of one region could not be listed: a trail there may deliver to an unlogged bucket',
    source: 'CloudTrail DescribeTrails denied in eu-central-1 (a service control policy)',
    mutate: (s) =>
      void (s.data.cloudtrail!.unreadRegions = [
        { region: 'eu-central-1', error: { call: 'cloudtrail:DescribeTrails', kind: 'denied', code: 'AccessDeniedException', message: 'explicit deny' } },
      ]),
    expect: 'error',
    resource: 'eu-central-1',
  },
];
