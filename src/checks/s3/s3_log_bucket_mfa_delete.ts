import { accountResource, errorFinding, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { unreadRegionFindings } from '../cloudtrail-trails.js';
import { defineCheck, type Finding } from '../types.js';

/** Buckets that receive CloudTrail logs have versioning with MFA Delete. */
export const s3_log_bucket_mfa_delete = defineCheck({
  id: 's3_log_bucket_mfa_delete',
  title: 'Log buckets have MFA Delete',
  demands: 'Every CloudTrail log bucket has versioning Enabled with MFA Delete (suspended versioning fails).',
  actionItem: 3,
  gdpr: ['Art. 30', 'Art. 32', 'Art. 33'],
  severity: 'medium',
  scope: 'account',
  needs: ['s3', 'cloudtrail'],
  permissions: ['s3:GetBucketVersioning', 'cloudtrail:DescribeTrails'],
  rationale: 'MFA Delete stops someone with stolen keys from erasing the audit trail of what they did.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 'cloudtrail', account, (ct) =>
      fromRead(ct.trails, account, (trails) =>
        withData(s, 's3', account, (s3) =>
          fromRead(s3.buckets, account, (buckets) => {
            const names = [...new Set(trails.map((t) => t.s3BucketName).filter((n): n is string => Boolean(n)))];
            // A region whose trails could not be listed may hold a trail with a log bucket of its own.
            const unread = unreadRegionFindings(s, ct);
            if (names.length === 0) return unread.length > 0 ? unread : [notApplicable(account, `Account ${s.accountId} has no CloudTrail log buckets.`)];
            return [
              ...unread,
              ...names.map((name): Finding => {
                const bucket = buckets.find((b) => b.name === name);
                const arn = `arn:aws:s3:::${name}`;
                if (!bucket) return notApplicable(arn, `Log bucket ${name} is in another account; scan that account to check MFA Delete.`);
                if (!bucket.versioning.ok) return errorFinding(arn, bucket.versioning.error);
                const { status, mfaDelete } = bucket.versioning.value;
                // With versioning suspended, a new write replaces the object's null version outright, so a
                // log file can be overwritten without MFA whatever MFADelete still says.
                if (mfaDelete && status !== 'Enabled')
                  return fail(
                    arn,
                    `Log bucket ${name} has MFA Delete set but versioning is ${status ?? 'not enabled'}, so log files can be overwritten without MFA.`,
                  );
                return mfaDelete
                  ? pass(arn, `Log bucket ${name} has versioning with MFA Delete enabled.`)
                  : fail(arn, `Log bucket ${name} does not have MFA Delete enabled (versioning: ${status ?? 'never enabled'}).`);
              }),
            ];
          }),
        ),
      ),
    );
  },
});
