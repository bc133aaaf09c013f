import { accountResource, errorFinding, fail, fromRead, notApplicable, pass, PUBLIC_GRANTEES, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** The S3 buckets that receive CloudTrail logs are not public. */
export const cloudtrail_bucket_not_public = defineCheck({
  id: 'cloudtrail_bucket_not_public',
  title: 'CloudTrail log buckets are not public',
  actionItem: 8,
  gdpr: ['Art. 30', 'Art. 32'],
  severity: 'critical',
  scope: 'account',
  needs: ['cloudtrail', 's3'],
  permissions: ['cloudtrail:DescribeTrails', 's3:GetBucketPolicyStatus', 's3:GetBucketAcl'],
  remediation: 's3-bucket-block-public-access',
  rationale: 'A public log bucket exposes a map of the whole account and the personal data in the logs themselves.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 'cloudtrail', account, (ct) =>
      fromRead(ct.trails, account, (trails) =>
        withData(s, 's3', account, (s3) =>
          fromRead(s3.buckets, account, (buckets) => {
            const names = [...new Set(trails.map((t) => t.s3BucketName).filter((n): n is string => Boolean(n)))];
            if (names.length === 0) return [notApplicable(account, `Account ${s.accountId} has no CloudTrail trails delivering to S3.`)];
            return names.map((name): Finding => {
              const arn = `arn:aws:s3:::${name}`;
              const b = buckets.find((x) => x.name === name);
              if (!b) return notApplicable(arn, `Log bucket ${name} is in another account (a log archive); scan that account to check it.`);
              if (!b.policyPublic.ok) return errorFinding(arn, b.policyPublic.error);
              if (!b.aclGrantees.ok) return errorFinding(arn, b.aclGrantees.error);
              const publicAcl = b.aclGrantees.value.some((g) => PUBLIC_GRANTEES.includes(g));
              return b.policyPublic.value === true || publicAcl
                ? fail(arn, `CloudTrail log bucket ${name} is public (${b.policyPublic.value === true ? 'bucket policy' : 'ACL'}).`)
                : pass(arn, `CloudTrail log bucket ${name} is not public.`);
            });
          }),
        ),
      ),
    );
  },
});
