import { AccessAnalyzerClient, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { ACMClient, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CognitoIdentityProviderClient, DescribeUserPoolCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
} from '@aws-sdk/client-config-service';
import {
  DescribeFlowLogsCommand,
  DescribeRegionsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand, ListFindingsCommand } from '@aws-sdk/client-guardduty';
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import {
  GetAdministratorAccountCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetMacieSessionCommand,
  ListAutomatedDiscoveryAccountsCommand,
  Macie2Client,
} from '@aws-sdk/client-macie2';
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { DescribeHubCommand, GetEnabledStandardsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { MetadataBearer } from '@smithy/types';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { AwsClients, type AwsClientClass } from '../../src/aws/clients.js';

/** The part of an aws-sdk-client-mock stub this helper uses, loosely typed so one table can mock every client. */
export interface LooseStub {
  on(command: unknown): { callsFake(fn: (input: never) => unknown): unknown };
  restore(): void;
}

/** The shape of a synthetic AWS account served by aws-sdk-client-mock. */
export interface SyntheticAccount {
  accountId?: string;
  buckets?: number;
  users?: number;
  /** Customer-managed KMS keys per region. */
  keys?: number;
  volumes?: number;
  /** Items per page of every paginated list (small values force several pages). */
  pageSize?: number;
  /** Make the first N buckets public and unencrypted, and every 10th user lack MFA: a realistic mix. */
  misconfigured?: boolean;
  /** When the credential report is generated, report STARTED this many times first. */
  reportPolls?: number;
  /** Opt-in regions the account has enabled (`opted-in`); the others answer `not-opted-in`. Default none. */
  optedIn?: string[];
  /**
   * How requests are intercepted. `aws-sdk-client-mock` (default; what tests use): every instance of a
   * client class is stubbed and every call is kept in the stub's history. `middleware`: nothing global
   * is stubbed and nothing is recorded; only clients from the returned `clients()` are answered, by a
   * middleware at the front of their stack (the benchmark uses it so the mock's history does not count
   * as the scanner's memory).
   */
  via?: 'aws-sdk-client-mock' | 'middleware';
}

export const SYNTHETIC_ACCOUNT_ID = '111122223333';

/** The commercial partition's regions that every account has enabled (they cannot be turned off). */
export const DEFAULT_REGIONS = [
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1', 'eu-central-1',
  'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
];
/** Regions an account must opt in to. */
export const OPT_IN_REGIONS = [
  'af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7', 'ca-west-1', 'eu-central-2',
  'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
];

const TLS_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
});

function page<T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}

