import { accountResource, errorFinding, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { unreadRegionFindings } from '../cloudtrail-trails.js';
import { bucketExposure } from '../s3-exposure.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/**
 * The S3 buckets that receive CloudTrail logs are not public and have Block Public Access fully in force
 * (the effective bucket and account settings, the same judgement as `s3_bucket_public_access_blocked`).
 */
export const cloudtrail_bucket_not_public = defineCheck({
  id: 'cloudtrail_bucket_not_public',
  title: 'CloudTrail log buckets are not public',
  demands:
    "Each trail's S3 bucket is not public (ACL, policy status) and has all four Block Public Access settings in force, bucket or account; a bucket in another account, or a region whose trails could not be listed, is `error`.",
  actionItem: 8,
  gdpr: ['Art. 30', 'Art. 32'],
  severity: 'critical',
  scope: 'account',
  needs: ['cloudtrail', 's3'],
  permissions: [
    'cloudtrail:DescribeTrails',
    's3:ListAllMyBuckets',
    's3:GetBucketPublicAccessBlock',
    's3:GetAccountPublicAccessBlock',
    's3:GetBucketPolicyStatus',
    's3:GetBucketAcl',
  ],
  rationale: 'A public log bucket exposes a map of the whole account and the personal data in the logs themselves.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 'cloudtrail', account, (ct) =>
      fromRead(ct.trails, account, (trails) =>
        withData(s, 's3', account, (s3) =>
          fromRead(s3.buckets, account, (buckets) => {
            const names = [...new Set(trails.map((t) => t.s3BucketName).filter((n): n is string => Boolean(n)))];
            // A region whose trails could not be listed may hold a trail with a log bucket of its own.
            const unread = unreadRegionFindings(s, ct);
            if (names.length === 0)
              return unread.length > 0 ? unread : [notApplicable(account, `Account ${s.accountId} has no CloudTrail trails delivering to S3.`)];
            return [
              ...unread,
              ...names.map((name): Finding => {
                const arn = `arn:aws:s3:::${name}`;
                const b = buckets.find((x) => x.name === name);
                if (!b) {
                  // Another account's log archive: its settings cannot be read from here, so no verdict.
                  return {
                    status: CheckStatus.Error,
                    resource: arn,
                    message: `Could not check log bucket ${name}: it is not one of account ${s.accountId}'s buckets (another account's log archive), so its exposure cannot be judged from here; scan the account that owns it.`,
                  };
                }
                const exposure = bucketExposure(b, s3.accountPublicAccessBlock);
                if (!exposure.ok) return errorFinding(arn, exposure.error);
                const { publicBecause, off } = exposure.value;
                if (publicBecause.length > 0) return fail(arn, `CloudTrail log bucket ${name} is public: ${publicBecause.join('; ')}.`);
                return off.length === 0
                  ? pass(arn, `CloudTrail log bucket ${name} is not public and all four Block Public Access settings are in force (bucket or account).`)
                  : fail(
                      arn,
                      `CloudTrail log bucket ${name} is not public today, but Block Public Access is off for it at both bucket and account level: ${off.join(', ')}.`,
                    );
              }),
            ];
          }),
        ),
      ),
    );
  },
});
