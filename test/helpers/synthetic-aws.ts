import { AccessAnalyzerClient, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { ACMClient, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CognitoIdentityProviderClient, DescribeUserPoolCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
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
import { DescribeOrganizationCommand, DescribePolicyCommand, ListPoliciesCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
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
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
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
      return `${u},arn:aws:iam::${accountId}:user/${u},${daysAgo(300)},${human},${human ? daysAgo(3) : 'N/A'},N/A,N/A,${mfa},${!human},${human ? 'N/A' : daysAgo(20)},${human ? 'N/A' : daysAgo(1)},N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
    }),
  ].join('\n');
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
    return { UserDetailList: p.items, Policies: policies, IsTruncated: Boolean(p.next), Marker: p.next };
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
  ec2.on(DescribeRegionsCommand).callsFake(() => (
    count('ec2:DescribeRegions'),
    { Regions: [{ RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }, { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' }] }
  ));
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
          LogFileValidationEnabled: true,
          KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/trail',
          S3BucketName: bucketNames[nBuckets - 1] ?? 'log-archive-elsewhere',
          CloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:trail',
        },
      ],
    }
  ));
  ct.on(GetTrailStatusCommand).callsFake(() => (count('cloudtrail:GetTrailStatus'), { IsLogging: true }));
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
  cfg.on(DescribeConfigurationRecordersCommand).callsFake(() => (count('config:DescribeConfigurationRecorders'), { ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true } }] }));
  cfg.on(DescribeConfigurationRecorderStatusCommand).callsFake(() => (count('config:DescribeConfigurationRecorderStatus'), { ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'SUCCESS' }] }));
  const elb = mock(ElasticLoadBalancingV2Client);
  elb.on(DescribeLoadBalancersCommand).callsFake(() => (
    count('elasticloadbalancing:DescribeLoadBalancers'),
    { LoadBalancers: [{ LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1', LoadBalancerName: 'web', Type: 'application' }] }
  ));
  elb.on(DescribeLoadBalancerAttributesCommand).callsFake(() => (count('elasticloadbalancing:DescribeLoadBalancerAttributes'), { Attributes: [{ Key: 'access_logs.s3.enabled', Value: 'true' }] }));
  elb.on(DescribeListenersCommand).callsFake(() => (
    count('elasticloadbalancing:DescribeListeners'),
    { Listeners: [{ Port: 443, Protocol: 'HTTPS', DefaultActions: [{ Type: 'forward' }] }, { Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS' } }] }] }
  ));
  const macie = mock(Macie2Client);
  macie.on(GetMacieSessionCommand).callsFake(() => (count('macie2:GetMacieSession'), { status: 'ENABLED' }));
  macie.on(GetAdministratorAccountCommand).callsFake(() => (count('macie2:GetAdministratorAccount'), {}));
  macie.on(GetAutomatedDiscoveryConfigurationCommand).callsFake(() => (count('macie2:GetAutomatedDiscoveryConfiguration'), { status: 'ENABLED' }));
  macie.on(ListAutomatedDiscoveryAccountsCommand).callsFake(() => (count('macie2:ListAutomatedDiscoveryAccounts'), { items: [{ accountId, status: 'ENABLED' }] }));
  const gd = mock(GuardDutyClient);
  gd.on(ListDetectorsCommand).callsFake(() => (count('guardduty:ListDetectors'), { DetectorIds: ['det1'] }));
  gd.on(GetDetectorCommand).callsFake(() => (count('guardduty:GetDetector'), { Status: 'ENABLED' }));
  gd.on(ListFindingsCommand).callsFake(() => (count('guardduty:ListFindings'), { FindingIds: [] }));
  mock(SecurityHubClient).on(DescribeHubCommand).callsFake(() => (count('securityhub:DescribeHub'), { HubArn: 'arn:aws:securityhub:eu-west-1:111122223333:hub/default' }));
  mock(Inspector2Client).on(BatchGetAccountStatusCommand).callsFake(() => (
    count('inspector2:BatchGetAccountStatus'),
    { accounts: [{ accountId, state: { status: 'ENABLED' }, resourceState: { ec2: { status: 'ENABLED' }, ecr: { status: 'ENABLED' }, lambda: { status: 'ENABLED' } } }], failedAccounts: [] }
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
  kms.on(DescribeKeyCommand).callsFake((input: { KeyId: string }) => (
    count('kms:DescribeKey'),
    { KeyMetadata: { KeyId: input.KeyId, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'Enabled', Origin: 'AWS_KMS', MultiRegion: false } }
  ));
  kms.on(GetKeyRotationStatusCommand).callsFake((input: { KeyId: string }) => (
    count('kms:GetKeyRotationStatus'),
    { KeyId: input.KeyId, KeyRotationEnabled: true, RotationPeriodInDays: 365 }
  ));
  mock(ACMClient).on(ListCertificatesCommand).callsFake(() => (
    count('acm:ListCertificates'),
    { CertificateSummaryList: [{ CertificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/1', DomainName: 'example.com', Status: 'ISSUED', InUse: true, NotAfter: new Date(now + 200 * 86_400_000) }] }
  ));

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
