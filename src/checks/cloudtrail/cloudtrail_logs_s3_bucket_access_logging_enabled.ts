import { errorWith, unreadRegionFindings } from '../cloudtrail-trails.js';
import { accountResource, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** The S3 bucket each trail delivers to has server access logging on (to another bucket). */
export const cloudtrail_logs_s3_bucket_access_logging_enabled = defineCheck({
  id: 'cloudtrail_logs_s3_bucket_access_logging_enabled',
  title: 'CloudTrail log buckets have access logging on',
  demands:
    "Each trail's S3 bucket has server access logging on (GetBucketLogging LoggingEnabled, to a bucket other than itself); a bucket that cannot be read (another account's log archive) is `error`.",
  actionItem: 8,
  gdpr: ['Art. 25', 'Art. 30'],
  severity: 'low',
  scope: 'account',
  needs: ['cloudtrail'],
  permissions: ['cloudtrail:DescribeTrails', 's3:GetBucketLogging'],
  rationale: 'Access logs of the log bucket show who read or deleted the audit trail itself: without them, tampering with the evidence leaves no trace.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 'cloudtrail', account, (ct) =>
      fromRead(ct.trails, account, (trails) => {
        const unread = unreadRegionFindings(s, ct);
        const byBucket = new Map<string, (typeof trails)[number]>();
        for (const t of trails) if (t.s3BucketName && !byBucket.has(t.s3BucketName)) byBucket.set(t.s3BucketName, t);
        if (byBucket.size === 0)
          return unread.length > 0 ? unread : [notApplicable(account, `Account ${s.accountId} has no CloudTrail trails delivering to S3.`)];
        return [
          ...unread,
          ...[...byBucket].map(([name, t]): Finding => {
            const arn = `arn:aws:s3:::${name}`;
            const users = trails
              .filter((x) => x.s3BucketName === name)
              .map((x) => x.name)
              .join(', ');
            if (!t.bucketLogging)
              return { status: CheckStatus.Error, resource: arn, message: `Could not check log bucket ${name}: its access logging was not read.` };
            if (!t.bucketLogging.ok)
              return errorWith(
                arn,
                `Could not read the access logging of log bucket ${name} (trail ${users}; a bucket of another account is judged where it lives)`,
                t.bucketLogging.error,
              );
            const logging = t.bucketLogging.value;
            if (!logging) return fail(arn, `CloudTrail log bucket ${name} (trail ${users}) has no server access logging.`);
            if (logging.targetBucket === name)
              return fail(
                arn,
                `CloudTrail log bucket ${name} (trail ${users}) logs its access into itself: whoever can delete the trail's logs can delete the record of it too.`,
              );
            return pass(
              arn,
              `CloudTrail log bucket ${name} (trail ${users}) logs its access to bucket ${logging.targetBucket}${logging.targetPrefix ? `/${logging.targetPrefix}` : ''}.`,
            );
          }),
        ];
      }),
    );
  },
});
