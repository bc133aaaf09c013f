import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** Macie's documented threshold: a bucket whose sensitivity score is 50 or more is "sensitive". */
export const MACIE_SENSITIVE_SCORE = 50;
const KMS = new Set(['aws:kms', 'aws:kms:dsse']);

/**
 * Every bucket of this account that Macie scores as sensitive (sensitivityScore >= 50) encrypts new
 * objects by default with SSE-KMS or DSSE-KMS, as Macie's inventory (DescribeBuckets) reports it. A bucket
 * Macie has not analysed yet (score -1 or none) that is not KMS-encrypted is an error, not a pass. Buckets
 * of other accounts in an administrator's inventory are left to their own account's scan.
 */
export const macie_sensitive_bucket_kms_encrypted = defineCheck({
  id: 'macie_sensitive_bucket_kms_encrypted',
  title: 'Buckets Macie finds sensitive use KMS encryption',
  demands:
    'Every bucket of the account with a Macie sensitivity score of 50 or more uses SSE-KMS or DSSE-KMS default encryption (not yet scored and not KMS: error; Macie off: error).',
  actionItem: 10,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['macie'],
  permissions: ['macie2:GetMacieSession', 'macie2:DescribeBuckets'],
  rationale: 'With a KMS key, reading the personal data takes a key permission that is logged and can be revoked, on top of S3 access.',
  evaluate(s) {
    const resource = regionResource(s);
    const where = `${s.region} (account ${s.accountId})`;
    return withData(s, 'macie', resource, (m) =>
      fromRead(m.session, resource, (status) => {
        if (status === null) {
          return [
            {
              status: CheckStatus.Error,
              resource,
              message: `Cannot tell which buckets in ${where} hold sensitive data: Macie is not enabled there. Enable Macie (with automated discovery) in ${s.region}.`,
            },
          ];
        }
        return fromRead(m.buckets, resource, (buckets) => {
          const own = (buckets ?? []).filter((b) => b.accountId === s.accountId);
          if (own.length === 0) return [notApplicable(resource, `Macie lists no S3 buckets of account ${s.accountId} in ${s.region}.`)];
          return own.map((b): Finding => {
            const arn = `arn:aws:s3:::${b.name}`;
            const score = b.sensitivityScore;
            const scored = score !== undefined && score >= 0;
            if (b.encryption === undefined) {
              return {
                status: CheckStatus.Error,
                resource: arn,
                message: `Could not check bucket ${b.name} in ${where}: Macie's DescribeBuckets gave no default encryption type for it.`,
              };
            }
            if (KMS.has(b.encryption))
              return pass(arn, `Bucket ${b.name} encrypts new objects with ${b.encryption}${scored ? ` (Macie sensitivity score ${score})` : ''}.`);
            if (!scored) {
              return {
                status: CheckStatus.Error,
                resource: arn,
                message: `Could not check bucket ${b.name} in ${where}: Macie has not classified it yet (no sensitivity score) and it does not use SSE-KMS (${b.encryption}).`,
              };
            }
            if (score >= MACIE_SENSITIVE_SCORE) {
              return fail(
                arn,
                `Bucket ${b.name} in ${where} has Macie sensitivity score ${score} (sensitive) but default encryption ${b.encryption}: set SSE-KMS (aws:kms) or DSSE-KMS with a customer managed key.`,
              );
            }
            return notApplicable(
              arn,
              `Bucket ${b.name} has Macie sensitivity score ${score} (below ${MACIE_SENSITIVE_SCORE}, not sensitive); its encryption ${b.encryption} is not judged here.`,
            );
          });
        });
      }),
    );
  },
});
