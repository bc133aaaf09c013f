import type { MonitoringRegion } from '../../../src/aws/collectors/cloudwatch.js';
import type { Trail } from '../../../src/aws/collectors/cloudtrail.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, ALERTS_TOPIC, CIS_FILTERS, denied, FILTER_OF, ok } from '../fixtures.js';

const region = (s: Snapshot): MonitoringRegion => s.data.cloudwatch!.regions['eu-west-1']!;
const filters = (s: Snapshot) => {
  const r = region(s).metricFilters;
  if (!r.ok) throw new Error('fixture: filters not readable');
  return r.value;
};
const alarms = (s: Snapshot) => {
  const r = region(s).alarms;
  if (!r.ok) throw new Error('fixture: alarms not readable');
  return r.value;
};
const trail = (s: Snapshot): Trail => {
  const t = s.data.cloudtrail!.trails;
  if (!t.ok) throw new Error('fixture: trails not readable');
  return t.value[0]!;
};
const filter = (s: Snapshot, name: string) => filters(s).find((f) => f.name === name)!;
const alarm = (s: Snapshot, name: string) => alarms(s).find((a) => a.name === `${name}-alarm`)!;
const setPattern = (name: string, pattern: string) => (s: Snapshot) => void (filter(s, name).pattern = pattern);

const SYNTAX =
  'CloudWatch Logs filter pattern syntax for JSON log events: { SELECTOR OPERATOR VALUE }, && and ||, parentheses, quoted or unquoted values, * wildcards, NOT EXISTS; metric filters match case-sensitively';
const ALARMS =
  'CloudWatch DescribeAlarms MetricAlarms[]: Namespace, MetricName, Dimensions, ActionsEnabled, AlarmActions (SNS topic, Lambda function, Incident Manager response plan ARNs)';
const SNS = 'SNS ListSubscriptionsByTopic: SubscriptionArn is "PendingConfirmation" until the endpoint confirms; a pending subscription receives nothing';
const CHECKS = FILTER_OF;
if (Object.values(CHECKS).some((n) => !CIS_FILTERS.some((f) => f.name === n))) throw new Error('fixture: unknown CIS filter');

