import type { UserPoolDetails } from '../../src/aws/collectors/cognito.js';
import type { ConfigRecorder } from '../../src/aws/collectors/config.js';
import type { Read } from '../../src/aws/collectors/context.js';
import type { RestStage } from '../../src/aws/collectors/apigateway.js';
import type { CredentialUser } from '../../src/aws/collectors/iam.js';
import type { S3Bucket } from '../../src/aws/collectors/s3.js';
import type { Snapshot } from '../../src/aws/snapshot.js';

/** Snapshot time of every fixture; checks measure ages against it. */
export const AT = '2026-06-01T00:00:00.000Z';
export const ACCOUNT = '123456789012';
const daysAgo = (d: number) => new Date(Date.parse(AT) - d * 86_400_000).toISOString();
const daysAhead = (d: number) => new Date(Date.parse(AT) + d * 86_400_000).toISOString();

export function ok<T>(value: T): Read<T> {
  return { ok: true, value };
}
export function denied<T>(call: string): Read<T> {
  return { ok: false, error: { call, kind: 'denied', code: 'AccessDenied', message: 'User is not authorized to perform this action' } };
}

/** The organisation root of the compliant account's organisation. */
export const ROOT_ID = 'r-ab12';
const ALL_ON = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const TLS_POLICY = { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] };

function bucket(name: string, mfaDelete = false): S3Bucket {
  return {
    name,
    arn: `arn:aws:s3:::${name}`,
    region: ok('eu-west-1'),
    publicAccessBlock: ok({ ...ALL_ON }),
    policyPublic: ok(false),
    aclGrantees: ok([]),
    encryption: ok('aws:kms'),
    policy: ok(structuredClone(TLS_POLICY)),
    versioning: ok({ status: 'Enabled', mfaDelete }),
  };
}

function user(name: string, over: Partial<CredentialUser> = {}): CredentialUser {
  return {
    user: name,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    root: false,
    createdAt: daysAgo(400),
    passwordEnabled: true,
    passwordLastUsed: daysAgo(2),
    passwordLastChanged: daysAgo(60),
    mfaActive: true,
    accessKeys: [
      { slot: 1, active: false },
      { slot: 2, active: false },
    ],
    ...over,
  };
}

/** The access policy SNS gives a new topic: Principal {"AWS":"*"} pinned to the owner by AWS:SourceOwner. */
export function snsDefaultPolicy(topic: string): unknown {
  return {
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: `arn:aws:sns:eu-west-1:${ACCOUNT}:${topic}`,
        Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } },
      },
    ],
  };
}

/** The key policy KMS gives a key created without one: the account (through IAM policies) may use it. */
export const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Id: 'key-default-1',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

/**
 * The CIS metric filters of the compliant account, as CIS and AWS's documentation publish them (v1.2 to
 * v3.0 spellings: quoted and unquoted values, with and without spaces), each with an alarm on its metric.
 */
