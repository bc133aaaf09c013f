import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.7 / 4.7: a metric filter and an alarm for customer managed KMS keys being disabled or scheduled for deletion. */
export const cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk = defineMetricFilterCheck({
  id: 'cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk',
  title: 'An alarm fires when a KMS key is disabled or scheduled for deletion',
  what: 'customer managed KMS keys being disabled or scheduled for deletion',
  cis: '3.7 / 4.7',
  pattern: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
  severity: 'medium',
  rationale:
    'Data encrypted with a deleted key is lost for good; a disabled key makes it unavailable. Both must be noticed within the 7-to-30-day waiting period.',
});
