import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.12 / 4.12: a metric filter and an alarm for network gateway changes. */
export const cloudwatch_changes_to_network_gateways_alarm_configured = defineMetricFilterCheck({
  id: 'cloudwatch_changes_to_network_gateways_alarm_configured',
  title: 'An alarm fires on network gateway changes',
  what: 'network gateway changes',
  cis: '3.12 / 4.12',
  pattern:
    '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway)) }',
  severity: 'low',
  rationale: 'A new internet or customer gateway opens a path for personal data to leave the network.',
});
