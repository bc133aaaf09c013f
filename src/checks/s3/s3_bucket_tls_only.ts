import { accountResource, deniesInsecureTransport, errorFinding, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Each bucket policy denies requests that do not use TLS. */
export const s3_bucket_tls_only = defineCheck({
  id: 's3_bucket_tls_only',
  title: 'S3 buckets refuse requests without TLS',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['s3'],
  permissions: ['s3:ListAllMyBuckets', 's3:GetBucketPolicy'],
  remediation: 's3-bucket-tls-only',
  rationale: 'Without a Deny on aws:SecureTransport=false, clients may read and write personal data over plain HTTP.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 's3', account, (s3) =>
      fromRead(s3.buckets, account, (buckets) => {
        if (buckets.length === 0) return [notApplicable(account, `Account ${s.accountId} has no S3 buckets.`)];
        return buckets.map((b) => {
          if (!b.policy.ok) return errorFinding(b.arn, b.policy.error);
          if (b.policy.value === null) return fail(b.arn, `Bucket ${b.name} has no bucket policy, so it does not refuse plain-HTTP requests.`);
          return deniesInsecureTransport(b.policy.value)
            ? pass(b.arn, `Bucket ${b.name} denies requests without TLS.`)
            : fail(b.arn, `Bucket ${b.name}'s policy does not deny requests without TLS (aws:SecureTransport).`);
        });
      }),
    );
  },
});