/** An error shaped like the SDK's service exceptions (`name` is the AWS error code). */
export function awsError(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

type Handler = (input: never) => unknown;

/** A stand-in for an aws-sdk-client-mock stub that only remembers its handlers (no call history). */
class HandlerTable implements LooseStub {
  readonly handlers = new Map<string, Handler>();
  on(command: unknown): { callsFake(fn: Handler): unknown } {
    const name = (command as { name: string }).name;
    return { callsFake: (fn: Handler) => this.handlers.set(name, fn) };
  }
  restore(): void {
    this.handlers.clear();
  }
}

/** An {@link AwsClients} whose clients are answered by the handler tables, through a middleware. */
class SyntheticAwsClients extends AwsClients {
  private readonly wired = new WeakSet<object>();
  constructor(
    defaultRegion: string,
    private readonly tables: Map<unknown, HandlerTable>,
  ) {
    super({ defaultRegion });
  }
  override get<C>(Client: AwsClientClass<C>, region?: string): C {
    const client = super.get(Client, region);
    const table = this.tables.get(Client);
    if (table && !this.wired.has(client as object)) {
      this.wired.add(client as object);
      const stack = (client as { middlewareStack: { add(mw: unknown, options: unknown): void } }).middlewareStack;
      stack.add(
        (_next: unknown, context: { commandName?: string }) => async (args: { input: never }) => {
          const handler = table.handlers.get(context.commandName ?? '');
          if (!handler) throw new Error(`synthetic account: ${Client.name} ${context.commandName} is not mocked`);
          return { output: { ...(await handler(args.input) as object), $metadata: {} }, response: {} };
        },
        { step: 'initialize', priority: 'high', name: 'syntheticAccount' },
      );
    }
    return client;
  }
}

/** Counts AWS requests by `Client:Command`. */
export class CallCounter {
  readonly byCommand = new Map<string, number>();
  total = 0;
  add(name: string): void {
    this.total += 1;
    this.byCommand.set(name, (this.byCommand.get(name) ?? 0) + 1);
  }
}

/**
 * Mocks every AWS client the scanner uses with a synthetic account: `buckets` buckets, `users` IAM
 * users, `keys` KMS keys per region, and so on. Returns the stubs (restore them with `restore()`) and
 * a counter of every request served.
 */
export function mockSyntheticAccount(shape: SyntheticAccount = {}): {
  stubs: LooseStub[];
  /** The stub of one client class, to override a command in a test. */
  stub: (Client: unknown) => LooseStub;
  counter: CallCounter;
  restore: () => void;
  /** Clients that reach the synthetic account (with `via: 'middleware'`, only these do). */
  clients: (defaultRegion: string) => AwsClients;
} {
  const accountId = shape.accountId ?? SYNTHETIC_ACCOUNT_ID;
  const size = shape.pageSize ?? 100;
  const nBuckets = shape.buckets ?? 3;
  const nUsers = shape.users ?? 3;
  const nKeys = shape.keys ?? 2;
  const nVolumes = shape.volumes ?? 2;
  const bad = shape.misconfigured ?? false;
  const counter = new CallCounter();
  const stubs: LooseStub[] = [];
  const byClient = new Map<unknown, LooseStub>();
  const middleware = shape.via === 'middleware';
  const tables = new Map<unknown, HandlerTable>();
  const mock = (Client: unknown): LooseStub => {
    let stub: LooseStub;
    if (middleware) {
      const table = new HandlerTable();
      tables.set(Client, table);
      stub = table;
    } else {
      stub = mockClient(Client as never) as unknown as LooseStub;
    }
    stubs.push(stub);
    byClient.set(Client, stub);
    return stub;
  };
  const count = (name: string) => counter.add(name);
  const now = Date.now();
  const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();

  const sts = mock(STSClient);
  sts.on(GetCallerIdentityCommand).callsFake(() => (count('sts:GetCallerIdentity'), { Account: accountId, Arn: `arn:aws:iam::${accountId}:role/scanner` }));

  // IAM
  const iam = mock(IAMClient);
  let polls = shape.reportPolls ?? 0;
  iam.on(GenerateCredentialReportCommand).callsFake(() => {
    count('iam:GenerateCredentialReport');
    return polls-- > 0 ? { State: 'STARTED' } : { State: 'COMPLETE' };
  });
  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const userNames = Array.from({ length: nUsers }, (_, i) => `user-${String(i).padStart(4, '0')}`);
  const csv = [
    header,
    `<root_account>,arn:aws:iam::${accountId}:root,${daysAgo(900)},not_supported,${daysAgo(400)},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    ...userNames.map((u, i) => {
      const human = i % 2 === 0;
      const mfa = !(bad && i % 10 === 0);
      return `${u},arn:aws:iam::${accountId}:user/${u},${daysAgo(300)},${human},${human ? daysAgo(3) : 'N/A'},${human ? daysAgo(60) : 'N/A'},N/A,${mfa},${!human},${human ? 'N/A' : daysAgo(20)},${human ? 'N/A' : daysAgo(1)},${human ? 'N/A' : 'eu-west-1'},${human ? 'N/A' : 's3'},false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
    }),
  ].join('\r\n');
  iam.on(GetCredentialReportCommand).callsFake(() => (count('iam:GetCredentialReport'), { Content: new TextEncoder().encode(csv), ReportFormat: 'text/csv' }));
  iam.on(GetAccountSummaryCommand).callsFake(() => (count('iam:GetAccountSummary'), { SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } }));
  iam.on(ListVirtualMFADevicesCommand).callsFake(() => (count('iam:ListVirtualMFADevices'), { VirtualMFADevices: [], IsTruncated: false }));
  iam.on(GetAccountPasswordPolicyCommand).callsFake(() => (
    count('iam:GetAccountPasswordPolicy'),
    { PasswordPolicy: { MinimumPasswordLength: 14, PasswordReusePrevention: 24, RequireSymbols: true, RequireNumbers: true } }
  ));
  const authUsers = userNames.map((u) => ({ UserName: u, Arn: `arn:aws:iam::${accountId}:user/${u}`, UserPolicyList: [], AttachedManagedPolicies: [] }));
  iam.on(GetAccountAuthorizationDetailsCommand).callsFake((input: { Marker?: string }) => {
    count('iam:GetAccountAuthorizationDetails');
    const p = page(authUsers, input.Marker, size);
    const policies = input.Marker
      ? []
      : [
          {
            PolicyName: 'ReadData',
            Arn: `arn:aws:iam::${accountId}:policy/ReadData`,
            AttachmentCount: 1,
            PolicyVersionList: [{ IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })) }],
          },
        ];
    // Groups and roles come with the first page (IAM pages the four lists together; any page may carry any of them).
    const groups = input.Marker
      ? []
      : [
          {
            GroupName: 'analysts',
            Arn: `arn:aws:iam::${accountId}:group/analysts`,
            GroupPolicyList: bad ? [{ PolicyName: 'almost-all', PolicyDocument: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', NotAction: 's3:*', Resource: '*' } })) }] : [],
            AttachedManagedPolicies: [{ PolicyName: 'ReadData', PolicyArn: `arn:aws:iam::${accountId}:policy/ReadData` }],
          },
        ];
    const roles = input.Marker
      ? []
      : [
          {
            RoleName: 'app',
            Arn: `arn:aws:iam::${accountId}:role/app`,
            AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })),
            RolePolicyList: [{ PolicyName: 'queue', PolicyDocument: encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:eu-west-1:${accountId}:orders` }] })) }],
            AttachedManagedPolicies: bad ? [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] : [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
          },
        ];
    return { UserDetailList: p.items, GroupDetailList: groups, RoleDetailList: roles, Policies: policies, IsTruncated: Boolean(p.next), Marker: p.next };
  });

  // S3
  const bucketNames = Array.from({ length: nBuckets }, (_, i) => `bucket-${String(i).padStart(5, '0')}`);
  const isBad = (name: string) => bad && Number(name.slice(-5)) < 3;
  const s3 = mock(S3Client);
  s3.on(ListBucketsCommand).callsFake((input: { ContinuationToken?: string }) => {
    count('s3:ListBuckets');
    const p = page(bucketNames, input.ContinuationToken, Math.min(size, 1000));
    return { Buckets: p.items.map((n) => ({ Name: n, BucketRegion: 'eu-west-1' })), ContinuationToken: p.next };
  });
  s3.on(GetPublicAccessBlockCommand).callsFake((input: { Bucket: string }) => {
    count('s3:GetPublicAccessBlock');
    if (isBad(input.Bucket)) throw awsError('NoSuchPublicAccessBlockConfiguration');
    return { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } };
  });
  s3.on(GetBucketPolicyStatusCommand).callsFake((input: { Bucket: string }) => (count('s3:GetBucketPolicyStatus'), { PolicyStatus: { IsPublic: isBad(input.Bucket) } }));
  s3.on(GetBucketAclCommand).callsFake(() => (count('s3:GetBucketAcl'), { Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' }] }));
  s3.on(GetBucketEncryptionCommand).callsFake((input: { Bucket: string }) => {
    count('s3:GetBucketEncryption');
    if (isBad(input.Bucket)) throw awsError('ServerSideEncryptionConfigurationNotFoundError');
    return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } };
  });
  s3.on(GetBucketPolicyCommand).callsFake((input: { Bucket: string }) => {
    count('s3:GetBucketPolicy');
    if (isBad(input.Bucket)) throw awsError('NoSuchBucketPolicy');
    return { Policy: TLS_POLICY };
  });
  s3.on(GetBucketVersioningCommand).callsFake(() => (count('s3:GetBucketVersioning'), { Status: 'Enabled', MFADelete: 'Enabled' }));
  const control = mock(S3ControlClient);
  control.on(GetAccountPublicAccessBlockCommand).callsFake(() => (
    count('s3control:GetPublicAccessBlock'),
    { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: !bad } }
  ));

  // Account, EC2
  const ec2 = mock(EC2Client);
  // As EC2 answers DescribeRegions with AllRegions: every region of the partition, with its opt-in status.
  const optedIn = new Set(shape.optedIn ?? []);
  ec2.on(DescribeRegionsCommand).callsFake((input: { AllRegions?: boolean }) => {
    count('ec2:DescribeRegions');
    const regions = [
      ...DEFAULT_REGIONS.map((r) => ({ RegionName: r, Endpoint: `ec2.${r}.amazonaws.com`, OptInStatus: 'opt-in-not-required' })),
      ...OPT_IN_REGIONS.map((r) => ({ RegionName: r, Endpoint: `ec2.${r}.amazonaws.com`, OptInStatus: optedIn.has(r) ? 'opted-in' : 'not-opted-in' })),
    ];
    return { Regions: input.AllRegions ? regions : regions.filter((r) => r.OptInStatus !== 'not-opted-in') };
  });
  ec2.on(GetEbsEncryptionByDefaultCommand).callsFake(() => (count('ec2:GetEbsEncryptionByDefault'), { EbsEncryptionByDefault: !bad }));
  ec2.on(DescribeVolumesCommand).callsFake((input: { NextToken?: string }) => {
    count('ec2:DescribeVolumes');
    const vols = Array.from({ length: nVolumes }, (_, i) => ({ VolumeId: `vol-${i}`, Encrypted: true, State: 'in-use' }));
    const p = page(vols, input.NextToken, size);
    return { Volumes: p.items, NextToken: p.next };
  });
  ec2.on(DescribeVpcsCommand).callsFake(() => (count('ec2:DescribeVpcs'), { Vpcs: [{ VpcId: 'vpc-1', OwnerId: accountId, State: 'available' }] }));
  ec2.on(DescribeSubnetsCommand).callsFake(() => (
    count('ec2:DescribeSubnets'),
    { Subnets: [{ SubnetId: 'subnet-1a', VpcId: 'vpc-1', OwnerId: accountId }, { SubnetId: 'subnet-1b', VpcId: 'vpc-1', OwnerId: accountId }] }
  ));
  ec2.on(DescribeFlowLogsCommand).callsFake(() => (
    count('ec2:DescribeFlowLogs'),
    {
      FlowLogs: [
        { FlowLogId: 'fl-1', ResourceId: 'vpc-1', FlowLogStatus: 'ACTIVE', DeliverLogsStatus: 'SUCCESS', TrafficType: bad ? 'ACCEPT' : 'ALL', LogDestinationType: 'cloud-watch-logs' },
      ],
    }
  ));

  // Organizations, CloudTrail, CloudFront
  const org = mock(OrganizationsClient);
  org.on(DescribeOrganizationCommand).callsFake(() => (count('organizations:DescribeOrganization'), { Organization: { Id: 'o-synthetic', MasterAccountId: accountId } }));
  org.on(ListPoliciesCommand).callsFake(() => (count('organizations:ListPolicies'), { Policies: [{ Id: 'p-region', Name: 'DenyOtherRegions', AwsManaged: false }] }));
  org.on(DescribePolicyCommand).callsFake(() => (
    count('organizations:DescribePolicy'),
    { Policy: { Content: JSON.stringify({ Statement: [{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }] }) } }
  ));
  // The region SCP is attached to the root (misconfigured: attached nowhere, so it binds no account).
  org.on(ListTargetsForPolicyCommand).callsFake(() => (
    count('organizations:ListTargetsForPolicy'),
    { Targets: bad ? [] : [{ TargetId: 'r-synth', Arn: `arn:aws:organizations::${accountId}:root/o-synthetic/r-synth`, Name: 'Root', Type: 'ROOT' }] }
  ));
  org.on(ListRootsCommand).callsFake(() => (
    count('organizations:ListRoots'),
    { Roots: [{ Id: 'r-synth', Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }] }
  ));
  org.on(ListParentsCommand).callsFake(() => (count('organizations:ListParents'), { Parents: [{ Id: 'r-synth', Type: 'ROOT' }] }));
  // One multi-region trail homed in eu-west-1. DescribeTrails answers the same list in every region (in
  // the others it is the trail's shadow copy, as AWS returns it with includeShadowTrails).
  const trailKeyArn = `arn:aws:kms:eu-west-1:${accountId}:key/trail`;
  const ct = mock(CloudTrailClient);
  ct.on(DescribeTrailsCommand).callsFake(() => (
    count('cloudtrail:DescribeTrails'),
    {
      trailList: [
        {
          Name: 'org-trail',
          TrailARN: `arn:aws:cloudtrail:eu-west-1:${accountId}:trail/org-trail`,
          HomeRegion: 'eu-west-1',
          IsMultiRegionTrail: true,
          IncludeGlobalServiceEvents: true,
          LogFileValidationEnabled: true,
          KmsKeyId: trailKeyArn,
          S3BucketName: bucketNames[nBuckets - 1] ?? 'log-archive-elsewhere',
          CloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:${accountId}:log-group:trail`,
        },
      ],
    }
  ));
  ct.on(GetTrailStatusCommand).callsFake(() => (
    count('cloudtrail:GetTrailStatus'),
    { IsLogging: true, LatestDeliveryTime: new Date(now - 300_000), LatestCloudWatchLogsDeliveryTime: new Date(now - 300_000) }
  ));
  ct.on(GetEventSelectorsCommand).callsFake((input: { TrailName?: string }) => (
    count('cloudtrail:GetEventSelectors'),
    { TrailARN: input.TrailName, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] }
  ));
  const cf = mock(CloudFrontClient);
  cf.on(ListDistributionsCommand).callsFake(() => (
    count('cloudfront:ListDistributions'),
    {
      DistributionList: {
        Items: [
          {
            Id: 'E1',
            ARN: `arn:aws:cloudfront::${accountId}:distribution/E1`,
            DomainName: 'd1.cloudfront.net',
            Enabled: true,
            Status: 'Deployed',
            Origins: { Quantity: 1, Items: [{ Id: 'web', DomainName: 'web.example.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } }] },
            DefaultCacheBehavior: { TargetOriginId: 'web', ViewerProtocolPolicy: 'redirect-to-https' },
            CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: '/api/*', TargetOriginId: 'web', ViewerProtocolPolicy: bad ? 'allow-all' : 'https-only' }] },
            ViewerCertificate: { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1' },
          },
        ],
        IsTruncated: false,
        Quantity: 1,
      },
    }
  ));

  // Regional services
  mock(AccessAnalyzerClient).on(ListAnalyzersCommand).callsFake(() => (count('access-analyzer:ListAnalyzers'), { analyzers: [{ name: 'account', arn: 'arn:analyzer', type: 'ACCOUNT', status: 'ACTIVE' }] }));
  const cfg = mock(ConfigServiceClient);
  cfg.on(DescribeConfigurationRecordersCommand).callsFake(() => (count('config:DescribeConfigurationRecorders'), { ConfigurationRecorders: [{ name: 'default', roleARN: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } } }] }));
  cfg.on(DescribeConfigurationRecorderStatusCommand).callsFake(() => (count('config:DescribeConfigurationRecorderStatus'), { ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'SUCCESS' }] }));
  cfg.on(DescribeDeliveryChannelsCommand).callsFake(() => (count('config:DescribeDeliveryChannels'), { DeliveryChannels: [{ name: 'default', s3BucketName: 'config-history' }] }));
  // Misconfigured: the history bucket is gone, so the last delivery failed.
  cfg.on(DescribeDeliveryChannelStatusCommand).callsFake(() => (
    count('config:DescribeDeliveryChannelStatus'),
    {
      DeliveryChannelsStatus: [
        {
          name: 'default',
          configHistoryDeliveryInfo: bad ? { lastStatus: 'FAILURE', lastErrorCode: 'NoSuchBucket', lastErrorMessage: 'The specified bucket does not exist' } : { lastStatus: 'SUCCESS' },
          configSnapshotDeliveryInfo: { lastStatus: 'NOT_APPLICABLE' },
          configStreamDeliveryInfo: { lastStatus: 'NOT_APPLICABLE' },
        },
      ],
    }
  ));
  // ELBv2: an application load balancer whose HTTP listener redirects to HTTPS (misconfigured: one of its
  // rules forwards /api/* over plain HTTP), and a network load balancer with a TLS listener.
  const elb = mock(ElasticLoadBalancingV2Client);
  const albArn = `arn:aws:elasticloadbalancing:eu-west-1:${accountId}:loadbalancer/app/web/1`;
  const nlbArn = `arn:aws:elasticloadbalancing:eu-west-1:${accountId}:loadbalancer/net/api/2`;
  const tg = (name: string) => `arn:aws:elasticloadbalancing:eu-west-1:${accountId}:targetgroup/${name}/1`;
  const toHttps = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };
  elb.on(DescribeLoadBalancersCommand).callsFake(() => (
    count('elasticloadbalancing:DescribeLoadBalancers'),
    {
      LoadBalancers: [
        { LoadBalancerArn: albArn, LoadBalancerName: 'web', Type: 'application' },
        { LoadBalancerArn: nlbArn, LoadBalancerName: 'api', Type: 'network' },
      ],
    }
  ));
  elb.on(DescribeLoadBalancerAttributesCommand).callsFake(() => (
    count('elasticloadbalancing:DescribeLoadBalancerAttributes'),
    {
      Attributes: [
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: 'elb-logs' },
        { Key: 'access_logs.s3.prefix', Value: '' },
        { Key: 'deletion_protection.enabled', Value: 'true' },
      ],
    }
  ));
  elb.on(DescribeListenersCommand).callsFake((input: { LoadBalancerArn?: string }) => {
    count('elasticloadbalancing:DescribeListeners');
    const listener = (lb: string, port: number) => lb.replace(':loadbalancer/', ':listener/') + `/${port}`;
    if (input.LoadBalancerArn === nlbArn) {
      return { Listeners: [{ ListenerArn: listener(nlbArn, 443), LoadBalancerArn: nlbArn, Port: 443, Protocol: 'TLS', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg('api') }] }] };
    }
    return {
      Listeners: [
        { ListenerArn: listener(albArn, 443), LoadBalancerArn: albArn, Port: 443, Protocol: 'HTTPS', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg('web') }] },
        { ListenerArn: listener(albArn, 80), LoadBalancerArn: albArn, Port: 80, Protocol: 'HTTP', DefaultActions: [toHttps] },
      ],
    };
  });
  elb.on(DescribeRulesCommand).callsFake((input: { ListenerArn?: string; Marker?: string }) => {
    count('elasticloadbalancing:DescribeRules');
    const rule = (priority: string, actions: unknown[], extra: object = {}) => ({ RuleArn: `${(input.ListenerArn ?? '').replace(':listener/', ':listener-rule/')}/${priority}`, Priority: priority, Actions: actions, IsDefault: priority === 'default', ...extra });
    const rules = [
      rule('10', [toHttps], { Conditions: [{ Field: 'host-header', Values: ['old.example.com'] }] }),
      rule('20', bad ? [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg('web'), Weight: 1 }] } }] : [toHttps], { Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }] }),
      rule('default', [toHttps]),
    ];
    const p = page(rules, input.Marker, size);
    return { Rules: p.items, NextMarker: p.next };
  });
  const macie = mock(Macie2Client);
  macie.on(GetMacieSessionCommand).callsFake(() => (count('macie2:GetMacieSession'), { status: 'ENABLED' }));
  macie.on(GetAdministratorAccountCommand).callsFake(() => (count('macie2:GetAdministratorAccount'), {}));
  macie.on(GetAutomatedDiscoveryConfigurationCommand).callsFake(() => (count('macie2:GetAutomatedDiscoveryConfiguration'), { status: 'ENABLED' }));
  macie.on(ListAutomatedDiscoveryAccountsCommand).callsFake(() => (count('macie2:ListAutomatedDiscoveryAccounts'), { items: [{ accountId, status: 'ENABLED' }] }));
  const gd = mock(GuardDutyClient);
  gd.on(ListDetectorsCommand).callsFake(() => (count('guardduty:ListDetectors'), { DetectorIds: ['det1'] }));
  gd.on(GetDetectorCommand).callsFake(() => (count('guardduty:GetDetector'), { Status: 'ENABLED' }));
  gd.on(ListFindingsCommand).callsFake(() => (count('guardduty:ListFindings'), { FindingIds: [] }));
  const sh = mock(SecurityHubClient);
  sh.on(DescribeHubCommand).callsFake(() => (count('securityhub:DescribeHub'), { HubArn: `arn:aws:securityhub:eu-west-1:${accountId}:hub/default` }));
  // Misconfigured: the foundational standard could not be enabled completely (it needs a Config recorder).
  const standards = [
    { name: 'aws-foundational-security-best-practices/v/1.0.0', status: bad ? 'INCOMPLETE' : 'READY' },
    { name: 'cis-aws-foundations-benchmark/v/1.4.0', status: bad ? 'DELETING' : 'READY' },
  ];
  sh.on(GetEnabledStandardsCommand).callsFake((input: { NextToken?: string }) => {
    count('securityhub:GetEnabledStandards');
    const p = page(standards, input.NextToken, size);
    return {
      StandardsSubscriptions: p.items.map((st) => ({
        StandardsArn: `arn:aws:securityhub:eu-west-1::standards/${st.name}`,
        StandardsSubscriptionArn: `arn:aws:securityhub:eu-west-1:${accountId}:subscription/${st.name}`,
        StandardsInput: {},
        StandardsStatus: st.status,
        ...(st.status === 'INCOMPLETE' ? { StandardsStatusReason: { StatusReasonCode: 'NO_AVAILABLE_CONFIGURATION_RECORDER' } } : {}),
      })),
      NextToken: p.next,
    };
  });
  mock(Inspector2Client).on(BatchGetAccountStatusCommand).callsFake(() => (
    count('inspector2:BatchGetAccountStatus'),
    {
      accounts: [
        {
          accountId,
          state: { status: 'ENABLED' },
          resourceState: { ec2: { status: 'ENABLED' }, ecr: { status: 'ENABLED' }, lambda: { status: 'ENABLED' }, lambdaCode: { status: 'DISABLED' }, codeRepository: { status: 'DISABLED' } },
        },
      ],
      failedAccounts: [],
    }
  ));
  const cognito = mock(CognitoIdentityProviderClient);
  cognito.on(ListUserPoolsCommand).callsFake(() => (count('cognito-idp:ListUserPools'), { UserPools: [{ Id: 'eu-west-1_pool', Name: 'customers' }] }));
  cognito.on(DescribeUserPoolCommand).callsFake((input: { UserPoolId: string }) => (
    count('cognito-idp:DescribeUserPool'),
    { UserPool: { Id: input.UserPoolId, Name: 'customers', MfaConfiguration: 'ON', UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: bad ? 'AUDIT' : 'ENFORCED' }, LambdaConfig: {} } }
  ));
  const kms = mock(KMSClient);
  const keyIds = Array.from({ length: nKeys }, (_, i) => `key-${String(i).padStart(4, '0')}`);
  kms.on(ListKeysCommand).callsFake((input: { Marker?: string }) => {
    count('kms:ListKeys');
    const p = page(keyIds, input.Marker, size);
    return { Keys: p.items.map((k) => ({ KeyId: k, KeyArn: `arn:aws:kms:eu-west-1:${accountId}:key/${k}` })), Truncated: Boolean(p.next), NextMarker: p.next };
  });
  // Answers the listed keys and the trail's key (DescribeKey by ARN), each enabled.
  kms.on(DescribeKeyCommand).callsFake((input: { KeyId?: string }) => {
    count('kms:DescribeKey');
    const id = input.KeyId ?? '';
    const keyId = id.startsWith('arn:') ? id.split('/').pop()! : id;
    const arn = id.startsWith('arn:') ? id : `arn:aws:kms:eu-west-1:${accountId}:key/${id}`;
    return {
      KeyMetadata: { KeyId: keyId, Arn: arn, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'Enabled', Origin: 'AWS_KMS', MultiRegion: false, Enabled: true },
    };
  });
  kms.on(GetKeyRotationStatusCommand).callsFake((input: { KeyId: string }) => (
    count('kms:GetKeyRotationStatus'),
    { KeyId: input.KeyId, KeyRotationEnabled: true, RotationPeriodInDays: 365 }
  ));
  // ACM: like the real ListCertificates, only RSA_1024 and RSA_2048 certificates unless Includes.keyTypes asks for others.
  const certificates = [
    { CertificateArn: `arn:aws:acm:eu-west-1:${accountId}:certificate/1`, DomainName: 'example.com', Status: 'ISSUED', InUse: true, KeyAlgorithm: 'RSA_2048', NotAfter: new Date(now + 200 * 86_400_000) },
    // Misconfigured: an ECDSA certificate in use that expires in 10 days (invisible without Includes.keyTypes).
    { CertificateArn: `arn:aws:acm:eu-west-1:${accountId}:certificate/2`, DomainName: 'api.example.com', Status: 'ISSUED', InUse: true, KeyAlgorithm: 'EC_prime256v1', NotAfter: new Date(now + (bad ? 10 : 300) * 86_400_000) },
  ];
  mock(ACMClient).on(ListCertificatesCommand).callsFake((input: { Includes?: { keyTypes?: string[] }; NextToken?: string }) => {
    count('acm:ListCertificates');
    const keyTypes = input.Includes?.keyTypes?.length ? input.Includes.keyTypes : ['RSA_1024', 'RSA_2048'];
    const p = page(certificates.filter((c) => keyTypes.includes(c.KeyAlgorithm)), input.NextToken, size);
    return { CertificateSummaryList: p.items, NextToken: p.next };
  });

  return {
    stubs,
    stub: (Client) => {
      const found = byClient.get(Client);
      if (!found) throw new Error('that client is not mocked');
      return found;
    },
    counter,
    restore: () => stubs.forEach((s) => s.restore()),
    clients: (defaultRegion) => (middleware ? new SyntheticAwsClients(defaultRegion, tables) : new AwsClients({ defaultRegion })),
  };
}

/**
 * An account where the scanner may call sts:GetCallerIdentity and nothing else: every other request of
 * every client the synthetic account mocks is answered with AccessDenied, as IAM answers a principal
 * that lacks the scanner policy.
 */
export function mockDeniedAccount(accountId = SYNTHETIC_ACCOUNT_ID): { restore: () => void } {
  const account = mockSyntheticAccount({ accountId });
  for (const stub of account.stubs as unknown as AwsStub<object, MetadataBearer, unknown>[]) {
    stub.reset();
    stub.onAnyCommand().callsFake(() => {
      throw awsError('AccessDenied', `User: arn:aws:iam::${accountId}:role/scanner is not authorized to perform this action`);
    });
  }
  (account.stub(STSClient) as unknown as AwsStub<object, MetadataBearer, unknown>)
    .on(GetCallerIdentityCommand)
    .resolves({ Account: accountId, Arn: `arn:aws:iam::${accountId}:role/scanner` });
  return { restore: account.restore };
}
