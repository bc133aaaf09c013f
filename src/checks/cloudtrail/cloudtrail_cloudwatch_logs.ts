import { accountResource, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every trail also delivers to CloudWatch Logs (for alerting and a SIEM). */
export const cloudtrail_cloudwatch_logs = defineCheck({
  id: 'cloudtrail_cloudwatch_logs',
  title: 'CloudTrail delivers to CloudWatch Logs',
  actionItem: 8,
  gdpr: ['Art. 33'],
  severity: 'low',
  scope: 'account',
  needs: ['cloudtrail'],
  permissions: ['cloudtrail:DescribeTrails'],
  rationale: 'Delivery to CloudWatch Logs lets metric filters, alarms and a SIEM react to suspicious activity while it happens.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'cloudtrail', resource, (ct) =>
      fromRead(ct.trails, resource, (trails) => {
        if (trails.length === 0) return [notApplicable(resource, `Account ${s.accountId} has no CloudTrail trails.`)];
        return trails.map((t) =>
          t.cloudWatchLogsLogGroupArn ? pass(t.arn, `Trail ${t.name} delivers to CloudWatch Logs.`) : fail(t.arn, `Trail ${t.name} does not deliver to CloudWatch Logs.`),
        );
      }),
    );
  },
});
