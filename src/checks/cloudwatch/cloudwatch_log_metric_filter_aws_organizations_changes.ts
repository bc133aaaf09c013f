import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 4.15: a metric filter and an alarm for AWS Organizations changes. */
export const cloudwatch_log_metric_filter_aws_organizations_changes = defineMetricFilterCheck({
  id: 'cloudwatch_log_metric_filter_aws_organizations_changes',
  title: 'An alarm fires on AWS Organizations changes',
  what: 'AWS Organizations changes',
  cis: '4.15',
  pattern:
    '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }',
  severity: 'medium',
  rationale:
    'Detaching a service control policy or moving an account lifts the guardrails (region limits among them) that keep personal data where it belongs.',
});
