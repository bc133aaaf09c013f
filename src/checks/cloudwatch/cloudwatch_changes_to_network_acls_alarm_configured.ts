import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.11 / 4.11: a metric filter and an alarm for network ACL changes. */
export const cloudwatch_changes_to_network_acls_alarm_configured = defineMetricFilterCheck({
  id: 'cloudwatch_changes_to_network_acls_alarm_configured',
  title: 'An alarm fires on network ACL changes',
  what: 'network ACL changes',
  cis: '3.11 / 4.11',
  pattern:
    '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation)) }',
  severity: 'low',
  rationale: 'Network ACLs are the subnet-level boundary around systems that process personal data; a change to them should be seen.',
});
