import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.5 / 4.5: a metric filter and an alarm for CloudTrail configuration changes. */
export const cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled = defineMetricFilterCheck({
  id: 'cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled',
  title: 'An alarm fires on CloudTrail configuration changes',
  what: 'CloudTrail configuration changes',
  cis: '3.5 / 4.5',
  pattern:
    '{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging)) }',
  severity: 'high',
  rationale: 'Stopping or changing a trail is what an intruder does first to hide; without an alarm the gap in the record is found only when it is needed.',
});
