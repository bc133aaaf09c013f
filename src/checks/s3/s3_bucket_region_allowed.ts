import { accountResource, errorFinding, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck, CheckStatus } from '../types.js';

/** Every bucket lives in a region listed in `scan.allowedRegions`; a bucket whose region is unknown is an error. */
export const s3_bucket_region_allowed = defineCheck({
  id: 's3_bucket_region_allowed',
  title: 'S3 buckets are in allowed regions',
  demands: 'Every bucket (all regions, from ListBuckets / GetBucketLocation) is in a region listed in `scan.allowedRegions` (no list: error asking for one).',
  actionItem: 5,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['s3'],
  perBucket: true,
  permissions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation'],
  rationale:
    'Where personal data is stored decides which law and which transfers apply; a bucket outside the approved regions is data outside the agreed boundary.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 's3', account, (s3) =>
      fromRead(s3.buckets, account, (buckets) => {
        if (buckets.length === 0) return [notApplicable(account, `Account ${s.accountId} has no S3 buckets.`)];
        const allowed = s.settings.allowedRegions ?? [];
        if (allowed.length === 0) {
          return [
            {
              status: CheckStatus.Error,
              resource: account,
              message: `Cannot judge where the buckets of account ${s.accountId} live: no scan.allowedRegions is configured. Set scan.allowedRegions to the regions personal data may be stored in.`,
            },
          ];
        }
        return buckets.map((b) => {
          if (!b.region.ok) return errorFinding(b.arn, b.region.error);
          return allowed.includes(b.region.value)
            ? pass(b.arn, `Bucket ${b.name} is in ${b.region.value}, an allowed region.`)
            : fail(
                b.arn,
                `Bucket ${b.name} is in ${b.region.value}, which is not in scan.allowedRegions (${allowed.join(', ')}): move its data to an allowed region or add the region to the list.`,
              );
        });
      }),
    );
  },
});
