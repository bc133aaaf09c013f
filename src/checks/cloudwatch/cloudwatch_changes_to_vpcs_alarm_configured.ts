import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.14 / 4.14: a metric filter and an alarm for VPC changes. */
export const cloudwatch_changes_to_vpcs_alarm_configured = defineMetricFilterCheck({
  id: 'cloudwatch_changes_to_vpcs_alarm_configured',
  title: 'An alarm fires on VPC changes',
  what: 'VPC changes',
  cis: '3.14 / 4.14',
  pattern:
    '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink)) }',
  severity: 'low',
  rationale: "A new VPC peering connection joins a network holding personal data to another one, possibly another account's.",
});
