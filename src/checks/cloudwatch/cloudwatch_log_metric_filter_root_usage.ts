import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.3 / 4.3: a metric filter and an alarm for use of the root user. */
export const cloudwatch_log_metric_filter_root_usage = defineMetricFilterCheck({
  id: 'cloudwatch_log_metric_filter_root_usage',
  title: 'An alarm fires on use of the root user',
  what: 'use of the root user',
  cis: '3.3 / 4.3',
  pattern: '{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent") }',
  severity: 'high',
  rationale: 'The root user can do anything, including removing every other control; its use should be rare and always noticed.',
});
