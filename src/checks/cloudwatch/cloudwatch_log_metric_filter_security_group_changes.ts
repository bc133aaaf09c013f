import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.10 / 4.10: a metric filter and an alarm for security group changes. */
export const cloudwatch_log_metric_filter_security_group_changes = defineMetricFilterCheck({
  id: 'cloudwatch_log_metric_filter_security_group_changes',
  title: 'An alarm fires on security group changes',
  what: 'security group changes',
  cis: '3.10 / 4.10',
  pattern:
    '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup)) }',
  severity: 'medium',
  rationale: 'An opened security group exposes the databases and servers that hold personal data to the network.',
});
