import { accountResource, errorFinding, fail, fromRead, notApplicable, pass, PUBLIC_GRANTEES, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** Each bucket is not public: Block Public Access on (bucket or account), no public policy, no ACL grant to everyone. */
export const s3_bucket_public_access_blocked = defineCheck({
  id: 's3_bucket_public_access_blocked',
  title: 'S3 buckets are not public',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'critical',
  scope: 'account',
  needs: ['s3'],
  permissions: ['s3:ListAllMyBuckets', 's3:GetBucketPublicAccessBlock', 's3:GetBucketPolicyStatus', 's3:GetBucketAcl', 's3:GetAccountPublicAccessBlock'],
  remediation: 's3-bucket-block-public-access',
  rationale: 'A public bucket is the most common way personal data leaks from AWS.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 's3', account, (s3) =>
      fromRead(s3.buckets, account, (buckets) => {
        if (buckets.length === 0) return [notApplicable(account, `Account ${s.accountId} has no S3 buckets.`)];
        const accountPab = s3.accountPublicAccessBlock.ok ? s3.accountPublicAccessBlock.value : null;
        return buckets.map((b): Finding => {
          for (const read of [b.publicAccessBlock, b.policyPublic, b.aclGrantees]) {
            if (!read.ok) return errorFinding(b.arn, read.error);
          }
          const pab = b.publicAccessBlock.ok ? b.publicAccessBlock.value : null;
          const blocksPolicy = pab?.restrictPublicBuckets || accountPab?.restrictPublicBuckets;
          const blocksAcl = pab?.ignorePublicAcls || accountPab?.ignorePublicAcls;
          const problems: string[] = [];
          if (b.policyPublic.ok && b.policyPublic.value === true && !blocksPolicy) problems.push('its bucket policy makes it public');
          const publicGrants = b.aclGrantees.ok ? b.aclGrantees.value.filter((g) => PUBLIC_GRANTEES.includes(g)) : [];
          if (publicGrants.length > 0 && !blocksAcl) problems.push(`its ACL grants access to ${publicGrants.map((g) => g.split('/').pop()).join(' and ')}`);
          if (problems.length > 0) return fail(b.arn, `Bucket ${b.name} is public: ${problems.join('; ')}.`);
          const fullyBlocked = (pab && Object.values(pab).every(Boolean)) || (accountPab && Object.values(accountPab).every(Boolean));
          return fullyBlocked
            ? pass(b.arn, `Bucket ${b.name} is not public and Block Public Access is on.`)
            : fail(b.arn, `Bucket ${b.name} is not public today, but Block Public Access is off for it (bucket and account).`);
        });
      }),
    );
  },
});
