import { accountResource, errorFinding, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { bucketExposure } from '../s3-exposure.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * Each bucket is not public and has Block Public Access fully in force, judged on the effective settings
 * (per flag, the most restrictive of bucket and account), its ACL grants and its policy status.
 */
export const s3_bucket_public_access_blocked = defineCheck({
  id: 's3_bucket_public_access_blocked',
  title: 'S3 buckets are not public',
  demands:
    'Every bucket is not public (ACL grants unless IgnorePublicAcls, public policy unless RestrictPublicBuckets) and has all four Block Public Access settings in force, judged as AWS does: per setting, bucket or account.',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'critical',
  scope: 'account',
  needs: ['s3'],
  perBucket: true,
  permissions: ['s3:ListAllMyBuckets', 's3:GetBucketPublicAccessBlock', 's3:GetBucketPolicyStatus', 's3:GetBucketAcl', 's3:GetAccountPublicAccessBlock'],
  rationale: 'A public bucket is the most common way personal data leaks from AWS.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 's3', account, (s3) =>
      fromRead(s3.buckets, account, (buckets) => {
        if (buckets.length === 0) return [notApplicable(account, `Account ${s.accountId} has no S3 buckets.`)];
        return buckets.map((b): Finding => {
          const exposure = bucketExposure(b, s3.accountPublicAccessBlock);
          if (!exposure.ok) return errorFinding(b.arn, exposure.error);
          const { publicBecause, off } = exposure.value;
          if (publicBecause.length > 0) return fail(b.arn, `Bucket ${b.name} is public: ${publicBecause.join('; ')}.`);
          return off.length === 0
            ? pass(b.arn, `Bucket ${b.name} is not public and all four Block Public Access settings are in force (bucket or account).`)
            : fail(b.arn, `Bucket ${b.name} is not public today, but Block Public Access is off for it at both bucket and account level: ${off.join(', ')}.`);
        });
      }),
    );
  },
});
