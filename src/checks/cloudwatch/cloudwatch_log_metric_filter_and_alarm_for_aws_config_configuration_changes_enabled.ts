import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.9 / 4.9: a metric filter and an alarm for AWS Config configuration changes. */
export const cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled = defineMetricFilterCheck({
  id: 'cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled',
  title: 'An alarm fires on AWS Config configuration changes',
  what: 'AWS Config configuration changes',
  cis: '3.9 / 4.9',
  pattern:
    '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }',
  severity: 'medium',
  rationale: 'Stopping the Config recorder erases the inventory and history of the resources that process personal data from then on.',
});
