import { accountResource, errorFinding, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** At least one multi-region trail is logging. */
export const cloudtrail_multi_region_logging = defineCheck({
  id: 'cloudtrail_multi_region_logging',
  title: 'A multi-region CloudTrail trail is logging',
  actionItem: 8,
  gdpr: ['Art. 30', 'Art. 32', 'Art. 33'],
  severity: 'high',
  scope: 'account',
  needs: ['cloudtrail'],
  permissions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus'],
  rationale: 'Without an account-wide trail there is no record of who did what, and a breach cannot be investigated or reported within 72 hours.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'cloudtrail', resource, (ct) =>
      fromRead(ct.trails, resource, (trails) => {
        const multi = trails.filter((t) => t.multiRegion);
        const logging = multi.find((t) => t.isLogging.ok && t.isLogging.value);
        if (logging) return [pass(resource, `Trail ${logging.name} logs every region of account ${s.accountId}.`)];
        const unknown = multi.find((t) => !t.isLogging.ok);
        if (unknown && !unknown.isLogging.ok) return [errorFinding(unknown.arn, unknown.isLogging.error)];
        return [
          fail(
            resource,
            multi.length > 0
              ? `Account ${s.accountId} has multi-region trail(s) (${multi.map((t) => t.name).join(', ')}) but none is logging.`
              : `Account ${s.accountId} has no multi-region CloudTrail trail.`,
          ),
        ];
      }),
    );
  },
});
