import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { page, type SyntheticService } from './service.js';

/** Where the synthetic trail delivers (see the CloudTrail answers in `synthetic-aws.ts`). */
const TRAIL_REGION = 'eu-west-1';
const TRAIL_GROUP = 'trail';

const anyOf = (names: string[]) => names.map((n) => `($.eventName = ${n})`).join(' || ');

/** The CIS metric filters of the synthetic account, as CIS v1.2–v1.4 spell them: [filter name, metric name, pattern]. */
const CIS: readonly [string, string, string][] = [
  ['unauthorized-api-calls', 'UnauthorizedAPICalls', '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }'],
  ['no-mfa-console-signin', 'ConsoleSigninWithoutMFA', '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'],
  ['root-usage', 'RootAccountUsage', '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'],
  [
    'iam-policy-changes',
    'IAMPolicyChanges',
    `{ ${anyOf(['DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy'])} }`,
  ],
  ['cloudtrail-changes', 'CloudTrailChanges', `{ ${anyOf(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'])} }`],
  ['console-auth-failures', 'ConsoleLoginFailures', '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'],
  [
    'kms-key-disable-delete',
    'DisableOrDeleteCMK',
    '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
  ],
  [
    's3-bucket-policy-changes',
    'S3BucketPolicyChanges',
    `{ ($.eventSource = s3.amazonaws.com) && (${anyOf(['PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication'])}) }`,
  ],
  [
    'config-changes',
    'AWSConfigChanges',
    `{ ($.eventSource = config.amazonaws.com) && (${anyOf(['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'])}) }`,
  ],
  [
    'security-group-changes',
    'SecurityGroupChanges',
    `{ ${anyOf(['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup'])} }`,
  ],
  [
    'nacl-changes',
    'NACLChanges',
    `{ ${anyOf(['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'])} }`,
  ],
  [
    'network-gateway-changes',
    'NetworkGatewayChanges',
    `{ ${anyOf(['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'])} }`,
  ],
  [
    'route-table-changes',
    'RouteTableChanges',
    `{ ${anyOf(['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'])} }`,
  ],
  [
    'vpc-changes',
    'VPCChanges',
    `{ ${anyOf(['CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink'])} }`,
  ],
  [
    'organizations-changes',
    'OrganizationsChanges',
    `{ ($.eventSource = organizations.amazonaws.com) && (${anyOf(['AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake', 'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy', 'UpdateOrganizationalUnit'])}) }`,
  ],
];

/** The topic the CIS alarms notify (SNS answers its subscriptions in `synthetic-aws.ts`). */
export function syntheticAlertsTopic(accountId: string): string {
  return `arn:aws:sns:${TRAIL_REGION}:${accountId}:security-alerts`;
}

/**
 * The CIS metric filters on the trail's log group, as DescribeMetricFilters answers them in `region`
 * (none elsewhere). Misconfigured: the root-usage filter was never created.
 */
export function syntheticMetricFilters(region: string, misconfigured: boolean): object[] {
  if (region !== TRAIL_REGION) return [];
  return CIS.filter(([name]) => !(misconfigured && name === 'root-usage')).map(([name, metric, pattern]) => ({
    filterName: name,
    logGroupName: TRAIL_GROUP,
    filterPattern: pattern,
    metricTransformations: [{ metricName: metric, metricNamespace: 'CISBenchmark', metricValue: '1' }],
    creationTime: 1_700_000_000_000,
  }));
}

/**
 * CloudWatch alarms: one per CIS metric filter, in the trail's region, notifying the security-alerts
 * topic (misconfigured: the network ACL alarm has its actions disabled).
 */
export const cloudwatchService: SyntheticService = ({ mock, count, accountId, pageSize, misconfigured }) => {
  mock(CloudWatchClient)
    .on(DescribeAlarmsCommand)
    .callsFake(async (input: { NextToken?: string }, call: { region: () => Promise<string> }) => {
      count('cloudwatch:DescribeAlarms');
      const region = await call.region();
      const alarms =
        region !== TRAIL_REGION
          ? []
          : CIS.map(([name, metric]) => ({
              AlarmName: `${name}-alarm`,
              AlarmArn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}-alarm`,
              MetricName: metric,
              Namespace: 'CISBenchmark',
              Statistic: 'Sum',
              Period: 300,
              EvaluationPeriods: 1,
              Threshold: 1,
              ComparisonOperator: 'GreaterThanOrEqualToThreshold',
              TreatMissingData: 'notBreaching',
              ActionsEnabled: !(misconfigured && name === 'nacl-changes'),
              AlarmActions: [syntheticAlertsTopic(accountId)],
              StateValue: 'OK',
            }));
      const p = page(alarms, input.NextToken, Math.min(pageSize, 100));
      return { MetricAlarms: p.items, CompositeAlarms: [], NextToken: p.next };
    });
};
