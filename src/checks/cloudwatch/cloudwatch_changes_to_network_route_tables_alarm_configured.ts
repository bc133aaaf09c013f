import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.13 / 4.13: a metric filter and an alarm for route table changes. */
export const cloudwatch_changes_to_network_route_tables_alarm_configured = defineMetricFilterCheck({
  id: 'cloudwatch_changes_to_network_route_tables_alarm_configured',
  title: 'An alarm fires on route table changes',
  what: 'route table changes',
  cis: '3.13 / 4.13',
  pattern:
    '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }',
  severity: 'low',
  rationale: 'A changed route can send traffic carrying personal data through a path nobody approved.',
});
