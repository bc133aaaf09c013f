import { describeCallError } from '../../aws/collectors/context.js';
import { judgeMultiRegionTrail, type TrailVerdict } from '../cloudtrail-trails.js';
import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { CheckStatus, defineCheck } from '../types.js';

/**
 * At least one multi-region trail is logging management events (read and write) and delivering them:
 * no S3 delivery error, and a KMS key (if it has one) that is enabled.
 */
export const cloudtrail_multi_region_logging = defineCheck({
  id: 'cloudtrail_multi_region_logging',
  title: 'A multi-region CloudTrail trail is logging',
  demands:
    'At least one multi-region trail (an organisation trail counts) that is logging, records management events both read and write (classic or advanced selectors), has no delivery error and an Enabled KMS key, if any.',
  actionItem: 8,
  gdpr: ['Art. 30', 'Art. 32', 'Art. 33'],
  severity: 'high',
  scope: 'account',
  needs: ['cloudtrail'],
  permissions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors', 'kms:DescribeKey'],
  rationale: 'Without an account-wide trail there is no record of who did what, and a breach cannot be investigated or reported within 72 hours.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'cloudtrail', resource, (ct) =>
      fromRead(ct.trails, resource, (trails) => {
        const multi = trails.filter((t) => t.multiRegion);
        const judged = multi.map((t) => ({ t, v: judgeMultiRegionTrail(t) }));
        const passing = judged.find((j): j is { t: (typeof multi)[number]; v: Extract<TrailVerdict, { kind: 'pass' }> } => j.v.kind === 'pass');
        if (passing) {
          const { t, v } = passing;
          const whose = t.ownerAccountId !== s.accountId ? ` (organisation trail of account ${t.ownerAccountId})` : '';
          return [
            pass(
              resource,
              `Trail ${t.name}${whose} logs read and write management events of every region of account ${s.accountId} and delivers them${v.note}.`,
            ),
          ];
        }
        const failures = judged.flatMap((j) => (j.v.kind === 'fail' ? j.v.reasons : []));
        const unknown = [
          ...judged.flatMap((j) => (j.v.kind === 'error' ? j.v.errors : [])),
          ...ct.unreadRegions.map((u) => `the trails of ${u.region}: ${describeCallError(u.error)} (${u.error.message})`),
        ];
        if (unknown.length > 0) {
          const known = failures.length > 0 ? ` Known failures: ${failures.join('; ')}.` : '';
          return [
            {
              status: CheckStatus.Error,
              resource,
              message: `Could not confirm that a multi-region trail logs account ${s.accountId}; could not read ${unknown.join('; ')}.${known}`,
            },
          ];
        }
        return [
          fail(
            resource,
            multi.length > 0
              ? `Account ${s.accountId} has no multi-region trail that logs and delivers all management events: ${failures.join('; ')}.`
              : `Account ${s.accountId} has no multi-region CloudTrail trail.`,
          ),
        ];
      }),
    );
  },
});