/** Adversarial fixtures of the CIS metric filter checks. */
export const CASES: AdversarialCase[] = [
  // Every check: the right filter and alarm, on a log group no trail delivers to.
  ...Object.entries(CHECKS).map(([check, name]): AdversarialCase => ({
    check,
    name: 'the CIS filter and its alarm exist, on a log group no trail delivers to',
    source:
      'CloudTrail delivers only to its CloudWatchLogsLogGroupArn; a metric filter matches events of the one log group it is on (DescribeMetricFilters logGroupName)',
    mutate: (s) => void (filter(s, name).logGroupName = '/aws/cloudtrail/old-trail'),
    expect: 'fail',
  })),
  {
    check: 'cloudwatch_log_metric_filter_unauthorized_api_calls',
    name: 'looks like CIS, is narrower: only *UnauthorizedOperation, the AccessDenied* term dropped',
    source: SYNTAX,
    mutate: setPattern('unauthorized-api-calls', '{ ($.errorCode = "*UnauthorizedOperation") }'),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_log_metric_filter_unauthorized_api_calls',
    name: 'looks different, is CIS v3.0: exclusions of delivery.logs and HeadBucket, no spaces, unparenthesised && and ||',
    source: `${SYNTAX}; CIS AWS Foundations v3.0.0 4.1`,
    mutate: setPattern(
      'unauthorized-api-calls',
      '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket")}',
    ),
    expect: 'pass',
  },
  {
    check: 'cloudwatch_log_metric_filter_unauthorized_api_calls',
    name: 'a wildcard that only looks wide: AccessDenied without the trailing * misses AccessDeniedException',
    source: `${SYNTAX}; CloudTrail errorCode values include AccessDenied and AccessDeniedException`,
    mutate: setPattern('unauthorized-api-calls', '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied") }'),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_log_metric_filter_sign_in_without_mfa',
    name: 'the CIS v1.2 pattern with terms reordered and values unquoted (wider than v1.4+): covers',
    source: `${SYNTAX}; CIS v1.2 3.2 { ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }`,
    mutate: setPattern('no-mfa-console-signin', '{ $.additionalEventData.MFAUsed != Yes && $.eventName = ConsoleLogin }'),
    expect: 'pass',
  },
  {
    check: 'cloudwatch_log_metric_filter_sign_in_without_mfa',
    name: 'MFAUsed = "No" instead of != "Yes": a sign-in event without the field is missed',
    source: `${SYNTAX}; CloudTrail ConsoleLogin additionalEventData.MFAUsed is "Yes" or "No"`,
    mutate: setPattern('no-mfa-console-signin', '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed = "No") }'),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_log_metric_filter_root_usage',
    name: 'looks loose, is wider than CIS: every Root event, service events included',
    source: SYNTAX,
    mutate: setPattern('root-usage', '{ $.userIdentity.type = Root }'),
    expect: 'pass',
  },
  {
    check: 'cloudwatch_log_metric_filter_root_usage',
    name: 'case matters: userIdentity.type = "root" matches no CloudTrail event',
    source: `${SYNTAX}; CloudTrail userIdentity.type is "Root" for the root user`,
    mutate: setPattern('root-usage', '{ $.userIdentity.type = "root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_log_metric_filter_policy_changes',
    name: 'the 16 event names in another order, quoted, behind an eventSource term: covers',
    source: SYNTAX,
    mutate: setPattern(
      'iam-policy-changes',
      '{ ($.eventSource = "iam.amazonaws.com") && (($.eventName = "DetachGroupPolicy") || ($.eventName = "AttachGroupPolicy") || ($.eventName = "DetachUserPolicy") || ($.eventName = "AttachUserPolicy") || ($.eventName = "DetachRolePolicy") || ($.eventName = "AttachRolePolicy") || ($.eventName = "DeletePolicyVersion") || ($.eventName = "CreatePolicyVersion") || ($.eventName = "DeletePolicy") || ($.eventName = "CreatePolicy") || ($.eventName = "PutUserPolicy") || ($.eventName = "PutRolePolicy") || ($.eventName = "PutGroupPolicy") || ($.eventName = "DeleteUserPolicy") || ($.eventName = "DeleteRolePolicy") || ($.eventName = "DeleteGroupPolicy")) }',
    ),
    expect: 'pass',
  },
  {
    check: 'cloudwatch_log_metric_filter_policy_changes',
    name: 'a wildcard that covers: ($.eventName = *Policy*) in place of the list',
    source: SYNTAX,
    mutate: setPattern('iam-policy-changes', '{ $.eventName = "*Policy*" }'),
    expect: 'pass',
  },
  {
    check: 'cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled',
    name: 'the filter is on the log group of a single-region trail',
    source: 'CloudTrail DescribeTrails IsMultiRegionTrail: a single-region trail records only its own region',
    mutate: (s) => void (trail(s).multiRegion = false),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled',
    name: 'the trail delivering to the log group has stopped logging (StopLogging)',
    source: 'CloudTrail GetTrailStatus IsLogging false after StopLogging: nothing reaches the log group',
    mutate: (s) => void (trail(s).status = ok({ isLogging: false })),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled',
    name: 'the trail status could not be read',
    source: 'CloudTrail GetTrailStatus denied',
    mutate: (s) => void (trail(s).status = denied('cloudtrail:GetTrailStatus')),
    expect: 'error',
  },
  {
    check: 'cloudwatch_log_metric_filter_authentication_failures',
    name: 'CloudWatch Logs delivery of the trail is failing',
    source: 'CloudTrail GetTrailStatus LatestCloudWatchLogsDeliveryError (e.g. the role can no longer write to the log group)',
    mutate: (s) => void (trail(s).status = ok({ isLogging: true, latestCloudWatchLogsDeliveryError: 'AccessDenied' })),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk',
    name: 'the alarm exists but its actions are disabled',
    source: ALARMS,
    mutate: (s) => void (alarm(s, 'kms-key-disable-delete').actionsEnabled = false),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_log_metric_filter_for_s3_bucket_policy_changes',
    name: 'the alarm notifies a topic whose only subscription was never confirmed',
    source: SNS,
    mutate: (s) => void (s.data.cloudwatch!.topics[ALERTS_TOPIC] = ok({ confirmed: [], pending: 1 })),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled',
    name: 'the alarm notifies a topic that was deleted',
    source: `${SNS}; NotFound for a deleted topic`,
    mutate: (s) => void (s.data.cloudwatch!.topics[ALERTS_TOPIC] = ok(null)),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_log_metric_filter_security_group_changes',
    name: 'an alarm on a metric of the same name in another namespace',
    source: `${ALARMS}; a metric is identified by namespace, name and dimensions`,
    mutate: (s) => void (alarm(s, 'security-group-changes').metrics = [{ namespace: 'LogMetrics', name: 'SecurityGroupChanges', dimensions: [] }]),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_changes_to_network_acls_alarm_configured',
    name: 'the trail delivers to a log group in a region that is not scanned',
    source: 'CloudTrail CloudWatchLogsLogGroupArn names the log group region; metric filters are regional',
    mutate: (s) => void (trail(s).cloudWatchLogsLogGroupArn = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:trail:*`),
    expect: 'error',
  },
  {
    check: 'cloudwatch_changes_to_network_gateways_alarm_configured',
    name: 'looks unnotified, is not: the alarm invokes a Lambda function (no SNS topic)',
    source: `${ALARMS}; Lambda functions are valid alarm actions`,
    mutate: (s) => void (alarm(s, 'network-gateway-changes').alarmActions = [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:page-on-call`]),
    expect: 'pass',
  },
  {
    check: 'cloudwatch_changes_to_network_gateways_alarm_configured',
    name: 'the alarm only stops an EC2 instance: nobody is told',
    source: `${ALARMS}; arn:aws:automate:<region>:ec2:stop`,
    mutate: (s) => void (alarm(s, 'network-gateway-changes').alarmActions = ['arn:aws:automate:eu-west-1:ec2:stop']),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_changes_to_network_route_tables_alarm_configured',
    name: 'a term pattern naming the events as plain text: not a JSON match on eventName',
    source: 'CloudWatch Logs filter pattern syntax: a pattern without braces matches terms anywhere in the event text',
    mutate: setPattern('route-table-changes', 'CreateRoute ReplaceRoute DeleteRoute'),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_changes_to_network_route_tables_alarm_configured',
    name: 'the metric filters of the region could not be read',
    source: 'CloudWatch Logs DescribeMetricFilters denied',
    mutate: (s) => void (region(s).metricFilters = denied('logs:DescribeMetricFilters')),
    expect: 'error',
  },
  {
    check: 'cloudwatch_changes_to_vpcs_alarm_configured',
    name: 'the filter publishes its metric with a dimension, the alarm watches it without',
    source: `${ALARMS}; metric filter metricTransformations[].dimensions: each dimension set is a separate metric`,
    mutate: (s) => void (filter(s, 'vpc-changes').metrics = [{ namespace: 'CISBenchmark', name: 'VPCChanges', dimensions: ['EventName'] }]),
    expect: 'fail',
  },
  {
    check: 'cloudwatch_log_metric_filter_aws_organizations_changes',
    name: 'the organisation trail delivers to a log group of the management account',
    source: 'CloudTrail organisation trails: members see the trail, its log group lives in the management account',
    mutate: (s) => {
      trail(s).ownerAccountId = '999988887777';
      trail(s).cloudWatchLogsLogGroupArn = 'arn:aws:logs:eu-west-1:999988887777:log-group:aws-controltower/CloudTrailLogs:*';
    },
    expect: 'error',
  },
  {
    check: 'cloudwatch_log_metric_filter_aws_organizations_changes',
    name: 'the alarm topic subscriptions could not be read (topic in another account)',
    source: `${SNS}; AuthorizationError for a topic the scanner may not read`,
    mutate: (s) => void (s.data.cloudwatch!.topics[ALERTS_TOPIC] = denied('sns:ListSubscriptionsByTopic')),
    expect: 'error',
  },
];
