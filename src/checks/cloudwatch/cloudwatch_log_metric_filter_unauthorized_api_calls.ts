import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.1 / 4.1: a metric filter and an alarm for unauthorised API calls. */
export const cloudwatch_log_metric_filter_unauthorized_api_calls = defineMetricFilterCheck({
  id: 'cloudwatch_log_metric_filter_unauthorized_api_calls',
  title: 'An alarm fires on unauthorised API calls',
  what: 'unauthorised API calls',
  cis: '3.1 / 4.1',
  pattern:
    '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
  severity: 'medium',
  rationale:
    'Repeated access denials are how an intruder or a misused credential probing for personal data shows itself; an alarm turns them into a response within hours, not at the next audit.',
});
