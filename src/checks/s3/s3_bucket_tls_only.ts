import { accountResource, errorFinding, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { tlsDenial } from '../resource-policy.js';
import { defineCheck } from '../types.js';

/**
 * Each bucket policy denies every request without TLS: a Deny for every principal on every S3 action,
 * on the bucket and its objects, whose only conditions hold for every plain-HTTP request.
 */
export const s3_bucket_tls_only = defineCheck({
  id: 's3_bucket_tls_only',
  title: 'S3 buckets refuse requests without TLS',
  demands:
    'Every bucket policy denies plain HTTP to every principal, for every S3 action, on the bucket and its objects (`aws:SecureTransport` false, case-insensitive, Bool or BoolIfExists), with no narrowing condition.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['s3'],
  perBucket: true,
  permissions: ['s3:ListAllMyBuckets', 's3:GetBucketPolicy'],
  rationale: 'Without a Deny on aws:SecureTransport=false, clients may read and write personal data over plain HTTP.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 's3', account, (s3) =>
      fromRead(s3.buckets, account, (buckets) => {
        if (buckets.length === 0) return [notApplicable(account, `Account ${s.accountId} has no S3 buckets.`)];
        return buckets.map((b) => {
          if (!b.policy.ok) return errorFinding(b.arn, b.policy.error);
          if (b.policy.value === null) return fail(b.arn, `Bucket ${b.name} has no bucket policy, so it does not refuse plain-HTTP requests.`);
          const denial = tlsDenial(b.policy.value, b.arn);
          if (denial.bucket && denial.objects) return pass(b.arn, `Bucket ${b.name} denies requests without TLS.`);
          const why = denial.notes.length > 0 ? `: ${denial.notes.join('; ')}` : '';
          return fail(
            b.arn,
            `Bucket ${b.name}'s policy does not deny every request without TLS (a Deny on aws:SecureTransport=false for every principal, s3:*, the bucket and its objects)${why}.`,
          );
        });
      }),
    );
  },
});
