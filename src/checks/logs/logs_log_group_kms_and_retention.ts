import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * Every log group is encrypted with a KMS key of the account (CloudWatch Logs always encrypts, but
 * with keys of its own unless a KMS key is associated) and has a retention period: a group whose
 * `retentionInDays` is absent keeps its events, and the personal data in them, for ever.
 */
export const logs_log_group_kms_and_retention = defineCheck({
  id: 'logs_log_group_kms_and_retention',
  title: 'CloudWatch log groups use a KMS key and expire their events',
  demands: 'Every CloudWatch Logs log group is encrypted with a KMS key (kmsKeyId) and has a retention period set (not "never expire").',
  actionItem: 12,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['logs'],
  permissions: ['logs:DescribeLogGroups'],
  rationale:
    'Logs routinely hold personal data (IP addresses, user ids, request bodies): a KMS key puts their reading under key policy and audit, and a retention period keeps them no longer than needed (storage limitation, by default).',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'logs', resource, (logs) =>
      fromRead(logs.logGroups, resource, (groups) => {
        if (groups.length === 0) return [notApplicable(resource, `No CloudWatch log groups in ${s.region} (account ${s.accountId}).`)];
        return groups.map((g): Finding => {
          const problems = [
            ...(g.kmsKeyId ? [] : ['is not encrypted with a KMS key']),
            ...(g.retentionInDays === undefined || g.retentionInDays <= 0 ? ['never expires its events (no retention set)'] : []),
          ];
          if (problems.length > 0) return fail(g.arn, `Log group ${g.name} in ${s.region} ${problems.join(' and ')}.`);
          return pass(g.arn, `Log group ${g.name} is encrypted with ${g.kmsKeyId} and keeps events for ${g.retentionInDays} days.`);
        });
      }),
    );
  },
});
