import { accountResource, errorFinding, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Each bucket has a default encryption configuration. */
export const s3_bucket_default_encryption = defineCheck({
  id: 's3_bucket_default_encryption',
  title: 'S3 buckets have default encryption',
  demands: 'Every bucket has default encryption configured.',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['s3'],
  perBucket: true,
  permissions: ['s3:ListAllMyBuckets', 's3:GetEncryptionConfiguration'],
  rationale: 'Encryption at rest is named by Art. 32 as an appropriate measure; a default configuration covers every new object.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 's3', account, (s3) =>
      fromRead(s3.buckets, account, (buckets) => {
        if (buckets.length === 0) return [notApplicable(account, `Account ${s.accountId} has no S3 buckets.`)];
        return buckets.map((b) => {
          if (!b.encryption.ok) return errorFinding(b.arn, b.encryption.error);
          return b.encryption.value
            ? pass(b.arn, `Bucket ${b.name} encrypts new objects by default (${b.encryption.value}).`)
            : fail(b.arn, `Bucket ${b.name} has no default encryption configuration.`);
        });
      }),
    );
  },
});
