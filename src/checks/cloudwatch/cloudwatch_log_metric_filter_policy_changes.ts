import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.4 / 4.4: a metric filter and an alarm for IAM policy changes. */
export const cloudwatch_log_metric_filter_policy_changes = defineMetricFilterCheck({
  id: 'cloudwatch_log_metric_filter_policy_changes',
  title: 'An alarm fires on IAM policy changes',
  what: 'IAM policy changes',
  cis: '3.4 / 4.4',
  pattern:
    '{ ($.eventSource = iam.amazonaws.com) && (($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy)) }',
  severity: 'medium',
  rationale: 'A changed IAM policy can grant access to personal data to whoever changed it; an alarm lets the change be reviewed while it is fresh.',
});