export const CIS_FILTERS: readonly { name: string; metric: string; pattern: string }[] = [
  {
    name: 'unauthorized-api-calls',
    metric: 'UnauthorizedAPICalls',
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
  },
  {
    name: 'no-mfa-console-signin',
    metric: 'ConsoleSigninWithoutMFA',
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    name: 'root-usage',
    metric: 'RootAccountUsage',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    name: 'iam-policy-changes',
    metric: 'IAMPolicyChanges',
    pattern:
      '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
  },
  {
    name: 'cloudtrail-changes',
    metric: 'CloudTrailChanges',
    pattern:
      '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
  },
  { name: 'console-auth-failures', metric: 'ConsoleLoginFailures', pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }' },
  {
    name: 'kms-key-disable-delete',
    metric: 'DisableOrDeleteCMK',
    pattern: '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}',
  },
  {
    name: 's3-bucket-policy-changes',
    metric: 'S3BucketPolicyChanges',
    pattern:
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
  },
  {
    name: 'config-changes',
    metric: 'AWSConfigChanges',
    pattern:
      '{($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder))}',
  },
  {
    name: 'security-group-changes',
    metric: 'SecurityGroupChanges',
    pattern:
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
  },
  {
    name: 'nacl-changes',
    metric: 'NACLChanges',
    pattern:
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
  },
  {
    name: 'network-gateway-changes',
    metric: 'NetworkGatewayChanges',
    pattern:
      '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
  },
  {
    name: 'route-table-changes',
    metric: 'RouteTableChanges',
    pattern:
      '{($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }',
  },
  {
    name: 'vpc-changes',
    metric: 'VPCChanges',
    pattern:
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
  },
  {
    name: 'organizations-changes',
    metric: 'OrganizationsChanges',
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  },
];
/** The SNS topic the compliant account's CIS alarms notify. */
export const ALERTS_TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:security-alerts`;

/** The compliant account's user pool, as DescribeUserPool describes it: MFA on, threat protection enforced, a strong password policy, deletion protection. */
export const POOL_DETAILS = (): UserPoolDetails => ({
  mfa: 'ON',
  threatProtection: 'ENFORCED',
  customAuthThreatProtection: 'OFF',
  customAuth: false,
  tier: 'PLUS',
  passwordPolicy: {
    minimumLength: 14,
    requireUppercase: true,
    requireLowercase: true,
    requireNumbers: true,
    requireSymbols: true,
    temporaryPasswordValidityDays: 7,
  },
  firstAuthFactors: ['PASSWORD'],
  deletionProtection: 'ACTIVE',
});

/** The compliant account's Config recorder: all resource types, IAM included, as the service-linked role. */
const CONFIG_RECORDER = (): ConfigRecorder => ({
  name: 'default',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
  allSupported: true,
  includeGlobalResourceTypes: true,
  strategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
  excludedTypes: [],
  includedTypes: [],
  recording: true,
  lastStatus: 'SUCCESS',
});

/**
 * A home snapshot (account-wide and regional data) of an account in which every check passes. Each
 * fail fixture changes one thing in a copy of it.
 */
export function compliantSnapshot(): Snapshot {
  return {
    accountId: ACCOUNT,
    region: 'eu-west-1',
    home: true,
    regions: ['eu-west-1'],
    settings: {
      allowedRegions: ['eu-west-1'],
      unusedCredentialDays: 90,
      accessKeyMaxAgeDays: 90,
      rootRecentUseDays: 30,
      certificateExpiryDays: 30,
      macieFindingMaxAgeDays: 30,
    },
    collectedAt: AT,
    errors: {},
    data: {
      account: {
        regions: ok([
          { name: 'eu-west-1', optInStatus: 'opt-in-not-required' },
          { name: 'eu-west-2', optInStatus: 'opt-in-not-required' },
          { name: 'eu-west-3', optInStatus: 'opt-in-not-required' },
          { name: 'eu-central-1', optInStatus: 'opt-in-not-required' },
          { name: 'eu-north-1', optInStatus: 'opt-in-not-required' },
          { name: 'us-east-1', optInStatus: 'opt-in-not-required' },
          { name: 'us-west-2', optInStatus: 'opt-in-not-required' },
          { name: 'af-south-1', optInStatus: 'not-opted-in' },
          { name: 'eu-south-1', optInStatus: 'not-opted-in' },
          { name: 'eu-central-2', optInStatus: 'not-opted-in' },
        ]),
      },
      iam: {
        credentialReport: ok([
          {
            user: '<root_account>',
            arn: `arn:aws:iam::${ACCOUNT}:root`,
            root: true,
            createdAt: daysAgo(1000),
            passwordEnabled: true,
            passwordLastUsed: daysAgo(200),
            mfaActive: true,
            accessKeys: [
              { slot: 1, active: false },
              { slot: 2, active: false },
            ],
          },
          user('alice'),
          user('ci-deployer', {
            passwordEnabled: false,
            passwordLastUsed: undefined,
            passwordLastChanged: undefined,
            mfaActive: false,
            accessKeys: [
              { slot: 1, active: true, lastRotated: daysAgo(20), lastUsed: daysAgo(1) },
              { slot: 2, active: false },
            ],
          }),
        ]),
        accountSummary: ok({ rootMfaEnabled: true, rootAccessKeysPresent: false }),
        rootVirtualMfa: ok([]),
        authorization: ok({
          users: [
            { name: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, inlinePolicies: [], attachedPolicies: [] },
            { name: 'ci-deployer', arn: `arn:aws:iam::${ACCOUNT}:user/ci-deployer`, inlinePolicies: [], attachedPolicies: [] },
          ],
          groups: [
            {
              name: 'analysts',
              arn: `arn:aws:iam::${ACCOUNT}:group/analysts`,
              inlinePolicies: [],
              attachedPolicies: [{ name: 'ReadCustomerData', arn: `arn:aws:iam::${ACCOUNT}:policy/ReadCustomerData` }],
            },
          ],
          roles: [
            {
              name: 'app',
              arn: `arn:aws:iam::${ACCOUNT}:role/app`,
              inlinePolicies: [
                {
                  name: 'queue',
                  document: {
                    Version: '2012-10-17',
                    Statement: { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders` },
                  },
                },
              ],
              attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
              path: '/',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
              },
            },
            {
              name: 'AWSServiceRoleForSupport',
              arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`,
              inlinePolicies: [],
              attachedPolicies: [{ name: 'AWSSupportServiceRolePolicy', arn: 'arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy' }],
              path: '/aws-service-role/support.amazonaws.com/',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { Service: 'support.amazonaws.com' }, Action: 'sts:AssumeRole' }],
              },
            },
            {
              name: 'incident-support',
              arn: `arn:aws:iam::${ACCOUNT}:role/incident-support`,
              inlinePolicies: [],
              attachedPolicies: [{ name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }],
              path: '/',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: 'sts:AssumeRole',
                    Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
                  },
                ],
              },
            },
            {
              // The service role AWS Control Tower creates in the management account of its landing zone.
              name: 'AWSControlTowerAdmin',
              arn: `arn:aws:iam::${ACCOUNT}:role/service-role/AWSControlTowerAdmin`,
              inlinePolicies: [],
              attachedPolicies: [{ name: 'AWSControlTowerServiceRolePolicy', arn: 'arn:aws:iam::aws:policy/service-role/AWSControlTowerServiceRolePolicy' }],
              path: '/service-role/',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { Service: 'controltower.amazonaws.com' }, Action: 'sts:AssumeRole' }],
              },
            },
            {
              name: 'auditor',
              arn: `arn:aws:iam::${ACCOUNT}:role/auditor`,
              inlinePolicies: [],
              attachedPolicies: [{ name: 'SecurityAudit', arn: 'arn:aws:iam::aws:policy/SecurityAudit' }],
              path: '/',
              // An external auditor's account, guarded by the external id it was given.
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { AWS: 'arn:aws:iam::444455556666:root' },
                    Action: 'sts:AssumeRole',
                    Condition: { StringEquals: { 'sts:ExternalId': 'audit-7f3a' } },
                  },
                ],
              },
            },
          ],
          policies: [
            {
              name: 'ReadCustomerData',
              arn: `arn:aws:iam::${ACCOUNT}:policy/ReadCustomerData`,
              attachmentCount: 1,
              document: { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::customer-data/*' }] },
            },
          ],
        }),
        passwordPolicy: ok({
          minimumLength: 16,
          requireSymbols: true,
          requireNumbers: true,
          requireUppercase: true,
          requireLowercase: true,
          reusePrevention: 24,
        }),
        identityProviders: ok({
          saml: [
            {
              arn: `arn:aws:iam::${ACCOUNT}:saml-provider/AWSSSO_0a1b2c3d4e5f6a7b_DO_NOT_DELETE`,
              name: 'AWSSSO_0a1b2c3d4e5f6a7b_DO_NOT_DELETE',
              validUntil: daysAhead(3000),
              createdAt: daysAgo(700),
            },
          ],
          oidc: [{ arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`, url: 'token.actions.githubusercontent.com' }],
        }),
      },
      s3: { accountPublicAccessBlock: ok({ ...ALL_ON }), buckets: ok([bucket('customer-data'), bucket('trail-logs', true)]) },
      organizations: {
        organization: ok({ id: 'o-abc123', managementAccountId: ACCOUNT, isManagement: true }),
        scps: ok([
          {
            id: 'p-1',
            name: 'DenyOutsideEU',
            document: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'DenyAllOutsideEU',
                  Effect: 'Deny',
                  NotAction: ['iam:*', 'organizations:*', 'sts:*', 'support:*', 'cloudfront:*', 'route53:*', 'budgets:*'],
                  Resource: '*',
                  Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
                },
              ],
            },
            targets: [{ id: ROOT_ID, type: 'ROOT', name: 'Root' }],
          },
        ]),
        roots: ok([{ id: ROOT_ID, policyTypes: [{ type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' }] }]),
        trustedServices: ok(['controltower.amazonaws.com', 'member.org.stacksets.cloudformation.amazonaws.com', 'sso.amazonaws.com']),
      },
      cloudtrail: {
        trails: ok([
          {
            name: 'org-trail',
            arn: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org-trail`,
            homeRegion: 'eu-west-1',
            multiRegion: true,
            organizationTrail: true,
            logFileValidation: true,
            kmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/trail`,
            s3BucketName: 'trail-logs',
            cloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:trail`,
            ownerAccountId: ACCOUNT,
            status: ok({ isLogging: true, latestCloudWatchLogsDeliveryTime: new Date(Date.parse(AT) - 3_600_000).toISOString() }),
            selectors: ok({
              classic: [
                {
                  includeManagementEvents: true,
                  readWriteType: 'All',
                  excludeManagementEventSources: [],
                  dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
                },
              ],
              advanced: [],
            }),
            kmsKey: ok({ state: 'Enabled' }),
            bucketLogging: ok({ targetBucket: 'access-logs', targetPrefix: 'trail-logs/' }),
          },
        ]),
        unreadRegions: [],
      },
      cloudwatch: {
        regions: {
          'eu-west-1': {
            metricFilters: ok(
              CIS_FILTERS.map((f) => ({
                name: f.name,
                logGroupName: 'trail',
                pattern: f.pattern,
                metrics: [{ namespace: 'CISBenchmark', name: f.metric, dimensions: [] }],
              })),
            ),
            alarms: ok(
              CIS_FILTERS.map((f) => ({
                name: `${f.name}-alarm`,
                arn: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${f.name}-alarm`,
                metrics: [{ namespace: 'CISBenchmark', name: f.metric, dimensions: [] }],
                actionsEnabled: true,
                alarmActions: [ALERTS_TOPIC],
              })),
            ),
          },
        },
        topics: { [ALERTS_TOPIC]: ok({ confirmed: ['email:secops@example.com'], pending: 0 }) },
      },
      cloudfront: {
        distributions: ok([
          {
            id: 'E1',
            arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/E1`,
            domainName: 'd1.cloudfront.net',
            enabled: true,
            behaviors: [
              { pathPattern: '*', viewerProtocolPolicy: 'redirect-to-https' },
              { pathPattern: '/api/*', viewerProtocolPolicy: 'https-only' },
            ],
            customOrigins: [{ id: 'api', domainName: 'api.shop.example.com', protocolPolicy: 'https-only', sslProtocols: ['TLSv1.2'] }],
            minimumProtocolVersion: 'TLSv1.2_2021',
            defaultCertificate: false,
          },
        ]),
      },
      accessanalyzer: {
        analyzers: ok([
          {
            name: 'account-analyzer',
            arn: 'arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/account-analyzer',
            type: 'ACCOUNT',
            status: 'ACTIVE',
            activeFindings: ok({ count: 0, sample: [] }),
          },
        ]),
      },
      config: {
        recorders: ok([CONFIG_RECORDER()]),
        deliveryChannels: ok([{ name: 'default', bucket: 'config-history', history: 'SUCCESS', snapshot: 'SUCCESS', stream: 'NOT_APPLICABLE' }]),
        rules: ok([
          { name: 's3-bucket-server-side-encryption-enabled', compliance: 'COMPLIANT', capExceeded: false },
          { name: 'iam-root-access-key-check', compliance: 'COMPLIANT', capExceeded: false },
        ]),
      },
      configregions: { regions: { 'eu-west-1': ok([CONFIG_RECORDER()]) } },
      ec2: {
        ebsDefaultEncryption: ok(true),
        volumes: ok([{ id: 'vol-1', arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-1`, encrypted: true, state: 'in-use' }]),
        vpcs: ok([{ id: 'vpc-1', arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/vpc-1`, ownerId: ACCOUNT }]),
        subnets: ok([
          { id: 'subnet-1a', vpcId: 'vpc-1' },
          { id: 'subnet-1b', vpcId: 'vpc-1' },
        ]),
        flowLogs: ok([{ id: 'fl-1', resourceId: 'vpc-1', status: 'ACTIVE', deliverStatus: 'SUCCESS', trafficType: 'ALL' }]),
        securityGroups: ok([
          // HTTPS from anywhere, SSH only from the office range, PostgreSQL only from the web tier.
          {
            id: 'sg-web',
            name: 'web',
            arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-web`,
            vpcId: 'vpc-1',
            ingress: [
              { protocol: 'tcp', fromPort: 443, toPort: 443, ipv4: ['0.0.0.0/0'], ipv6: ['::/0'], prefixLists: [] },
              { protocol: 'tcp', fromPort: 22, toPort: 22, ipv4: ['203.0.113.0/24'], ipv6: [], prefixLists: [] },
            ],
          },
          {
            id: 'sg-db',
            name: 'db',
            arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-db`,
            vpcId: 'vpc-1',
            ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, ipv4: ['10.0.1.0/24'], ipv6: [], prefixLists: [] }],
          },
        ]),
        images: ok([{ id: 'ami-0abc', name: 'web-2026-05', arn: 'arn:aws:ec2:eu-west-1::image/ami-0abc', public: false, state: 'available' }]),
        // A running web server and a stopped batch host (not judged by the SSM check until it runs).
        instances: ok([
          { id: 'i-0web', arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0web`, state: 'running' },
          { id: 'i-0batch', arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0batch`, state: 'stopped' },
        ]),
      },
      apigateway: {
        domainNames: ok([
          {
            name: 'api.shop.example.com',
            arn: 'arn:aws:apigateway:eu-west-1::/domainnames/api.shop.example.com',
            endpointTypes: ['REGIONAL'],
            securityPolicy: 'TLS_1_2',
          },
          {
            name: 'pay.shop.example.com',
            arn: 'arn:aws:apigateway:eu-west-1::/domainnames/pay.shop.example.com',
            endpointTypes: ['REGIONAL'],
            securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06',
          },
        ]),
        restApis: ok([
          {
            id: 'a1b2c3',
            name: 'orders',
            arn: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3',
            // prod caches GET responses, encrypted (the catalogue's GET is cached longer); dev has no cache.
            stages: ok<RestStage[]>([
              {
                name: 'prod',
                arn: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod',
                accessLogDestination: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:api-access`,
                cacheClusterEnabled: true,
                methodCaching: {
                  '*/*': { cachingEnabled: true, cacheDataEncrypted: true, cacheTtlInSeconds: 300 },
                  '~1catalogue/GET': { cachingEnabled: true, cacheDataEncrypted: true, cacheTtlInSeconds: 3600 },
                },
              },
              {
                name: 'dev',
                arn: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/dev',
                accessLogDestination: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:api-access-dev`,
                cacheClusterEnabled: false,
                methodCaching: { '*/*': { cachingEnabled: false, cacheDataEncrypted: false, cacheTtlInSeconds: 300 } },
              },
            ]),
          },
        ]),
      },
      apigatewayv2: {
        apis: ok([
          {
            id: 'h7t7p9',
            name: 'checkout',
            arn: 'arn:aws:apigateway:eu-west-1::/apis/h7t7p9',
            protocolType: 'HTTP',
            stages: ok([
              {
                name: '$default',
                arn: 'arn:aws:apigateway:eu-west-1::/apis/h7t7p9/stages/$default',
                accessLogDestination: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:checkout-access`,
              },
            ]),
          },
        ]),
      },
      elb: {
        loadBalancers: ok([
          {
            name: 'legacy-shop',
            arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/legacy-shop`,
            scheme: 'internet-facing',
            listeners: [
              { protocol: 'HTTPS', port: 443, instanceProtocol: 'HTTPS', instancePort: 443, policyNames: ['TLS12-only'] },
              { protocol: 'SSL', port: 8443, instanceProtocol: 'SSL', instancePort: 8443, policyNames: ['TLS12-only'] },
            ],
            accessLog: ok({ enabled: true, bucket: 'elb-logs' }),
            negotiationPolicies: ok([
              {
                name: 'TLS12-only',
                protocols: { SSLv2: false, SSLv3: false, TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': true },
                reference: 'ELBSecurityPolicy-TLS-1-2-2017-01',
              },
            ]),
          },
        ]),
      },
      elbv2: {
        loadBalancers: ok([
          {
            arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/web/1`,
            name: 'web',
            type: 'application',
            accessLogs: ok({ enabled: true, bucket: 'elb-logs' }),
            dropInvalidHeaderFields: ok(true),
            listeners: ok([
              {
                arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener/app/web/1/443`,
                port: 443,
                protocol: 'HTTPS',
                defaultActions: [{ type: 'forward', targetGroups: 1 }],
                sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
              },
              {
                arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener/app/web/1/80`,
                port: 80,
                protocol: 'HTTP',
                defaultActions: [{ type: 'redirect', redirectProtocol: 'HTTPS' }],
                rules: ok([
                  {
                    arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener-rule/app/web/1/80/10`,
                    priority: '10',
                    isDefault: false,
                    actions: [{ type: 'redirect', redirectProtocol: 'HTTPS' }],
                  },
                  {
                    arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener-rule/app/web/1/80/default`,
                    priority: 'default',
                    isDefault: true,
                    actions: [{ type: 'redirect', redirectProtocol: 'HTTPS' }],
                  },
                ]),
              },
            ]),
          },
          {
            arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/net/api/2`,
            name: 'api',
            type: 'network',
            accessLogs: ok({ enabled: true, bucket: 'elb-logs' }),
            listeners: ok([
              {
                arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener/net/api/2/443`,
                port: 443,
                protocol: 'TLS',
                defaultActions: [{ type: 'forward', targetGroups: 1 }],
                sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
              },
            ]),
          },
        ]),
        // As DescribeSSLPolicies answers: every policy of the region with its protocols (a few of them here).
        sslPolicies: ok({
          'ELBSecurityPolicy-2016-08': ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
          'ELBSecurityPolicy-TLS13-1-2-2021-06': ['TLSv1.2', 'TLSv1.3'],
          'ELBSecurityPolicy-TLS13-1-3-2021-06': ['TLSv1.3'],
          'ELBSecurityPolicy-TLS13-1-1-2021-06': ['TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
          'ELBSecurityPolicy-TLS-1-2-2017-01': ['TLSv1.2'],
        }),
      },
      vpn: {
        connections: ok([
          {
            id: 'vpn-0a1b2c3d',
            arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpn-connection/vpn-0a1b2c3d`,
            state: 'available',
            gateway: 'vgw-1',
            tunnels: [
              { outsideIp: '203.0.113.10', status: 'UP', statusMessage: '2 BGP ROUTES' },
              { outsideIp: '203.0.113.20', status: 'UP', statusMessage: '2 BGP ROUTES' },
            ],
          },
          // Deleted last week: still listed by DescribeVpnConnections, not judged.
          { id: 'vpn-old', arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpn-connection/vpn-old`, state: 'deleted', gateway: 'vgw-1', tunnels: [] },
        ]),
      },
      macie: {
        session: ok('ENABLED'),
        automatedDiscovery: ok({ status: 'ENABLED' }),
        oldestSensitiveFinding: ok({ id: 'f0a1', type: 'SensitiveData:S3Object/Personal', createdAt: daysAgo(6), bucket: 'customer-data', severity: 'High' }),
        buckets: ok([
          { name: 'customer-data', accountId: ACCOUNT, region: 'eu-west-1', sensitivityScore: 82, encryption: 'aws:kms' },
          { name: 'trail-logs', accountId: ACCOUNT, region: 'eu-west-1', sensitivityScore: 1, encryption: 'aws:kms' },
          // A member account's bucket in the administrator's inventory: judged by that account's own scan.
          { name: 'member-exports', accountId: '210987654321', region: 'eu-west-1', sensitivityScore: 90, encryption: 'AES256' },
        ]),
      },
      maciesessions: { byRegion: { 'eu-west-1': ok('ENABLED') } },
      macieprofiles: {
        byRegion: {
          'eu-west-1': {
            session: ok('ENABLED'),
            automatedDiscovery: ok({ status: 'ENABLED' }),
            buckets: ok([
              {
                name: 'customer-data',
                arn: 'arn:aws:s3:::customer-data',
                region: 'eu-west-1',
                sensitivityScore: 82,
                encryption: 'aws:kms',
                publicAccess: 'NOT_PUBLIC',
                monitoring: 'MONITORED',
                profile: ok({ sensitivityScore: 82, overridden: false, totalDetections: 1200, itemsSensitive: 40 }),
                detections: ok([
                  { id: 'EMAIL_ADDRESS', name: 'EMAIL_ADDRESS', type: 'MANAGED', count: 900, suppressed: false },
                  { id: 'NAME', name: 'NAME', type: 'MANAGED', count: 300, suppressed: false },
                ]),
              },
            ]),
            belowThreshold: 1,
            unanalysed: [],
          },
        },
        overCap: 0,
      },
      eventbridge: {
        rules: ok([
          {
            name: 'guardduty-to-pager',
            arn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/guardduty-to-pager`,
            state: 'ENABLED',
            eventPattern: '{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"]}',
            matches: ['guardduty'],
            targets: ok(1),
          },
          {
            name: 'securityhub-to-tickets',
            arn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/securityhub-to-tickets`,
            state: 'ENABLED',
            eventPattern:
              '{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"],"detail":{"findings":{"Severity":{"Label":["HIGH","CRITICAL"]}}}}',
            matches: ['securityhub'],
            targets: ok(2),
          },
          { name: 'nightly-report', arn: `arn:aws:events:eu-west-1:${ACCOUNT}:rule/nightly-report`, state: 'ENABLED', matches: [] },
        ]),
      },
      guardduty: {
        detectors: ok([
          {
            id: 'det1',
            arn: `arn:aws:guardduty:eu-west-1:${ACCOUNT}:detector/det1`,
            status: ok('ENABLED'),
            features: ok([
              { name: 'CLOUD_TRAIL', status: 'ENABLED' },
              { name: 'DNS_LOGS', status: 'ENABLED' },
              { name: 'FLOW_LOGS', status: 'ENABLED' },
              { name: 'S3_DATA_EVENTS', status: 'ENABLED' },
              { name: 'EKS_AUDIT_LOGS', status: 'DISABLED' },
              { name: 'EBS_MALWARE_PROTECTION', status: 'ENABLED' },
              { name: 'RDS_LOGIN_EVENTS', status: 'ENABLED' },
              { name: 'LAMBDA_NETWORK_LOGS', status: 'DISABLED' },
            ]),
            // A member of the organisation's GuardDuty delegated administrator (a security account).
            management: ok({ administrator: { accountId: '210987654321', relationshipStatus: 'Enabled' }, organization: null }),
            openHighFindings: ok({ ids: [], more: false }),
          },
        ]),
      },
      securityhub: {
        hub: ok(`arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`),
        standards: ok([
          {
            standardsArn: 'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
            subscriptionArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:subscription/aws-foundational-security-best-practices/v/1.0.0`,
            status: 'READY',
          },
        ]),
      },
      inspector: { status: ok({ overall: 'ENABLED', ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'ENABLED', lambdaCode: 'DISABLED' }) },
      cognito: {
        userPools: ok([
          {
            id: 'eu-west-1_abc',
            name: 'customers',
            arn: `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/eu-west-1_abc`,
            details: ok(POOL_DETAILS()),
          },
        ]),
      },
      kms: {
        keys: ok([
          {
            id: 'k1',
            arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`,
            details: ok({ manager: 'CUSTOMER', spec: 'SYMMETRIC_DEFAULT', state: 'Enabled', origin: 'AWS_KMS' }),
            rotation: ok({ enabled: true, periodDays: 365 }),
            policy: ok(structuredClone(DEFAULT_KEY_POLICY)),
          },
          {
            id: 'aws1',
            arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/aws1`,
            details: ok({ manager: 'AWS', spec: 'SYMMETRIC_DEFAULT', state: 'Enabled', origin: 'AWS_KMS' }),
          },
        ]),
      },
      lambda: {
        functions: ok([
          { name: 'resize-images', arn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:resize-images`, policy: ok(null) },
          {
            name: 'on-upload',
            arn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:on-upload`,
            // What AddPermission writes for an S3 trigger: the service, pinned to the bucket and its owner.
            policy: ok({
              Version: '2012-10-17',
              Id: 'default',
              Statement: [
                {
                  Sid: 's3-trigger',
                  Effect: 'Allow',
                  Principal: { Service: 's3.amazonaws.com' },
                  Action: 'lambda:InvokeFunction',
                  Resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:on-upload`,
                  Condition: { StringEquals: { 'AWS:SourceAccount': ACCOUNT }, ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::customer-data' } },
                },
              ],
            }),
          },
        ]),
      },
      ebs: {
        snapshots: ok([
          { id: 'snap-1', arn: 'arn:aws:ec2:eu-west-1::snapshot/snap-1', encrypted: true, state: 'completed', createVolumePermission: ok([]) },
          { id: 'snap-2', arn: 'arn:aws:ec2:eu-west-1::snapshot/snap-2', encrypted: true, state: 'completed', createVolumePermission: ok(['210987654321']) },
        ]),
      },
      logs: {
        logGroups: ok([
          {
            name: '/aws/lambda/checkout',
            arn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/checkout`,
            kmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`,
            retentionInDays: 90,
          },
        ]),
      },
      secretsmanager: {
        secrets: ok([
          {
            name: 'prod/db',
            arn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/db-AbCdEf`,
            rotationEnabled: true,
            rotationDays: 30,
            lastRotated: daysAgo(12),
            created: daysAgo(400),
          },
          {
            name: 'rds!db-orders',
            arn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:rds!db-orders-GhIjKl`,
            rotationEnabled: true,
            rotationSchedule: 'rate(7 days)',
            lastRotated: daysAgo(3),
            created: daysAgo(200),
            owningService: 'rds',
          },
        ]),
      },
      efs: {
        fileSystems: ok([{ id: 'fs-0123', arn: `arn:aws:elasticfilesystem:eu-west-1:${ACCOUNT}:file-system/fs-0123`, encrypted: true, state: 'available' }]),
      },
      dax: {
        clusters: ok([{ name: 'sessions-cache', arn: `arn:aws:dax:eu-west-1:${ACCOUNT}:cache/sessions-cache`, status: 'available', sseStatus: 'ENABLED' }]),
      },
      sagemaker: {
        notebooks: ok([
          {
            name: 'churn-model',
            arn: `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:notebook-instance/churn-model`,
            status: 'InService',
            kmsKeyId: ok(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`),
          },
        ]),
        endpointConfigs: ok([
          {
            name: 'churn-v3',
            arn: `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:endpoint-config/churn-v3`,
            detail: ok({
              kmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`,
              variants: [{ name: 'AllTraffic', instanceType: 'ml.m5.large', serverless: false }],
            }),
          },
          // Serverless inference has no storage volume of its own to encrypt with a key.
          {
            name: 'faq-serverless',
            arn: `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:endpoint-config/faq-serverless`,
            detail: ok({ variants: [{ name: 'AllTraffic', serverless: true }] }),
          },
        ]),
      },
      sns: {
        topics: ok([
          {
            arn: `arn:aws:sns:eu-west-1:${ACCOUNT}:orders`,
            name: 'orders',
            kmsMasterKeyId: ok(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`),
            policy: ok(snsDefaultPolicy('orders')),
          },
          { arn: `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`, name: 'alerts', kmsMasterKeyId: ok('alias/aws/sns'), policy: ok(snsDefaultPolicy('alerts')) },
        ]),
      },
      sqs: {
        queues: ok([
          {
            url: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/jobs`,
            name: 'jobs',
            arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`,
            encryption: ok({ kmsMasterKeyId: 'alias/aws/sqs', sqsManagedSse: false }),
            policy: ok(null),
          },
          {
            url: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/emails`,
            name: 'emails',
            arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:emails`,
            encryption: ok({ sqsManagedSse: true }),
            // The SNS topic `orders` delivers to it: Principal * pinned to that topic by aws:SourceArn.
            policy: ok({
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'orders-topic',
                  Effect: 'Allow',
                  Principal: '*',
                  Action: 'sqs:SendMessage',
                  Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:emails`,
                  Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:eu-west-1:${ACCOUNT}:orders` } },
                },
              ],
            }),
          },
        ]),
      },
      dynamodb: {
        tables: ok([
          {
            name: 'sessions',
            arn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/sessions`,
            encryption: ok({ status: 'ENABLED', type: 'KMS', kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1` }),
            pointInTimeRecovery: ok('ENABLED'),
          },
        ]),
      },
      opensearch: {
        domains: ok([
          {
            name: 'search',
            arn: `arn:aws:es:eu-west-1:${ACCOUNT}:domain/search`,
            engineVersion: 'OpenSearch_2.13',
            deleted: false,
            encryptionAtRest: true,
            nodeToNode: true,
            enforceHttps: true,
            tlsPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10',
            auditLogGroup: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/OpenSearchService/domains/search/audit-logs`,
            otherLogs: ['ES_APPLICATION_LOGS'],
          },
        ]),
      },
      rds: {
        instances: ok([
          {
            id: 'orders',
            arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`,
            engine: 'postgres',
            engineVersion: '14.12',
            status: 'available',
            storageEncrypted: true,
            backupRetentionDays: 7,
            parameterGroups: [{ name: 'orders-pg14', status: 'in-sync' }],
            logExports: ['postgresql', 'upgrade'],
          },
          // An Aurora cluster member: judged by its cluster.
          {
            id: 'crm-1',
            arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:crm-1`,
            engine: 'aurora-postgresql',
            engineVersion: '16.4',
            status: 'available',
            clusterId: 'crm',
            storageEncrypted: true,
            backupRetentionDays: 7,
            parameterGroups: [{ name: 'default.aurora-postgresql16', status: 'in-sync' }],
            logExports: [],
          },
        ]),
        clusters: ok([
          {
            id: 'crm',
            arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:crm`,
            engine: 'aurora-postgresql',
            engineVersion: '16.4',
            status: 'available',
            storageEncrypted: true,
            backupRetentionDays: 7,
            parameterGroup: 'crm-cluster-pg16',
          },
        ]),
        // PostgreSQL 14 defaults rds.force_ssl to 0: the custom groups set it.
        parameterGroups: { 'orders-pg14': ok({ 'rds.force_ssl': { value: '1', source: 'user', applyType: 'dynamic' } }) },
        clusterParameterGroups: { 'crm-cluster-pg16': ok({ 'rds.force_ssl': { value: '1', source: 'user', applyType: 'dynamic' } }) },
        dbSnapshots: ok([
          {
            kind: 'instance',
            id: 'orders-before-migration',
            arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:orders-before-migration`,
            encrypted: true,
            status: 'available',
            restore: ok(['210987654321']),
          },
        ]),
        clusterSnapshots: ok([
          {
            kind: 'cluster',
            id: 'crm-2026-05',
            arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster-snapshot:crm-2026-05`,
            encrypted: true,
            status: 'available',
            restore: ok([]),
          },
        ]),
      },
      wafv2: {
        webAcls: ok([{ name: 'shop', arn: `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/shop/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`, scope: 'REGIONAL' }]),
        logging: ok({
          [`arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/shop/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`]: [
            `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:aws-waf-logs-shop`,
          ],
        }),
      },
      redshift: {
        clusters: ok([
          {
            id: 'warehouse',
            arn: `arn:aws:redshift:eu-west-1:${ACCOUNT}:cluster:warehouse`,
            status: 'available',
            encrypted: true,
            publiclyAccessible: false,
            automatedSnapshotRetentionDays: 7,
            parameterGroups: [{ name: 'warehouse-tls', status: 'in-sync' }],
            logging: ok({ enabled: true, destination: 's3', bucket: 'acme-redshift-audit', logExports: ['connectionlog', 'userlog', 'useractivitylog'] }),
          },
        ]),
        parameterGroups: { 'warehouse-tls': ok({ value: 'true', applyType: 'static' }) },
      },
      acm: {
        certificates: ok([
          {
            arn: `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/1`,
            domainName: 'shop.example.com',
            status: 'ISSUED',
            inUse: true,
            keyAlgorithm: 'RSA_2048',
            notAfter: daysAhead(200),
          },
          {
            arn: `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/2`,
            domainName: 'api.example.com',
            status: 'ISSUED',
            inUse: true,
            keyAlgorithm: 'EC_prime256v1',
            notAfter: daysAhead(300),
          },
          // Requested but never validated: not in use, so not judged.
          {
            arn: `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/3`,
            domainName: 'new.example.com',
            status: 'PENDING_VALIDATION',
            inUse: false,
            keyAlgorithm: 'RSA_2048',
          },
        ]),
      },
      backup: {
        // The PostgreSQL instance and the Aurora cluster, backed up by the daily plan (an EFS file system too).
        protectedResources: ok([
          { arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`, type: 'RDS', lastBackup: daysAgo(1) },
          { arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:crm`, type: 'Aurora', lastBackup: daysAgo(1) },
          { arn: `arn:aws:elasticfilesystem:eu-west-1:${ACCOUNT}:file-system/fs-0123`, type: 'EFS', lastBackup: daysAgo(1) },
        ]),
      },
      ssm: {
        // The stopped batch host's agent last reported before it stopped; a hybrid node of the office as well.
        managedNodes: ok([
          { id: 'i-0web', pingStatus: 'Online', lastPing: daysAgo(0) },
          { id: 'i-0batch', pingStatus: 'ConnectionLost', lastPing: daysAgo(12) },
          { id: 'mi-0office1', pingStatus: 'Online', lastPing: daysAgo(0) },
        ]),
      },
    },
  };
}

/** Unwraps a fixture read (fixtures are built with `ok`). */
function v<T>(read: Read<T> | undefined): T {
  if (!read || !read.ok) throw new Error('fixture read is not ok');
  return read.value;
}

type Mutate = (s: Snapshot) => void;
const d = (s: Snapshot) => s.data as Required<Snapshot['data']>;
const rows = (s: Snapshot) => v(d(s).iam.credentialReport);
const root = (s: Snapshot) => rows(s).find((r) => r.root)!;
const alice = (s: Snapshot) => rows(s).find((r) => r.user === 'alice')!;
const buckets = (s: Snapshot) => v(d(s).s3.buckets);
const cwRegion = (s: Snapshot) => d(s).cloudwatch.regions['eu-west-1']!;
const cisFilter = (s: Snapshot, name: string) => v(cwRegion(s).metricFilters).find((f) => f.name === name)!;
/** The CIS metric filter each metric filter check relies on in the compliant snapshot. */
export const FILTER_OF: Record<string, string> = {
  cloudwatch_log_metric_filter_unauthorized_api_calls: 'unauthorized-api-calls',
  cloudwatch_log_metric_filter_sign_in_without_mfa: 'no-mfa-console-signin',
  cloudwatch_log_metric_filter_root_usage: 'root-usage',
  cloudwatch_log_metric_filter_policy_changes: 'iam-policy-changes',
  cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled: 'cloudtrail-changes',
  cloudwatch_log_metric_filter_authentication_failures: 'console-auth-failures',
  cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk: 'kms-key-disable-delete',
  cloudwatch_log_metric_filter_for_s3_bucket_policy_changes: 's3-bucket-policy-changes',
  cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled: 'config-changes',
  cloudwatch_log_metric_filter_security_group_changes: 'security-group-changes',
  cloudwatch_changes_to_network_acls_alarm_configured: 'nacl-changes',
  cloudwatch_changes_to_network_gateways_alarm_configured: 'network-gateway-changes',
  cloudwatch_changes_to_network_route_tables_alarm_configured: 'route-table-changes',
  cloudwatch_changes_to_vpcs_alarm_configured: 'vpc-changes',
  cloudwatch_log_metric_filter_aws_organizations_changes: 'organizations-changes',
};
/** Drops one event name from a filter's pattern: the filter becomes narrower than CIS's. */
const narrow = (s: Snapshot, name: string) => {
  const f = cisFilter(s, name);
  const before = f.pattern;
  f.pattern = f.pattern.replace(/\|\|\s*\(\s*\$\.eventName\s*=\s*"?[A-Za-z]+"?\s*\)\s*(?=\)?\s*\}|\)\s*\))/, '');
  if (f.pattern === before) throw new Error(`fixture: could not narrow ${name}`);
};

/** For every check: one change to the compliant snapshot that must make it fail. */
export const FAIL: Record<string, Mutate> = {
  iam_root_no_access_keys: (s) => {
    root(s).accessKeys[0] = { slot: 1, active: true, lastRotated: daysAgo(500) };
    d(s).iam.accountSummary = ok({ rootMfaEnabled: true, rootAccessKeysPresent: true });
  },
  iam_root_not_used_recently: (s) => {
    root(s).passwordLastUsed = daysAgo(3);
  },
  iam_policy_no_admin_star: (s) => {
    v(d(s).iam.authorization).policies[0]!.document = { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } };
  },
  iam_user_unused_credentials: (s) => {
    alice(s).passwordLastUsed = daysAgo(120);
    alice(s).passwordLastChanged = daysAgo(300);
  },
  iam_user_access_keys_rotated: (s) => {
    rows(s).find((r) => r.user === 'ci-deployer')!.accessKeys[0]!.lastRotated = daysAgo(200);
  },
  iam_user_console_users_without_keys: (s) => {
    alice(s).accessKeys[0] = { slot: 1, active: true, lastRotated: daysAgo(5), lastUsed: daysAgo(1) };
  },
  iam_root_mfa_enabled: (s) => {
    d(s).iam.accountSummary = ok({ rootMfaEnabled: false, rootAccessKeysPresent: false });
  },
  iam_root_hardware_mfa: (s) => {
    d(s).iam.rootVirtualMfa = ok([`arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`]);
  },
  iam_user_console_mfa_enabled: (s) => {
    alice(s).mfaActive = false;
  },
  iam_user_no_direct_policies: (s) => {
    v(d(s).iam.authorization).users[0]!.attachedPolicies.push({ name: 'PowerUserAccess', arn: 'arn:aws:iam::aws:policy/PowerUserAccess' });
  },
  iam_account_password_policy_strong: (s) => {
    d(s).iam.passwordPolicy = ok(null);
  },
  iam_password_policy_lowercase: (s) => {
    d(s).iam.passwordPolicy = ok({ ...v(d(s).iam.passwordPolicy)!, requireLowercase: false });
  },
  iam_password_policy_number: (s) => {
    d(s).iam.passwordPolicy = ok({ ...v(d(s).iam.passwordPolicy)!, requireNumbers: false });
  },
  iam_password_policy_symbol: (s) => {
    d(s).iam.passwordPolicy = ok({ ...v(d(s).iam.passwordPolicy)!, requireSymbols: false });
  },
  iam_password_policy_uppercase: (s) => {
    d(s).iam.passwordPolicy = ok({ ...v(d(s).iam.passwordPolicy)!, requireUppercase: false });
  },
  iam_role_cross_account_trust_restricted: (s) => {
    // The auditor's external id removed: any principal of 444455556666 may assume the role.
    const auditor = v(d(s).iam.authorization).roles.find((r) => r.name === 'auditor')!;
    auditor.trustPolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }],
    };
  },
  iam_support_role_created: (s) => {
    const auth = v(d(s).iam.authorization);
    auth.roles = auth.roles.filter((r) => r.name !== 'incident-support');
  },
  s3_account_public_access_blocked: (s) => {
    d(s).s3.accountPublicAccessBlock = ok(null);
  },
  s3_bucket_public_access_blocked: (s) => {
    d(s).s3.accountPublicAccessBlock = ok(null);
    const b = buckets(s)[0]!;
    b.publicAccessBlock = ok(null);
    b.aclGrantees = ok(['http://acs.amazonaws.com/groups/global/AllUsers']);
  },
  s3_log_bucket_mfa_delete: (s) => {
    buckets(s)[1]!.versioning = ok({ status: 'Enabled', mfaDelete: false });
  },
  s3_bucket_default_encryption: (s) => {
    buckets(s)[0]!.encryption = ok(null);
  },
  s3_bucket_tls_only: (s) => {
    buckets(s)[0]!.policy = ok({
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/app' }, Action: 's3:GetObject', Resource: '*' }],
    });
  },
  accessanalyzer_enabled: (s) => {
    d(s).accessanalyzer.analyzers = ok([]);
  },
  accessanalyzer_enabled_without_findings: (s) => {
    v(d(s).accessanalyzer.analyzers)[0]!.activeFindings = ok({
      count: 1,
      sample: [{ id: 'f-1', resource: 'arn:aws:s3:::customer-data', resourceType: 'AWS::S3::Bucket', resourceOwnerAccount: ACCOUNT }],
    });
  },
  account_optin_regions_allowed: (s) => {
    d(s).account.regions = ok([{ name: 'ap-east-1', optInStatus: 'opted-in' }]);
  },
  organizations_scp_region_deny: (s) => {
    d(s).organizations.scps = ok([
      {
        id: 'p-2',
        name: 'DenyLeaveOrg',
        document: { Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] },
        targets: [{ id: ROOT_ID, type: 'ROOT', name: 'Root' }],
      },
    ]);
  },
  organizations_member: (s) => {
    d(s).organizations = { organization: ok(null) };
  },
  organizations_control_tower_governed: (s) => {
    // StackSets and IAM Identity Center have trusted access, Control Tower does not.
    d(s).organizations.trustedServices = ok(['member.org.stacksets.cloudformation.amazonaws.com', 'sso.amazonaws.com']);
  },
  cognito_user_pool_mfa_on: (s) => {
    const p = v(d(s).cognito.userPools)[0]!;
    p.details = ok({ ...v(p.details), mfa: 'OPTIONAL' });
  },
  cognito_user_pool_threat_protection: (s) => {
    const p = v(d(s).cognito.userPools)[0]!;
    p.details = ok({ ...v(p.details), threatProtection: 'AUDIT' });
  },
  config_recorder_all_regions: (s) => {
    v(d(s).config.recorders)[0]!.recording = false;
  },
  cloudtrail_multi_region_logging: (s) => {
    v(d(s).cloudtrail.trails)[0]!.status = ok({ isLogging: false });
  },
  cloudtrail_log_file_validation: (s) => {
    v(d(s).cloudtrail.trails)[0]!.logFileValidation = false;
  },
  cloudtrail_kms_encryption: (s) => {
    v(d(s).cloudtrail.trails)[0]!.kmsKeyId = undefined;
  },
  cloudtrail_bucket_not_public: (s) => {
    // A public policy counts only where RestrictPublicBuckets is off at both levels.
    d(s).s3.accountPublicAccessBlock = ok({ ...ALL_ON, restrictPublicBuckets: false });
    buckets(s)[1]!.publicAccessBlock = ok(null);
    buckets(s)[1]!.policyPublic = ok(true);
  },
  cloudtrail_cloudwatch_logs: (s) => {
    v(d(s).cloudtrail.trails)[0]!.cloudWatchLogsLogGroupArn = undefined;
  },
  cloudtrail_logs_s3_bucket_access_logging_enabled: (s) => {
    v(d(s).cloudtrail.trails)[0]!.bucketLogging = ok(null);
  },
  cloudtrail_s3_dataevents_read_enabled: (s) => {
    v(d(s).cloudtrail.trails)[0]!.selectors = ok({
      classic: [
        {
          includeManagementEvents: true,
          readWriteType: 'WriteOnly',
          excludeManagementEventSources: [],
          dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
        },
      ],
      advanced: [],
    });
  },
  cloudtrail_s3_dataevents_write_enabled: (s) => {
    v(d(s).cloudtrail.trails)[0]!.selectors = ok({
      classic: [
        {
          includeManagementEvents: true,
          readWriteType: 'All',
          excludeManagementEventSources: [],
          dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::customer-data/'] }],
        },
      ],
      advanced: [],
    });
  },
  ...Object.fromEntries(
    Object.entries(FILTER_OF).map(([check, name], i): [string, Mutate] => [
      check,
      // Half of them lose the filter's alarm, the other half get a filter narrower than CIS's.
      i % 2 === 0
        ? (s) => void (cwRegion(s).alarms = ok(v(cwRegion(s).alarms).filter((a) => a.name !== `${name}-alarm`)))
        : (s) => {
            const f = cisFilter(s, name);
            if (/eventName/.test(f.pattern) && !/ConsoleLogin/.test(f.pattern)) narrow(s, name);
            else f.pattern = f.pattern.replace(/\}\s*$/, ' && ($.awsRegion = "eu-west-1") }');
          },
    ]),
  ),
  vpc_flow_logs_enabled: (s) => {
    d(s).ec2.flowLogs = ok([]);
  },
  wafv2_webacl_logging_enabled: (s) => {
    d(s).wafv2.logging = ok({});
  },
  vpc_vpn_connection_tunnels_up: (s) => {
    v(d(s).vpn.connections)[0]!.tunnels[1]!.status = 'DOWN';
  },
  elbv2_access_logs_enabled: (s) => {
    v(d(s).elbv2.loadBalancers)[0]!.accessLogs = ok({ enabled: false });
  },
  apigateway_domain_name_tls12: (s) => {
    v(d(s).apigateway.domainNames)[0]!.securityPolicy = 'TLS_1_0';
  },
  apigateway_stage_access_logging_enabled: (s) => {
    delete v(v(d(s).apigateway.restApis)[0]!.stages)[0]!.accessLogDestination;
  },
  apigatewayv2_api_access_logging_enabled: (s) => {
    delete v(v(d(s).apigatewayv2.apis)[0]!.stages)[0]!.accessLogDestination;
  },
  elb_listener_tls12_minimum: (s) => {
    v(v(d(s).elb.loadBalancers)[0]!.negotiationPolicies)[0]!.protocols.TLSv1 = true;
  },
  elb_logging_enabled: (s) => {
    v(d(s).elb.loadBalancers)[0]!.accessLog = ok({ enabled: false });
  },
  elb_ssl_listeners: (s) => {
    v(d(s).elb.loadBalancers)[0]!.listeners.push({ protocol: 'HTTP', port: 80, instanceProtocol: 'HTTP', instancePort: 80, policyNames: [] });
  },
  elbv2_listener_tls12_minimum: (s) => {
    // The console's and the API's default security policy.
    v(v(d(s).elbv2.loadBalancers)[0]!.listeners)[0]!.sslPolicy = 'ELBSecurityPolicy-2016-08';
  },
  elbv2_http_redirects_to_https: (s) => {
    v(d(s).elbv2.loadBalancers)[0]!.listeners = ok([
      {
        arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener/app/web/1/80`,
        port: 80,
        protocol: 'HTTP',
        defaultActions: [{ type: 'forward', targetGroups: 1 }],
        rules: ok([]),
      },
    ]);
  },
  macie_enabled: (s) => {
    d(s).macie = { session: ok(null), automatedDiscovery: ok(null), oldestSensitiveFinding: ok(null), buckets: ok(null) };
  },
  macie_automated_discovery: (s) => {
    d(s).macie.automatedDiscovery = ok({ status: 'DISABLED' });
  },
  macie_no_stale_sensitive_data_findings: (s) => {
    d(s).macie.oldestSensitiveFinding = ok({
      id: 'f0a1',
      type: 'SensitiveData:S3Object/Personal',
      createdAt: daysAgo(45),
      bucket: 'customer-data',
      severity: 'High',
    });
  },
  eventbridge_guardduty_findings_rule: (s) => {
    v(d(s).eventbridge.rules)[0]!.state = 'DISABLED';
  },
  eventbridge_securityhub_findings_rule: (s) => {
    v(d(s).eventbridge.rules)[1]!.targets = ok(0);
  },
  guardduty_enabled: (s) => {
    d(s).guardduty.detectors = ok([]);
  },
  guardduty_no_open_high_findings: (s) => {
    v(d(s).guardduty.detectors)[0]!.openHighFindings = ok({ ids: ['f1', 'f2'], more: false });
  },
  guardduty_centrally_managed: (s) => {
    v(d(s).guardduty.detectors)[0]!.management = ok({ organization: null });
  },
  guardduty_s3_protection_enabled: (s) => {
    v(v(d(s).guardduty.detectors)[0]!.features).find((f) => f.name === 'S3_DATA_EVENTS')!.status = 'DISABLED';
  },
  guardduty_rds_protection_enabled: (s) => {
    v(v(d(s).guardduty.detectors)[0]!.features).find((f) => f.name === 'RDS_LOGIN_EVENTS')!.status = 'DISABLED';
  },
  guardduty_ec2_malware_protection_enabled: (s) => {
    v(v(d(s).guardduty.detectors)[0]!.features).find((f) => f.name === 'EBS_MALWARE_PROTECTION')!.status = 'DISABLED';
  },
  securityhub_enabled: (s) => {
    d(s).securityhub = { hub: ok(null), standards: ok([]) };
  },
  securityhub_fsbp_or_cis_standard_ready: (s) => {
    v(d(s).securityhub.standards)[0]!.standardsArn = 'arn:aws:securityhub:eu-west-1::standards/pci-dss/v/3.2.1';
  },
  inspector_enabled: (s) => {
    d(s).inspector.status = ok({ overall: 'ENABLED', ec2: 'ENABLED', ecr: 'DISABLED', lambda: 'DISABLED' });
  },
  ebs_default_encryption: (s) => {
    d(s).ec2.ebsDefaultEncryption = ok(false);
  },
  ebs_volumes_encrypted: (s) => {
    v(d(s).ec2.volumes)[0]!.encrypted = false;
  },
  ec2_ami_public: (s) => {
    v(d(s).ec2.images)[0]!.public = true;
  },
  ec2_securitygroup_allow_ingress_from_internet_to_admin_ports: (s) => {
    v(d(s).ec2.securityGroups)[0]!.ingress[1]!.ipv4 = ['0.0.0.0/0'];
  },
  ec2_securitygroup_allow_ingress_from_internet_to_database_ports: (s) => {
    v(d(s).ec2.securityGroups)[1]!.ingress[0]!.ipv6 = ['::/0'];
  },
  cloudfront_distribution_viewer_tls12: (s) => {
    v(d(s).cloudfront.distributions)[0]!.minimumProtocolVersion = 'TLSv1.1_2016';
  },
  cloudfront_distributions_using_deprecated_ssl_protocols: (s) => {
    v(d(s).cloudfront.distributions)[0]!.customOrigins[0]!.sslProtocols = ['TLSv1', 'TLSv1.1', 'TLSv1.2'];
  },
  cloudfront_https_only: (s) => {
    v(d(s).cloudfront.distributions)[0]!.behaviors[1]!.viewerProtocolPolicy = 'allow-all';
  },
  acm_certificates_not_expiring: (s) => {
    v(d(s).acm.certificates)[0]!.notAfter = daysAhead(10);
  },
  kms_customer_keys_rotation: (s) => {
    v(d(s).kms.keys)[0]!.rotation = ok({ enabled: false });
  },
  kms_key_not_publicly_accessible: (s) => {
    v(d(s).kms.keys)[0]!.policy = ok({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }],
    });
  },
  lambda_function_not_publicly_accessible: (s) => {
    v(d(s).lambda.functions)[0]!.policy = ok({
      Statement: [
        {
          Sid: 'public',
          Effect: 'Allow',
          Principal: '*',
          Action: 'lambda:InvokeFunction',
          Resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:resize-images`,
        },
      ],
    });
  },
  ebs_snapshots_encrypted_and_private: (s) => {
    v(d(s).ebs.snapshots)[0]!.createVolumePermission = ok(['all']);
  },
  logs_log_group_kms_and_retention: (s) => {
    v(d(s).logs.logGroups)[0]!.retentionInDays = undefined;
  },
  secretsmanager_secret_rotation_enabled: (s) => {
    v(d(s).secretsmanager.secrets)[0]!.rotationEnabled = false;
  },
  efs_file_system_encrypted: (s) => {
    v(d(s).efs.fileSystems)[0]!.encrypted = false;
  },
  dax_cluster_encryption_enabled: (s) => {
    v(d(s).dax.clusters)[0]!.sseStatus = 'DISABLED';
  },
  sagemaker_notebook_instance_encryption_enabled: (s) => {
    v(d(s).sagemaker.notebooks)[0]!.kmsKeyId = ok(undefined);
  },
  sagemaker_endpoint_config_encryption_enabled: (s) => {
    const detail = v(v(d(s).sagemaker.endpointConfigs)[0]!.detail);
    delete detail.kmsKeyId;
  },
  sns_topic_kms_encryption: (s) => {
    v(d(s).sns.topics)[0]!.kmsMasterKeyId = ok(null);
  },
  sns_topics_not_publicly_accessible: (s) => {
    v(d(s).sns.topics)[0]!.policy = ok({
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'SNS:Subscribe', Resource: `arn:aws:sns:eu-west-1:${ACCOUNT}:orders` }],
    });
  },
  sqs_queue_encrypted: (s) => {
    v(d(s).sqs.queues)[1]!.encryption = ok({ sqsManagedSse: false });
  },
  sqs_queues_not_publicly_accessible: (s) => {
    v(d(s).sqs.queues)[0]!.policy = ok({
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:*', Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs` }],
    });
  },
  dynamodb_table_kms_encryption: (s) => {
    v(d(s).dynamodb.tables)[0]!.encryption = ok(null);
  },
  dynamodb_table_point_in_time_recovery: (s) => {
    v(d(s).dynamodb.tables)[0]!.pointInTimeRecovery = ok('DISABLED');
  },
  opensearch_service_domains_audit_logging_enabled: (s) => {
    v(d(s).opensearch.domains)[0]!.auditLogGroup = undefined;
  },
  opensearch_service_domains_encryption_at_rest_enabled: (s) => {
    v(d(s).opensearch.domains)[0]!.encryptionAtRest = false;
  },
  opensearch_service_domains_node_to_node_encryption_enabled: (s) => {
    v(d(s).opensearch.domains)[0]!.nodeToNode = false;
  },
  opensearch_service_domains_https_communications_enforced: (s) => {
    v(d(s).opensearch.domains)[0]!.tlsPolicy = 'Policy-Min-TLS-1-0-2019-07';
  },
  rds_instance_storage_encrypted: (s) => {
    v(d(s).rds.instances)[0]!.storageEncrypted = false;
  },
  rds_cluster_storage_encrypted: (s) => {
    v(d(s).rds.clusters)[0]!.storageEncrypted = false;
  },
  rds_instance_backup_enabled: (s) => {
    v(d(s).rds.instances)[0]!.backupRetentionDays = 0;
  },
  rds_snapshots_encrypted_and_private: (s) => {
    v(d(s).rds.dbSnapshots)[0]!.encrypted = false;
  },
  rds_instance_transport_encrypted: (s) => {
    d(s).rds.parameterGroups['orders-pg14'] = ok({ 'rds.force_ssl': { value: '0', source: 'engine-default', applyType: 'dynamic' } });
  },
  rds_cluster_transport_encrypted: (s) => {
    d(s).rds.clusterParameterGroups['crm-cluster-pg16'] = ok({ 'rds.force_ssl': { value: '0', source: 'engine-default', applyType: 'dynamic' } });
  },
  rds_instance_integration_cloudwatch_logs: (s) => {
    v(d(s).rds.instances)[0]!.logExports = [];
  },
  redshift_cluster_encrypted_at_rest: (s) => {
    v(d(s).redshift.clusters)[0]!.encrypted = false;
  },
  redshift_cluster_automated_snapshot: (s) => {
    v(d(s).redshift.clusters)[0]!.automatedSnapshotRetentionDays = 0;
  },
  redshift_cluster_audit_logging: (s) => {
    v(d(s).redshift.clusters)[0]!.logging = ok({ enabled: false, logExports: [] });
  },
  redshift_cluster_in_transit_encryption_enabled: (s) => {
    d(s).redshift.parameterGroups['warehouse-tls'] = ok({ value: 'false', applyType: 'static' });
  },
  redshift_cluster_public_access: (s) => {
    v(d(s).redshift.clusters)[0]!.publiclyAccessible = true;
  },
  iam_user_two_active_access_key: (s) => {
    rows(s).find((r) => r.user === 'ci-deployer')!.accessKeys[1] = { slot: 2, active: true, lastRotated: daysAgo(3), lastUsed: daysAgo(1) };
  },
  iam_account_federated_identity_provider: (s) => {
    d(s).iam.identityProviders = ok({ saml: [], oidc: v(d(s).iam.identityProviders).oidc });
  },
  kms_cmk_not_deleted_unintentionally: (s) => {
    const k1 = v(d(s).kms.keys)[0]!;
    k1.details = ok({ ...v(k1.details), state: 'PendingDeletion', deletionDate: daysAhead(25), pendingDeletionWindowInDays: 30 });
  },
  kms_key_policy_no_full_access_except_root: (s) => {
    v(d(s).kms.keys)[0]!.policy = ok({
      ...DEFAULT_KEY_POLICY,
      Statement: [
        ...DEFAULT_KEY_POLICY.Statement,
        { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` }, Action: 'kms:*', Resource: '*' },
      ],
    });
  },
  cognito_user_pool_password_policy_strong: (s) => {
    const p = v(d(s).cognito.userPools)[0]!;
    p.details = ok({ ...v(p.details), passwordPolicy: { ...v(p.details).passwordPolicy, minimumLength: 8 } });
  },
  cognito_user_pool_deletion_protection_enabled: (s) => {
    const p = v(d(s).cognito.userPools)[0]!;
    p.details = ok({ ...v(p.details), deletionProtection: 'INACTIVE' });
  },
  config_rule_no_noncompliant_resources: (s) => {
    v(d(s).config.rules)[0]!.compliance = 'NON_COMPLIANT';
    Object.assign(v(d(s).config.rules)[0]!, { nonCompliantCount: 3 });
  },
  config_recorder_using_aws_service_role: (s) => {
    v(d(s).config.recorders)[0]!.roleArn = `arn:aws:iam::${ACCOUNT}:role/config-recorder`;
  },
  config_global_resources_recorded: (s) => {
    v(d(s).configregions.regions['eu-west-1'])[0]!.includeGlobalResourceTypes = false;
  },
  ssm_ec2_instances_managed: (s) => {
    v(d(s).ssm.managedNodes)[0]!.pingStatus = 'ConnectionLost';
  },
  elbv2_alb_drop_invalid_header_fields: (s) => {
    v(d(s).elbv2.loadBalancers)[0]!.dropInvalidHeaderFields = ok(false);
  },
  rds_instance_in_backup_plan: (s) => {
    d(s).backup.protectedResources = ok(v(d(s).backup.protectedResources).filter((r) => r.type !== 'Aurora'));
  },
  apigateway_stage_cache_encrypted: (s) => {
    v(v(d(s).apigateway.restApis)[0]!.stages)[0]!.methodCaching!['~1catalogue/GET']!.cacheDataEncrypted = false;
  },
  s3_bucket_region_allowed: (s) => {
    v(d(s).s3.buckets)[0]!.region = ok('us-east-1');
  },
  rds_instance_region_allowed: (s) => {
    s.settings = { ...s.settings, allowedRegions: ['eu-central-1'] };
  },
  macie_sensitive_bucket_kms_encrypted: (s) => {
    v(d(s).macie.buckets)![0]!.encryption = 'AES256';
  },
  macie_enabled_in_bucket_regions: (s) => {
    d(s).maciesessions.byRegion['eu-west-1'] = ok('PAUSED');
  }, // The trail logs S3 data events only for the log bucket, not for the bucket holding personal data.
  s3_personal_data_bucket_data_events_logged: (s) => {
    v(d(s).cloudtrail.trails)[0]!.selectors = ok({
      classic: [
        {
          includeManagementEvents: true,
          readWriteType: 'All',
          excludeManagementEventSources: [],
          dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::trail-logs/'] }],
        },
      ],
      advanced: [],
    });
  },
};

/**
 * Error fixtures beyond "the collector failed as a whole" (which the registry test applies to every
 * check): a single read the check depends on was denied.
 */
export const PARTIAL_ERROR: Record<string, Mutate> = {
  accessanalyzer_enabled_without_findings: (s) => {
    v(d(s).accessanalyzer.analyzers)[0]!.activeFindings = denied('access-analyzer:ListFindingsV2');
  },
  iam_root_no_access_keys: (s) => {
    d(s).iam.accountSummary = denied('iam:GetAccountSummary');
  },
  iam_root_not_used_recently: (s) => {
    d(s).iam.credentialReport = denied('iam:GenerateCredentialReport');
  },
  iam_root_hardware_mfa: (s) => {
    d(s).iam.rootVirtualMfa = denied('iam:ListVirtualMFADevices');
  },
  iam_policy_no_admin_star: (s) => {
    d(s).iam.authorization = denied('iam:GetAccountAuthorizationDetails');
  },
  iam_role_cross_account_trust_restricted: (s) => {
    d(s).iam.authorization = denied('iam:GetAccountAuthorizationDetails');
  },
  iam_support_role_created: (s) => {
    d(s).iam.authorization = denied('iam:GetAccountAuthorizationDetails');
  },
  s3_bucket_public_access_blocked: (s) => {
    // The account setting decides, since the bucket's own flags are not all on.
    d(s).s3.accountPublicAccessBlock = denied('s3:GetAccountPublicAccessBlock');
    buckets(s)[0]!.publicAccessBlock = ok({ ...ALL_ON, restrictPublicBuckets: false });
  },
  s3_bucket_default_encryption: (s) => {
    buckets(s)[0]!.encryption = denied('s3:GetEncryptionConfiguration');
  },
  s3_bucket_tls_only: (s) => {
    buckets(s)[0]!.policy = denied('s3:GetBucketPolicy');
  },
  s3_log_bucket_mfa_delete: (s) => {
    buckets(s)[1]!.versioning = denied('s3:GetBucketVersioning');
  },
  organizations_scp_region_deny: (s) => {
    d(s).organizations.scps = denied('organizations:ListPolicies');
  },
  organizations_control_tower_governed: (s) => {
    d(s).organizations.trustedServices = denied('organizations:ListAWSServiceAccessForOrganization');
  },
  cloudtrail_multi_region_logging: (s) => {
    v(d(s).cloudtrail.trails)[0]!.status = denied('cloudtrail:GetTrailStatus');
  },
  cloudtrail_logs_s3_bucket_access_logging_enabled: (s) => {
    v(d(s).cloudtrail.trails)[0]!.bucketLogging = denied('s3:GetBucketLogging');
  },
  cloudtrail_s3_dataevents_read_enabled: (s) => {
    v(d(s).cloudtrail.trails)[0]!.selectors = denied('cloudtrail:GetEventSelectors');
  },
  cloudtrail_s3_dataevents_write_enabled: (s) => {
    v(d(s).cloudtrail.trails)[0]!.status = denied('cloudtrail:GetTrailStatus');
  },
  ...Object.fromEntries(
    Object.keys(FILTER_OF).map((check, i): [string, Mutate] => [
      check,
      i % 2 === 0
        ? (s) => void (cwRegion(s).metricFilters = denied('logs:DescribeMetricFilters'))
        : (s) => void (d(s).cloudwatch.topics[ALERTS_TOPIC] = denied('sns:ListSubscriptionsByTopic')),
    ]),
  ),
  kms_customer_keys_rotation: (s) => {
    v(d(s).kms.keys)[0]!.rotation = denied('kms:GetKeyRotationStatus');
  },
  kms_key_not_publicly_accessible: (s) => {
    v(d(s).kms.keys)[0]!.policy = denied('kms:GetKeyPolicy');
  },
  lambda_function_not_publicly_accessible: (s) => {
    v(d(s).lambda.functions)[1]!.policy = denied('lambda:GetPolicy');
  },
  cognito_user_pool_mfa_on: (s) => {
    v(d(s).cognito.userPools)[0]!.details = denied('cognito-idp:DescribeUserPool');
  },
  eventbridge_guardduty_findings_rule: (s) => {
    v(d(s).eventbridge.rules)[0]!.targets = denied('events:ListTargetsByRule');
  },
  eventbridge_securityhub_findings_rule: (s) => {
    v(d(s).eventbridge.rules)[1]!.targets = denied('events:ListTargetsByRule');
  },
  guardduty_no_open_high_findings: (s) => {
    v(d(s).guardduty.detectors)[0]!.openHighFindings = denied('guardduty:ListFindings');
  },
  macie_no_stale_sensitive_data_findings: (s) => {
    d(s).macie.oldestSensitiveFinding = denied('macie2:ListFindings');
  },
  guardduty_centrally_managed: (s) => {
    v(d(s).guardduty.detectors)[0]!.management = denied('guardduty:GetAdministratorAccount');
  },
  guardduty_s3_protection_enabled: (s) => {
    const det = v(d(s).guardduty.detectors)[0]!;
    det.status = denied('guardduty:GetDetector');
    det.features = denied('guardduty:GetDetector');
  },
  guardduty_rds_protection_enabled: (s) => {
    const det = v(d(s).guardduty.detectors)[0]!;
    det.status = denied('guardduty:GetDetector');
    det.features = denied('guardduty:GetDetector');
  },
  guardduty_ec2_malware_protection_enabled: (s) => {
    const det = v(d(s).guardduty.detectors)[0]!;
    det.status = denied('guardduty:GetDetector');
    det.features = denied('guardduty:GetDetector');
  },
  securityhub_fsbp_or_cis_standard_ready: (s) => {
    d(s).securityhub.standards = denied('securityhub:GetEnabledStandards');
  },
  elbv2_access_logs_enabled: (s) => {
    v(d(s).elbv2.loadBalancers)[0]!.accessLogs = denied('elasticloadbalancing:DescribeLoadBalancerAttributes');
  },
  apigateway_stage_access_logging_enabled: (s) => {
    v(d(s).apigateway.restApis)[0]!.stages = denied('apigateway:GET');
  },
  apigatewayv2_api_access_logging_enabled: (s) => {
    v(d(s).apigatewayv2.apis)[0]!.stages = denied('apigateway:GET');
  },
  elb_listener_tls12_minimum: (s) => {
    v(d(s).elb.loadBalancers)[0]!.negotiationPolicies = denied('elasticloadbalancing:DescribeLoadBalancerPolicies');
  },
  elb_logging_enabled: (s) => {
    v(d(s).elb.loadBalancers)[0]!.accessLog = denied('elasticloadbalancing:DescribeLoadBalancerAttributes');
  },
  elbv2_listener_tls12_minimum: (s) => {
    v(d(s).elbv2.loadBalancers)[1]!.listeners = denied('elasticloadbalancing:DescribeListeners');
  },
  ebs_snapshots_encrypted_and_private: (s) => {
    v(d(s).ebs.snapshots)[1]!.createVolumePermission = denied('ec2:DescribeSnapshotAttribute');
  },
  ec2_ami_public: (s) => {
    d(s).ec2.images = denied('ec2:DescribeImages');
  },
  ec2_securitygroup_allow_ingress_from_internet_to_admin_ports: (s) => {
    d(s).ec2.securityGroups = denied('ec2:DescribeSecurityGroups');
  },
  sns_topic_kms_encryption: (s) => {
    v(d(s).sns.topics)[1]!.kmsMasterKeyId = denied('sns:GetTopicAttributes');
  },
  sns_topics_not_publicly_accessible: (s) => {
    v(d(s).sns.topics)[1]!.policy = denied('sns:GetTopicAttributes');
  },
  wafv2_webacl_logging_enabled: (s) => {
    d(s).wafv2.logging = denied('wafv2:ListLoggingConfigurations');
  },
  sqs_queue_encrypted: (s) => {
    v(d(s).sqs.queues)[0]!.encryption = denied('sqs:GetQueueAttributes');
  },
  sagemaker_notebook_instance_encryption_enabled: (s) => {
    v(d(s).sagemaker.notebooks)[0]!.kmsKeyId = denied('sagemaker:DescribeNotebookInstance');
  },
  sagemaker_endpoint_config_encryption_enabled: (s) => {
    v(d(s).sagemaker.endpointConfigs)[1]!.detail = denied('sagemaker:DescribeEndpointConfig');
  },
  sqs_queues_not_publicly_accessible: (s) => {
    v(d(s).sqs.queues)[1]!.policy = denied('sqs:GetQueueAttributes');
  },
  dynamodb_table_kms_encryption: (s) => {
    v(d(s).dynamodb.tables)[0]!.encryption = denied('dynamodb:DescribeTable');
  },
  dynamodb_table_point_in_time_recovery: (s) => {
    v(d(s).dynamodb.tables)[0]!.pointInTimeRecovery = denied('dynamodb:DescribeContinuousBackups');
  },
  rds_snapshots_encrypted_and_private: (s) => {
    v(d(s).rds.clusterSnapshots)[0]!.restore = denied('rds:DescribeDBClusterSnapshotAttributes');
  },
  rds_instance_transport_encrypted: (s) => {
    d(s).rds.parameterGroups['orders-pg14'] = denied('rds:DescribeDBParameters');
  },
  rds_cluster_transport_encrypted: (s) => {
    d(s).rds.clusterParameterGroups['crm-cluster-pg16'] = denied('rds:DescribeDBClusterParameters');
  },
  redshift_cluster_audit_logging: (s) => {
    v(d(s).redshift.clusters)[0]!.logging = denied('redshift:DescribeLoggingStatus');
  },
  redshift_cluster_in_transit_encryption_enabled: (s) => {
    d(s).redshift.parameterGroups['warehouse-tls'] = denied('redshift:DescribeClusterParameters');
  },
  iam_user_two_active_access_key: (s) => {
    d(s).iam.credentialReport = denied('iam:GetCredentialReport');
  },
  iam_account_federated_identity_provider: (s) => {
    d(s).iam.identityProviders = denied('iam:ListSAMLProviders');
  },
  kms_cmk_not_deleted_unintentionally: (s) => {
    v(d(s).kms.keys)[0]!.details = denied('kms:DescribeKey');
  },
  kms_key_policy_no_full_access_except_root: (s) => {
    v(d(s).kms.keys)[0]!.policy = denied('kms:GetKeyPolicy');
  },
  cognito_user_pool_password_policy_strong: (s) => {
    v(d(s).cognito.userPools)[0]!.details = denied('cognito-idp:DescribeUserPool');
  },
  cognito_user_pool_deletion_protection_enabled: (s) => {
    v(d(s).cognito.userPools)[0]!.details = denied('cognito-idp:DescribeUserPool');
  },
  config_rule_no_noncompliant_resources: (s) => {
    d(s).config.rules = denied('config:DescribeComplianceByConfigRule');
  },
  config_recorder_using_aws_service_role: (s) => {
    d(s).config.recorders = denied('config:DescribeConfigurationRecorders');
  },
  config_global_resources_recorded: (s) => {
    d(s).configregions.regions['eu-west-1'] = denied('config:DescribeConfigurationRecorders');
  },
  ssm_ec2_instances_managed: (s) => {
    d(s).ssm.managedNodes = denied('ssm:DescribeInstanceInformation');
  },
  elbv2_alb_drop_invalid_header_fields: (s) => {
    v(d(s).elbv2.loadBalancers)[0]!.dropInvalidHeaderFields = denied('elasticloadbalancing:DescribeLoadBalancerAttributes');
  },
  rds_instance_in_backup_plan: (s) => {
    d(s).backup.protectedResources = denied('backup:ListProtectedResources');
  },
  apigateway_stage_cache_encrypted: (s) => {
    v(d(s).apigateway.restApis)[0]!.stages = denied('apigateway:GET');
  },
  s3_bucket_region_allowed: (s) => {
    v(d(s).s3.buckets)[0]!.region = denied('s3:GetBucketLocation');
  },
  rds_instance_region_allowed: (s) => {
    d(s).rds.clusters = denied('rds:DescribeDBClusters');
  },
  macie_sensitive_bucket_kms_encrypted: (s) => {
    d(s).macie.buckets = denied('macie2:DescribeBuckets');
  },
  macie_enabled_in_bucket_regions: (s) => {
    d(s).maciesessions.byRegion['eu-west-1'] = denied('macie2:GetMacieSession');
  },
  s3_personal_data_bucket_data_events_logged: (s) => {
    d(s).macieprofiles.byRegion['eu-west-1']!.automatedDiscovery = denied('macie2:GetAutomatedDiscoveryConfiguration');
  },
};

/** A fixture: the compliant snapshot with `mutate` applied. */
export function snapshotWith(mutate?: Mutate): Snapshot {
  const s = compliantSnapshot();
  mutate?.(s);
  return s;
}
