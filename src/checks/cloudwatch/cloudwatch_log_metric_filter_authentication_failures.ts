import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.6 / 4.6: a metric filter and an alarm for console authentication failures. */
export const cloudwatch_log_metric_filter_authentication_failures = defineMetricFilterCheck({
  id: 'cloudwatch_log_metric_filter_authentication_failures',
  title: 'An alarm fires on console authentication failures',
  what: 'console authentication failures',
  cis: '3.6 / 4.6',
  pattern: '{ ($.eventSource = signin.amazonaws.com) && ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  severity: 'low',
  rationale: 'Repeated failed sign-ins are a brute-force attempt on an account that can reach personal data.',
});
