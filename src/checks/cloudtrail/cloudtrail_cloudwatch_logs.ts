import { CLOUDWATCH_DELIVERY_MAX_AGE_MS, errorWith, everyTrail } from '../cloudtrail-trails.js';
import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every trail delivers to CloudWatch Logs (for alerting and a SIEM), and did so in the last 24 hours without error. */
export const cloudtrail_cloudwatch_logs = defineCheck({
  id: 'cloudtrail_cloudwatch_logs',
  title: 'CloudTrail delivers to CloudWatch Logs',
  demands: 'Every trail delivers to a CloudWatch Logs group: no delivery error and a delivery within the last 24 hours.',
  actionItem: 8,
  gdpr: ['Art. 33'],
  severity: 'low',
  scope: 'account',
  needs: ['cloudtrail'],
  permissions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus'],
  rationale: 'Delivery to CloudWatch Logs lets metric filters, alarms and a SIEM react to suspicious activity while it happens.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'cloudtrail', resource, (ct) =>
      fromRead(ct.trails, resource, (trails) =>
        everyTrail(s, ct, trails, resource, (t) => {
          if (!t.cloudWatchLogsLogGroupArn) return fail(t.arn, `Trail ${t.name} does not deliver to CloudWatch Logs.`);
          if (!t.status.ok) return errorWith(t.arn, `Could not check the CloudWatch Logs delivery of trail ${t.name}`, t.status.error);
          const { latestCloudWatchLogsDeliveryError: error, latestCloudWatchLogsDeliveryTime: last } = t.status.value;
          if (error) return fail(t.arn, `Trail ${t.name} fails to deliver to CloudWatch Logs (LatestCloudWatchLogsDeliveryError ${error}).`);
          if (!last) return fail(t.arn, `Trail ${t.name} has a log group but has never delivered to CloudWatch Logs.`);
          const age = Date.parse(s.collectedAt) - Date.parse(last);
          if (age > CLOUDWATCH_DELIVERY_MAX_AGE_MS)
            return fail(t.arn, `Trail ${t.name} has not delivered to CloudWatch Logs since ${last} (over 24 hours before the scan).`);
          return pass(t.arn, `Trail ${t.name} delivers to CloudWatch Logs (last delivery ${last}).`);
        }),
      ),
    );
  },
});
