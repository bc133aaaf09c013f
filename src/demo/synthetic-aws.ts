/**
 * A synthetic AWS account: every AWS API the scanner, the fixes and just-in-time access call, answered from
 * tables of handlers over a small in-memory state. `gdpr-bot demo` runs the bot against it (so the demo needs
 * no AWS account and reaches no AWS endpoint), and the tests and benchmarks mock AWS with the same tables
 * (test/helpers/synthetic-aws.ts plugs them into aws-sdk-client-mock).
 *
 * With `writable`, the writes of the fixes (PutPublicAccessBlock, PutBucketEncryption, PutBucketPolicy,
 * EnableEbsEncryptionByDefault) change that state, so the verification that follows a fix reads it fixed,
 * and STS AssumeRole and the role policies that just-in-time access revokes with are answered too.
 */
import { AccessAnalyzerClient, ListAnalyzersCommand, ListFindingsV2Command } from '@aws-sdk/client-accessanalyzer';
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
  DescribeComplianceByConfigRuleCommand,
} from '@aws-sdk/client-config-service';
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import {
  DescribeFlowLogsCommand,
  DescribeRegionsCommand,
  DescribeSnapshotAttributeCommand,
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  DescribeVpnConnectionsCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeSSLPoliciesCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand as GetGuardDutyAdministratorCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  ListVirtualMFADevicesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import {
  DescribeBucketsCommand as DescribeMacieBucketsCommand,
  GetAdministratorAccountCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetFindingsCommand as GetMacieFindingsCommand,
  GetMacieSessionCommand,
  GetResourceProfileCommand,
  ListResourceProfileDetectionsCommand,
  ListAutomatedDiscoveryAccountsCommand,
  ListFindingsCommand as ListMacieFindingsCommand,
  Macie2Client,
} from '@aws-sdk/client-macie2';
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterParametersCommand,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type PublicAccessBlockConfiguration,
  type ServerSideEncryptionConfiguration,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import {
  BatchEnableStandardsCommand,
  DescribeHubCommand,
  EnableSecurityHubCommand,
  GetEnabledStandardsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClients, type AccountTarget, type AwsClientClass } from '../aws/clients.js';
import { syntheticAlertsTopic, syntheticMetricFilters } from './synthetic/cloudwatch.js';
import { SYNTHETIC_SERVICES } from './synthetic/index.js';
import { awsError, page, type CommandTable, type SyntheticAccount, type SyntheticCall, type SyntheticHandler } from './synthetic/service.js';

export { awsError, type CommandTable, type SyntheticAccount, type SyntheticCall, type SyntheticHandler } from './synthetic/service.js';

/** The part of the synthetic account that writes change (see `writable`). */
export interface SyntheticState {
  /** The buckets' names. */
  buckets: Set<string>;
  /** Bucket → its Block Public Access settings (absent: none configured). */
  bucketBlock: Map<string, PublicAccessBlockConfiguration>;
  bucketEncryption: Map<string, ServerSideEncryptionConfiguration>;
  /** Bucket → its policy document (JSON text). */
  bucketPolicy: Map<string, string>;
  accountBlock: PublicAccessBlockConfiguration;
  /** Regions where EBS encryption by default was turned on (on everywhere unless `misconfigured`). */
  ebsDefaultOn: Set<string>;
  /** Security Hub's standards (name after `standards/` in the ARN) and their status. */
  standards: { name: string; status: string }[];
  /** Role name → inline policy name → document (JSON text). */
  rolePolicies: Map<string, Map<string, string>>;
  /** Sessions minted by AssumeRole: role ARN and source identity (never the credentials). */
  sessions: { roleArn: string; sourceIdentity?: string }[];
}

export const SYNTHETIC_ACCOUNT_ID = '111122223333';

/** The commercial partition's regions that every account has enabled (they cannot be turned off). */
export const DEFAULT_REGIONS = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];
/** Regions an account must opt in to. */
export const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

const TLS_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
});

const ALL_BLOCKED: Required<PublicAccessBlockConfiguration> = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** A table of handlers for one client class, with no call history (what the demo and the benchmark use). */
export class HandlerTable implements CommandTable {
  readonly handlers = new Map<string, SyntheticHandler>();
  on(command: unknown): { callsFake(fn: SyntheticHandler): unknown } {
    const name = (command as { name: string }).name;
    return { callsFake: (fn: SyntheticHandler) => this.handlers.set(name, fn) };
  }
  restore(): void {
    this.handlers.clear();
  }
}

/**
 * An {@link AwsClients} whose clients are answered by handler tables, through a middleware at the front of
 * each client's stack: no request leaves the process, and a command without a handler fails (never reaches
 * AWS). Member-account clients (`forAccount`) are answered by the same tables.
 */
export class SyntheticAwsClients extends AwsClients {
  private readonly wired = new WeakSet<object>();
  constructor(
    defaultRegion: string,
    private readonly tables: ReadonlyMap<unknown, HandlerTable>,
    account: AccountTarget = {},
    /** What each call costs (default nothing: answered at once, no CPU spent); the benchmark sets it. */
    private readonly cost: SyntheticCallCost = NO_COST,
  ) {
    super({ defaultRegion }, account);
  }
  override get<C>(Client: AwsClientClass<C>, region?: string): C {
    const client = super.get(Client, region);
    if (!this.wired.has(client as object)) {
      this.wired.add(client as object);
      const table = this.tables.get(Client);
      const config = (client as { config: { region: () => Promise<string> } }).config;
      const stack = (client as { middlewareStack: { add(mw: unknown, options: unknown): void } }).middlewareStack;
      stack.add(
        (_next: unknown, context: { commandName?: string }) => async (args: { input: never }) => {
          const handler = table?.handlers.get(context.commandName ?? '');
          if (!handler) throw new Error(`synthetic account: ${Client.name} ${context.commandName} is not mocked`);
          await chargeCall(this.cost);
          return { output: { ...((await handler(args.input, { region: () => config.region() })) as object), $metadata: {} }, response: {} };
        },
        { step: 'initialize', priority: 'high', name: 'syntheticAccount' },
      );
    }
    return client;
  }
  override forAccount(target: AccountTarget & { roleArn: string }): AwsClients {
    return new SyntheticAwsClients(this.settings.defaultRegion, this.tables, target, this.cost);
  }
}

/**
 * What one synthetic AWS call costs the process that makes it, so that a benchmark against the synthetic
 * account sees what real AWS would cost: `cpuUs` of CPU (a busy loop: the serialising, signing and parsing
 * the real SDK does per call, which the middleware skips) and `latencyMs` of waiting (a timer: the network
 * and AWS's own time). bench/sdk-cpu.ts measures the real SDK's per-call CPU the defaults of `npm run bench` come from.
 */
export interface SyntheticCallCost {
  latencyMs: number;
  cpuUs: number;
}

const NO_COST: SyntheticCallCost = { latencyMs: 0, cpuUs: 0 };

/** Spends `cost.cpuUs` of CPU on this thread, then waits `cost.latencyMs`. */
export async function chargeCall(cost: SyntheticCallCost): Promise<void> {
  if (cost.cpuUs > 0) {
    const until = performance.now() + cost.cpuUs / 1000;
    while (performance.now() < until) {
      // busy: this is the CPU the real SDK would spend on the call
    }
  }
  if (cost.latencyMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, cost.latencyMs));
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
 * Registers the synthetic account's handlers, through `mock` (called once per client class), for every AWS
 * client the bot uses: `buckets` buckets, `users` IAM users, `keys` KMS keys per region, and so on. Returns
 * a counter of every request served and the state the writes change.
 */
export function defineSyntheticAccount(shape: SyntheticAccount, mock: (Client: unknown) => CommandTable): { counter: CallCounter; state: SyntheticState } {
  const accountId = shape.accountId ?? SYNTHETIC_ACCOUNT_ID;
  const size = shape.pageSize ?? 100;
  const nBuckets = shape.buckets ?? 3;
  const nUsers = shape.users ?? 3;
  const nKeys = shape.keys ?? 2;
  const nVolumes = shape.volumes ?? 2;
  const bad = shape.misconfigured ?? false;
  const counter = new CallCounter();
  const state: SyntheticState = {
    buckets: new Set(),
    bucketBlock: new Map(),
    bucketEncryption: new Map(),
    bucketPolicy: new Map(),
    accountBlock: {},
    ebsDefaultOn: new Set(),
    standards: [],
    rolePolicies: new Map(),
    sessions: [],
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
  const userNames = shape.userNames ?? Array.from({ length: nUsers }, (_, i) => `user-${String(i).padStart(4, '0')}`);
  const csv = [
    header,
    `<root_account>,arn:aws:iam::${accountId}:root,${daysAgo(900)},not_supported,${daysAgo(400)},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    ...userNames.map((u, i) => {
      const human = i % 2 === 0;
      const mfa = !(bad && i % 10 === 0);
      // Misconfigured: the first machine user's key rotation left the old key active beside the new one.
      const key2 = bad && i === 1 ? `true,${daysAgo(4)},${daysAgo(1)},eu-west-1,s3` : 'false,N/A,N/A,N/A,N/A';
      return `${u},arn:aws:iam::${accountId}:user/${u},${daysAgo(300)},${human},${human ? daysAgo(3) : 'N/A'},${human ? daysAgo(60) : 'N/A'},N/A,${mfa},${!human},${human ? 'N/A' : daysAgo(20)},${human ? 'N/A' : daysAgo(1)},${human ? 'N/A' : 'eu-west-1'},${human ? 'N/A' : 's3'},${key2},false,N/A,false,N/A`;
    }),
  ].join('\r\n');
  iam.on(GetCredentialReportCommand).callsFake(() => (count('iam:GetCredentialReport'), { Content: new TextEncoder().encode(csv), ReportFormat: 'text/csv' }));
  iam.on(GetAccountSummaryCommand).callsFake(() => (count('iam:GetAccountSummary'), { SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } }));
  iam.on(ListVirtualMFADevicesCommand).callsFake(() => (count('iam:ListVirtualMFADevices'), { VirtualMFADevices: [], IsTruncated: false }));
  // People sign in through IAM Identity Center (misconfigured: its SAML provider is gone); GitHub Actions deploys through OIDC.
  iam.on(ListSAMLProvidersCommand).callsFake(
    () => (
      count('iam:ListSAMLProviders'),
      {
        SAMLProviderList: bad
          ? []
          : [
              {
                Arn: `arn:aws:iam::${accountId}:saml-provider/AWSSSO_4f1c2a9e7b3d5c60_DO_NOT_DELETE`,
                ValidUntil: new Date(now + 36_500 * 86_400_000),
                CreateDate: new Date(now - 400 * 86_400_000),
              },
            ],
      }
    ),
  );
  iam
    .on(ListOpenIDConnectProvidersCommand)
    .callsFake(
      () => (
        count('iam:ListOpenIDConnectProviders'),
        { OpenIDConnectProviderList: [{ Arn: `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com` }] }
      ),
    );
  iam.on(GetAccountPasswordPolicyCommand).callsFake(
    () => (
      count('iam:GetAccountPasswordPolicy'),
      // Misconfigured: the character classes of an old policy, symbols and numbers only.
      {
        PasswordPolicy: {
          MinimumPasswordLength: 14,
          PasswordReusePrevention: 24,
          RequireSymbols: true,
          RequireNumbers: true,
          ...(bad ? {} : { RequireUppercaseCharacters: true, RequireLowercaseCharacters: true }),
        },
      }
    ),
  );
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
            PolicyVersionList: [
              {
                IsDefaultVersion: true,
                Document: encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })),
              },
            ],
          },
        ];
    // Groups and roles come with the first page (IAM pages the four lists together; any page may carry any of them).
    const groups = input.Marker
      ? []
      : [
          {
            GroupName: 'analysts',
            Arn: `arn:aws:iam::${accountId}:group/analysts`,
            GroupPolicyList: bad
              ? [
                  {
                    PolicyName: 'almost-all',
                    PolicyDocument: encodeURIComponent(
                      JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', NotAction: 's3:*', Resource: '*' } }),
                    ),
                  },
                ]
              : [],
            AttachedManagedPolicies: [{ PolicyName: 'ReadData', PolicyArn: `arn:aws:iam::${accountId}:policy/ReadData` }],
          },
        ];
    const roles = input.Marker
      ? []
      : [
          {
            RoleName: 'app',
            Arn: `arn:aws:iam::${accountId}:role/app`,
            AssumeRolePolicyDocument: encodeURIComponent(
              JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
            ),
            RolePolicyList: [
              {
                PolicyName: 'queue',
                PolicyDocument: encodeURIComponent(
                  JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:eu-west-1:${accountId}:orders` }] }),
                ),
              },
            ],
            AttachedManagedPolicies: bad
              ? [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }]
              : [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
          },
          // AWS Control Tower's service role in the management account (misconfigured: no landing zone).
          ...(bad
            ? []
            : [
                {
                  RoleName: 'AWSControlTowerAdmin',
                  Path: '/service-role/',
                  Arn: `arn:aws:iam::${accountId}:role/service-role/AWSControlTowerAdmin`,
                  AssumeRolePolicyDocument: encodeURIComponent(
                    JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'controltower.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
                  ),
                  RolePolicyList: [],
                  AttachedManagedPolicies: [
                    { PolicyName: 'AWSControlTowerServiceRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSControlTowerServiceRolePolicy' },
                  ],
                },
              ]),
          // The incident team's support role (misconfigured: never created, as in most accounts).
          ...(bad
            ? []
            : [
                {
                  RoleName: 'support',
                  Path: '/',
                  Arn: `arn:aws:iam::${accountId}:role/support`,
                  AssumeRolePolicyDocument: encodeURIComponent(
                    JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] }),
                  ),
                  RolePolicyList: [],
                  AttachedManagedPolicies: [{ PolicyName: 'AWSSupportAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }],
                },
              ]),
        ];
    return { UserDetailList: p.items, GroupDetailList: groups, RoleDetailList: roles, Policies: policies, IsTruncated: Boolean(p.next), Marker: p.next };
  });

  // S3
  const bucketNames = shape.bucketNames ?? Array.from({ length: nBuckets }, (_, i) => `bucket-${String(i).padStart(5, '0')}`);
  const nBucketsListed = bucketNames.length;
  const badBuckets = new Set(bad ? bucketNames.slice(0, shape.publicBuckets ?? 3) : []);
  const isBad = (name: string) => badBuckets.has(name);
  // What the remediation writes change (see `writable`); the reads below answer from it.
  for (const name of bucketNames) {
    state.buckets.add(name);
    if (!isBad(name)) {
      state.bucketBlock.set(name, { ...ALL_BLOCKED });
      // The first bucket, where Macie finds personal data, uses SSE-KMS; the others SSE-S3.
      state.bucketEncryption.set(
        name,
        name === bucketNames[0]
          ? {
              Rules: [
                {
                  ApplyServerSideEncryptionByDefault: {
                    SSEAlgorithm: 'aws:kms',
                    KMSMasterKeyID: `arn:aws:kms:eu-west-1:${accountId}:key/1b2c3d4e-0000-4000-8000-000000005353`,
                  },
                },
              ],
            }
          : { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      );
      state.bucketPolicy.set(name, TLS_POLICY);
    }
  }
  state.accountBlock = { ...ALL_BLOCKED, RestrictPublicBuckets: !bad };
  const s3 = mock(S3Client);
  s3.on(ListBucketsCommand).callsFake((input: { ContinuationToken?: string }) => {
    count('s3:ListBuckets');
    const p = page(bucketNames, input.ContinuationToken, Math.min(size, 1000));
    // Misconfigured: the last bucket was created in us-east-1, outside the allowed regions.
    return {
      Buckets: p.items.map((n) => ({ Name: n, BucketRegion: bad && n === bucketNames.at(-1) && bucketNames.length > 1 ? 'us-east-1' : 'eu-west-1' })),
      ContinuationToken: p.next,
    };
  });
  // For a ListBuckets answer without BucketRegion: eu-west-1 buckets answer their LocationConstraint.
  s3.on(GetBucketLocationCommand).callsFake(() => (count('s3:GetBucketLocation'), { LocationConstraint: 'eu-west-1' }));
  s3.on(GetPublicAccessBlockCommand).callsFake((input: { Bucket: string }) => {
    count('s3:GetPublicAccessBlock');
    const config = state.bucketBlock.get(input.Bucket);
    if (!config) throw awsError('NoSuchPublicAccessBlockConfiguration');
    return { PublicAccessBlockConfiguration: { ...config } };
  });
  s3.on(GetBucketPolicyStatusCommand).callsFake(
    (input: { Bucket: string }) => (count('s3:GetBucketPolicyStatus'), { PolicyStatus: { IsPublic: isBad(input.Bucket) } }),
  );
  s3.on(GetBucketAclCommand).callsFake(
    () => (count('s3:GetBucketAcl'), { Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' }] }),
  );
  s3.on(GetBucketEncryptionCommand).callsFake((input: { Bucket: string }) => {
    count('s3:GetBucketEncryption');
    const config = state.bucketEncryption.get(input.Bucket);
    if (!config) throw awsError('ServerSideEncryptionConfigurationNotFoundError');
    return { ServerSideEncryptionConfiguration: structuredClone(config) };
  });
  s3.on(GetBucketPolicyCommand).callsFake((input: { Bucket: string }) => {
    count('s3:GetBucketPolicy');
    const policy = state.bucketPolicy.get(input.Bucket);
    if (policy === undefined) throw awsError('NoSuchBucketPolicy');
    return { Policy: policy };
  });
  // Server access logging, read for the trail's bucket: on, to an access-log bucket (misconfigured: off).
  s3.on(GetBucketLoggingCommand).callsFake(
    (input: { Bucket: string }) => (
      count('s3:GetBucketLogging'),
      bad ? {} : { LoggingEnabled: { TargetBucket: 'access-logs-archive', TargetPrefix: `${input.Bucket}/` } }
    ),
  );
  s3.on(GetBucketVersioningCommand).callsFake(() => (count('s3:GetBucketVersioning'), { Status: 'Enabled', MFADelete: 'Enabled' }));
  const control = mock(S3ControlClient);
  control
    .on(GetAccountPublicAccessBlockCommand)
    .callsFake(() => (count('s3control:GetPublicAccessBlock'), { PublicAccessBlockConfiguration: { ...state.accountBlock } }));

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
  ec2.on(GetEbsEncryptionByDefaultCommand).callsFake(async (_input: unknown, call: SyntheticCall) => {
    count('ec2:GetEbsEncryptionByDefault');
    return { EbsEncryptionByDefault: !bad || state.ebsDefaultOn.has(await call.region()) };
  });
  ec2.on(DescribeVolumesCommand).callsFake((input: { NextToken?: string }) => {
    count('ec2:DescribeVolumes');
    const vols = Array.from({ length: nVolumes }, (_, i) => ({ VolumeId: `vol-${i}`, Encrypted: true, State: 'in-use' }));
    const p = page(vols, input.NextToken, size);
    return { Volumes: p.items, NextToken: p.next };
  });
  ec2.on(DescribeVpcsCommand).callsFake(() => (count('ec2:DescribeVpcs'), { Vpcs: [{ VpcId: 'vpc-1', OwnerId: accountId, State: 'available' }] }));
  ec2.on(DescribeSubnetsCommand).callsFake(
    () => (
      count('ec2:DescribeSubnets'),
      {
        Subnets: [
          { SubnetId: 'subnet-1a', VpcId: 'vpc-1', OwnerId: accountId },
          { SubnetId: 'subnet-1b', VpcId: 'vpc-1', OwnerId: accountId },
        ],
      }
    ),
  );
  // One Site-to-Site VPN connection to the office, both tunnels up (misconfigured: the second tunnel is down).
  ec2.on(DescribeVpnConnectionsCommand).callsFake(async (_input: unknown, call: SyntheticCall) => {
    count('ec2:DescribeVpnConnections');
    const region = await call.region();
    const tunnel = (ip: string, up: boolean) => ({
      OutsideIpAddress: ip,
      Status: up ? 'UP' : 'DOWN',
      StatusMessage: up ? '1 BGP ROUTES' : 'IPSEC IS DOWN',
      AcceptedRouteCount: up ? 1 : 0,
      LastStatusChange: new Date(now - 86_400_000),
    });
    return {
      VpnConnections: [
        {
          VpnConnectionId: 'vpn-office',
          State: 'available',
          Type: 'ipsec.1',
          CustomerGatewayId: 'cgw-office',
          VpnGatewayId: 'vgw-1',
          Category: 'VPN',
          Tags: [{ Key: 'Name', Value: `office-${region}` }],
          VgwTelemetry: [tunnel('203.0.113.10', true), tunnel('203.0.113.20', !bad)],
        },
      ],
    };
  });
  ec2.on(DescribeFlowLogsCommand).callsFake(
    () => (
      count('ec2:DescribeFlowLogs'),
      {
        FlowLogs: [
          {
            FlowLogId: 'fl-1',
            ResourceId: 'vpc-1',
            FlowLogStatus: 'ACTIVE',
            DeliverLogsStatus: 'SUCCESS',
            TrafficType: bad ? 'ACCEPT' : 'ALL',
            LogDestinationType: 'cloud-watch-logs',
          },
        ],
      }
    ),
  );

  // Security groups: a web tier open on HTTPS and a database reachable from it (misconfigured: a
  // launch-wizard group that opens SSH to the internet). AMIs: one private image the account owns.
  ec2.on(DescribeSecurityGroupsCommand).callsFake((input: { NextToken?: string }) => {
    count('ec2:DescribeSecurityGroups');
    const all = [
      {
        GroupId: 'sg-web',
        GroupName: 'web',
        OwnerId: accountId,
        VpcId: 'vpc-1',
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
      },
      {
        GroupId: 'sg-db',
        GroupName: 'db',
        OwnerId: accountId,
        VpcId: 'vpc-1',
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-web', UserId: accountId }] }],
      },
      ...(bad
        ? [
            {
              GroupId: 'sg-wizard',
              GroupName: 'launch-wizard-1',
              OwnerId: accountId,
              VpcId: 'vpc-1',
              IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
            },
          ]
        : []),
    ];
    const p = page(all, input.NextToken, size);
    return { SecurityGroups: p.items, NextToken: p.next };
  });
  ec2.on(DescribeImagesCommand).callsFake((input: { NextToken?: string; Owners?: string[] }) => {
    count('ec2:DescribeImages');
    const owned = input.Owners?.includes('self') || input.Owners?.includes(accountId);
    const p = page(owned ? [{ ImageId: 'ami-0000', Name: 'web-base', OwnerId: accountId, Public: false, State: 'available' }] : [], input.NextToken, size);
    return { Images: p.items, NextToken: p.next };
  });

  // Organizations, CloudTrail, CloudFront
  const org = mock(OrganizationsClient);
  org
    .on(DescribeOrganizationCommand)
    .callsFake(() => (count('organizations:DescribeOrganization'), { Organization: { Id: 'o-synthetic', MasterAccountId: accountId } }));
  org
    .on(ListPoliciesCommand)
    .callsFake(() => (count('organizations:ListPolicies'), { Policies: [{ Id: 'p-region', Name: 'DenyOtherRegions', AwsManaged: false }] }));
  org.on(DescribePolicyCommand).callsFake(
    () => (
      count('organizations:DescribePolicy'),
      {
        Policy: {
          Content: JSON.stringify({
            Statement: [{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }],
          }),
        },
      }
    ),
  );
  // The region SCP is attached to the root (misconfigured: attached nowhere, so it binds no account).
  org
    .on(ListTargetsForPolicyCommand)
    .callsFake(
      () => (
        count('organizations:ListTargetsForPolicy'),
        { Targets: bad ? [] : [{ TargetId: 'r-synth', Arn: `arn:aws:organizations::${accountId}:root/o-synthetic/r-synth`, Name: 'Root', Type: 'ROOT' }] }
      ),
    );
  org
    .on(ListRootsCommand)
    .callsFake(
      () => (
        count('organizations:ListRoots'),
        { Roots: [{ Id: 'r-synth', Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }] }
      ),
    );
  // Trusted access: IAM Identity Center and StackSets, and (well configured) AWS Control Tower's landing zone.
  org.on(ListAWSServiceAccessForOrganizationCommand).callsFake(
    () => (
      count('organizations:ListAWSServiceAccessForOrganization'),
      {
        EnabledServicePrincipals: [
          ...(bad ? [] : [{ ServicePrincipal: 'controltower.amazonaws.com' }]),
          { ServicePrincipal: 'sso.amazonaws.com' },
          { ServicePrincipal: 'member.org.stacksets.cloudformation.amazonaws.com' },
        ],
      }
    ),
  );
  org.on(ListParentsCommand).callsFake(() => (count('organizations:ListParents'), { Parents: [{ Id: 'r-synth', Type: 'ROOT' }] }));
  // One multi-region trail homed in eu-west-1. DescribeTrails answers the same list in every region (in
  // the others it is the trail's shadow copy, as AWS returns it with includeShadowTrails).
  const trailKeyArn = `arn:aws:kms:eu-west-1:${accountId}:key/trail`;
  const ct = mock(CloudTrailClient);
  ct.on(DescribeTrailsCommand).callsFake(
    () => (
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
            S3BucketName: bucketNames[nBucketsListed - 1] ?? 'log-archive-elsewhere',
            CloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:${accountId}:log-group:trail`,
          },
        ],
      }
    ),
  );
  ct.on(GetTrailStatusCommand).callsFake(
    () => (
      count('cloudtrail:GetTrailStatus'),
      { IsLogging: true, LatestDeliveryTime: new Date(now - 300_000), LatestCloudWatchLogsDeliveryTime: new Date(now - 300_000) }
    ),
  );
  ct.on(GetEventSelectorsCommand).callsFake(
    (input: { TrailName?: string }) => (
      count('cloudtrail:GetEventSelectors'),
      // S3 data events of every bucket (misconfigured: of one bucket only).
      {
        TrailARN: input.TrailName,
        EventSelectors: [
          {
            ReadWriteType: 'All',
            IncludeManagementEvents: true,
            DataResources: [{ Type: 'AWS::S3::Object', Values: [bad ? `arn:aws:s3:::${bucketNames[0] ?? 'customer-data'}/` : 'arn:aws:s3'] }],
            ExcludeManagementEventSources: [],
          },
        ],
      }
    ),
  );
  const cf = mock(CloudFrontClient);
  cf.on(ListDistributionsCommand).callsFake(
    () => (
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
              Origins: {
                Quantity: 1,
                Items: [
                  {
                    Id: 'web',
                    DomainName: 'web.example.com',
                    CustomOriginConfig: {
                      HTTPPort: 80,
                      HTTPSPort: 443,
                      OriginProtocolPolicy: 'https-only',
                      // Misconfigured: the origin still offers TLS 1.0 and 1.1 (the console's old default).
                      OriginSslProtocols: bad ? { Quantity: 3, Items: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] } : { Quantity: 1, Items: ['TLSv1.2'] },
                    },
                  },
                ],
              },
              DefaultCacheBehavior: { TargetOriginId: 'web', ViewerProtocolPolicy: 'redirect-to-https' },
              CacheBehaviors: {
                Quantity: 1,
                Items: [{ PathPattern: '/api/*', TargetOriginId: 'web', ViewerProtocolPolicy: bad ? 'allow-all' : 'https-only' }],
              },
              Aliases: { Quantity: 1, Items: ['www.example.com'] },
              ViewerCertificate: {
                CloudFrontDefaultCertificate: false,
                ACMCertificateArn: `arn:aws:acm:us-east-1:${accountId}:certificate/www`,
                SSLSupportMethod: 'sni-only',
                MinimumProtocolVersion: 'TLSv1.2_2021',
                Certificate: `arn:aws:acm:us-east-1:${accountId}:certificate/www`,
                CertificateSource: 'acm',
              },
            },
          ],
          IsTruncated: false,
          Quantity: 1,
        },
      }
    ),
  );

  // Regional services
  const aa = mock(AccessAnalyzerClient);
  aa.on(ListAnalyzersCommand).callsFake(
    () => (count('access-analyzer:ListAnalyzers'), { analyzers: [{ name: 'account', arn: 'arn:analyzer', type: 'ACCOUNT', status: 'ACTIVE' }] }),
  );
  // Misconfigured: the analyzer has found the first public bucket and not been looked at.
  aa.on(ListFindingsV2Command).callsFake((input: { nextToken?: string; filter?: Record<string, { eq?: string[] }> }) => {
    count('access-analyzer:ListFindingsV2');
    const wanted = input.filter?.status?.eq;
    const all =
      bad && bucketNames.length > 0
        ? [
            {
              id: 'finding-1',
              resource: `arn:aws:s3:::${bucketNames[0]}`,
              resourceType: 'AWS::S3::Bucket',
              resourceOwnerAccount: accountId,
              status: 'ACTIVE',
              findingType: 'ExternalAccess',
              createdAt: new Date(now),
              analyzedAt: new Date(now),
              updatedAt: new Date(now),
            },
          ]
        : [];
    const p = page(
      all.filter((f) => !wanted || wanted.includes(f.status)),
      input.nextToken,
      size,
    );
    return { findings: p.items, nextToken: p.next };
  });
  const cfg = mock(ConfigServiceClient);
  // Misconfigured: the recorder runs as a hand-made role and leaves the global IAM resource types out.
  const recorderRole = bad
    ? `arn:aws:iam::${accountId}:role/config-recorder`
    : `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
  cfg.on(DescribeConfigurationRecordersCommand).callsFake(
    () => (
      count('config:DescribeConfigurationRecorders'),
      {
        ConfigurationRecorders: [
          {
            name: 'default',
            roleARN: recorderRole,
            recordingGroup: { allSupported: true, includeGlobalResourceTypes: !bad, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } },
          },
        ],
      }
    ),
  );
  // Config rules (paged): misconfigured, two of them find unencrypted volumes and buckets without versioning.
  const configRules = ['encrypted-volumes', 's3-bucket-versioning-enabled', 'iam-root-access-key-check'];
  cfg.on(DescribeComplianceByConfigRuleCommand).callsFake((input: { NextToken?: string }) => {
    count('config:DescribeComplianceByConfigRule');
    const p = page(configRules, input.NextToken, size);
    return {
      ComplianceByConfigRules: p.items.map((name, i) => {
        const failing = bad && i + Number(input.NextToken ?? 0) < 2;
        return {
          ConfigRuleName: name,
          Compliance: failing
            ? { ComplianceType: 'NON_COMPLIANT', ComplianceContributorCount: { CappedCount: 2, CapExceeded: false } }
            : { ComplianceType: 'COMPLIANT' },
        };
      }),
      NextToken: p.next,
    };
  });
  cfg
    .on(DescribeConfigurationRecorderStatusCommand)
    .callsFake(
      () => (
        count('config:DescribeConfigurationRecorderStatus'),
        { ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'SUCCESS' }] }
      ),
    );
  cfg
    .on(DescribeDeliveryChannelsCommand)
    .callsFake(() => (count('config:DescribeDeliveryChannels'), { DeliveryChannels: [{ name: 'default', s3BucketName: 'config-history' }] }));
  // Misconfigured: the history bucket is gone, so the last delivery failed.
  cfg.on(DescribeDeliveryChannelStatusCommand).callsFake(
    () => (
      count('config:DescribeDeliveryChannelStatus'),
      {
        DeliveryChannelsStatus: [
          {
            name: 'default',
            configHistoryDeliveryInfo: bad
              ? { lastStatus: 'FAILURE', lastErrorCode: 'NoSuchBucket', lastErrorMessage: 'The specified bucket does not exist' }
              : { lastStatus: 'SUCCESS' },
            configSnapshotDeliveryInfo: { lastStatus: 'NOT_APPLICABLE' },
            configStreamDeliveryInfo: { lastStatus: 'NOT_APPLICABLE' },
          },
        ],
      }
    ),
  );
  // ELBv2: an application load balancer whose HTTP listener redirects to HTTPS (misconfigured: one of its
  // rules forwards /api/* over plain HTTP), and a network load balancer with a TLS listener.
  const elb = mock(ElasticLoadBalancingV2Client);
  const albArn = `arn:aws:elasticloadbalancing:eu-west-1:${accountId}:loadbalancer/app/web/1`;
  const nlbArn = `arn:aws:elasticloadbalancing:eu-west-1:${accountId}:loadbalancer/net/api/2`;
  const tg = (name: string) => `arn:aws:elasticloadbalancing:eu-west-1:${accountId}:targetgroup/${name}/1`;
  const toHttps = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };
  elb.on(DescribeLoadBalancersCommand).callsFake(
    () => (
      count('elasticloadbalancing:DescribeLoadBalancers'),
      {
        LoadBalancers: [
          { LoadBalancerArn: albArn, LoadBalancerName: 'web', Type: 'application' },
          { LoadBalancerArn: nlbArn, LoadBalancerName: 'api', Type: 'network' },
        ],
      }
    ),
  );
  // Misconfigured: the application load balancer keeps the default of drop_invalid_header_fields (false).
  elb.on(DescribeLoadBalancerAttributesCommand).callsFake(
    (input: { LoadBalancerArn?: string }) => (
      count('elasticloadbalancing:DescribeLoadBalancerAttributes'),
      {
        Attributes: [
          { Key: 'access_logs.s3.enabled', Value: 'true' },
          { Key: 'access_logs.s3.bucket', Value: 'elb-logs' },
          { Key: 'access_logs.s3.prefix', Value: '' },
          { Key: 'deletion_protection.enabled', Value: 'true' },
          ...(input.LoadBalancerArn === albArn
            ? [
                { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: String(!bad) },
                { Key: 'routing.http.desync_mitigation_mode', Value: 'defensive' },
              ]
            : []),
        ],
      }
    ),
  );
  elb.on(DescribeListenersCommand).callsFake((input: { LoadBalancerArn?: string }) => {
    count('elasticloadbalancing:DescribeListeners');
    const listener = (lb: string, port: number) => lb.replace(':loadbalancer/', ':listener/') + `/${port}`;
    if (input.LoadBalancerArn === nlbArn) {
      return {
        Listeners: [
          {
            ListenerArn: listener(nlbArn, 443),
            LoadBalancerArn: nlbArn,
            Port: 443,
            Protocol: 'TLS',
            SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
            DefaultActions: [{ Type: 'forward', TargetGroupArn: tg('api') }],
          },
        ],
      };
    }
    return {
      Listeners: [
        // Misconfigured: the HTTPS listener keeps the API's default security policy, which allows TLS 1.0 and 1.1.
        {
          ListenerArn: listener(albArn, 443),
          LoadBalancerArn: albArn,
          Port: 443,
          Protocol: 'HTTPS',
          SslPolicy: bad ? 'ELBSecurityPolicy-2016-08' : 'ELBSecurityPolicy-TLS13-1-2-2021-06',
          DefaultActions: [{ Type: 'forward', TargetGroupArn: tg('web') }],
        },
        { ListenerArn: listener(albArn, 80), LoadBalancerArn: albArn, Port: 80, Protocol: 'HTTP', DefaultActions: [toHttps] },
      ],
    };
  });
  elb.on(DescribeRulesCommand).callsFake((input: { ListenerArn?: string; Marker?: string }) => {
    count('elasticloadbalancing:DescribeRules');
    const rule = (priority: string, actions: unknown[], extra: object = {}) => ({
      RuleArn: `${(input.ListenerArn ?? '').replace(':listener/', ':listener-rule/')}/${priority}`,
      Priority: priority,
      Actions: actions,
      IsDefault: priority === 'default',
      ...extra,
    });
    const rules = [
      rule('10', [toHttps], { Conditions: [{ Field: 'host-header', Values: ['old.example.com'] }] }),
      rule('20', bad ? [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg('web'), Weight: 1 }] } }] : [toHttps], {
        Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
      }),
      rule('default', [toHttps]),
    ];
    const p = page(rules, input.Marker, size);
    return { Rules: p.items, NextMarker: p.next };
  });
  // A few of the region's security policies, as DescribeSSLPolicies lists them (Marker / NextMarker pages).
  const sslPolicies = [
    { Name: 'ELBSecurityPolicy-2016-08', SslProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], SupportedLoadBalancerTypes: ['application', 'network'] },
    { Name: 'ELBSecurityPolicy-TLS13-1-2-2021-06', SslProtocols: ['TLSv1.2', 'TLSv1.3'], SupportedLoadBalancerTypes: ['application', 'network'] },
    { Name: 'ELBSecurityPolicy-TLS13-1-3-2021-06', SslProtocols: ['TLSv1.3'], SupportedLoadBalancerTypes: ['application', 'network'] },
  ];
  elb.on(DescribeSSLPoliciesCommand).callsFake((input: { Marker?: string }) => {
    count('elasticloadbalancing:DescribeSSLPolicies');
    const p = page(sslPolicies, input.Marker, size);
    return { SslPolicies: p.items, NextMarker: p.next };
  });
  const macie = mock(Macie2Client);
  macie.on(GetMacieSessionCommand).callsFake(() => (count('macie2:GetMacieSession'), { status: 'ENABLED' }));
  macie.on(GetAdministratorAccountCommand).callsFake(() => (count('macie2:GetAdministratorAccount'), {}));
  macie.on(GetAutomatedDiscoveryConfigurationCommand).callsFake(() => (count('macie2:GetAutomatedDiscoveryConfiguration'), { status: 'ENABLED' }));
  macie
    .on(ListAutomatedDiscoveryAccountsCommand)
    .callsFake(() => (count('macie2:ListAutomatedDiscoveryAccounts'), { items: [{ accountId, status: 'ENABLED' }] }));
  // One open sensitive-data finding in the first bucket, found 5 days ago (misconfigured: 60 days ago and
  // never reviewed). Only the posture check's listing (category CLASSIFICATION) is answered with it.
  const sensitive = {
    id: 'macie-sensitive-1',
    type: 'SensitiveData:S3Object/Personal',
    createdAt: new Date(daysAgo(bad ? 60 : 5)),
    severity: { description: 'High' },
  };
  macie.on(ListMacieFindingsCommand).callsFake((input: { findingCriteria?: { criterion?: Record<string, { eq?: string[] }> } }) => {
    count('macie2:ListFindings');
    return { findingIds: input.findingCriteria?.criterion?.category?.eq?.includes('CLASSIFICATION') ? [sensitive.id] : [] };
  });
  macie.on(GetMacieFindingsCommand).callsFake(
    (input: { findingIds: string[] }) => (
      count('macie2:GetFindings'),
      {
        findings: input.findingIds.includes(sensitive.id)
          ? [
              {
                ...sensitive,
                category: 'CLASSIFICATION',
                archived: false,
                resourcesAffected: { s3Bucket: { name: [...state.buckets][0] ?? 'bucket-00000' } },
              },
            ]
          : [],
      }
    ),
  );
  // Macie's bucket inventory: the first bucket holds personal data (score 80), the others little (score 5);
  // the encryption type is what S3 has (misconfigured: the first bucket has no default encryption at all).
  macie.on(DescribeMacieBucketsCommand).callsFake((input: { nextToken?: string }) => {
    count('macie2:DescribeBuckets');
    const names = [...state.buckets];
    const p = page(names, input.nextToken, size);
    return {
      buckets: p.items.map((n) => ({
        bucketName: n,
        accountId,
        region: 'eu-west-1',
        sensitivityScore: n === names[0] ? 80 : 5,
        serverSideEncryption: { type: state.bucketEncryption.get(n)?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? 'NONE' },
      })),
      nextToken: p.next,
    };
  });
  // Automated discovery's profile of the first bucket (the one scored 80): names, email addresses and
  // phone numbers of customers, and an AWS key left in an export. The others (score 5) are never asked for.
  macie.on(GetResourceProfileCommand).callsFake((input: { resourceArn: string }) => {
    count('macie2:GetResourceProfile');
    const first = [...state.buckets][0];
    if (input.resourceArn !== `arn:aws:s3:::${first}`)
      throw Object.assign(new Error(`No resource profile for ${input.resourceArn}`), {
        name: 'ResourceNotFoundException',
        $fault: 'client',
        $metadata: { httpStatusCode: 404 },
      });
    return {
      sensitivityScore: 80,
      sensitivityScoreOverridden: false,
      profileUpdatedAt: new Date(daysAgo(1)),
      statistics: { totalDetections: 4210, totalItemsSensitive: 37, totalItemsClassified: 120 },
    };
  });
  macie.on(ListResourceProfileDetectionsCommand).callsFake((input: { resourceArn: string; nextToken?: string }) => {
    count('macie2:ListResourceProfileDetections');
    const first = [...state.buckets][0];
    if (input.resourceArn !== `arn:aws:s3:::${first}`)
      throw Object.assign(new Error(`No resource profile for ${input.resourceArn}`), {
        name: 'ResourceNotFoundException',
        $fault: 'client',
        $metadata: { httpStatusCode: 404 },
      });
    const all = [
      { id: 'NAME', name: 'NAME', type: 'MANAGED', count: 1800, suppressed: false },
      { id: 'EMAIL_ADDRESS', name: 'EMAIL_ADDRESS', type: 'MANAGED', count: 1720, suppressed: false },
      { id: 'PHONE_NUMBER', name: 'PHONE_NUMBER', type: 'MANAGED', count: 688, suppressed: false },
      { id: 'AWS_CREDENTIALS', name: 'AWS_CREDENTIALS', type: 'MANAGED', count: 2, suppressed: false },
    ];
    const p = page(all, input.nextToken, 2);
    return { detections: p.items, nextToken: p.next };
  });
  const gd = mock(GuardDutyClient);
  gd.on(ListDetectorsCommand).callsFake(() => (count('guardduty:ListDetectors'), { DetectorIds: ['det1'] }));
  // Protection plans on (misconfigured: RDS Protection off, as on detectors created before it existed).
  gd.on(GetDetectorCommand).callsFake(
    () => (
      count('guardduty:GetDetector'),
      {
        Status: 'ENABLED',
        Features: [
          { Name: 'CLOUD_TRAIL', Status: 'ENABLED' },
          { Name: 'DNS_LOGS', Status: 'ENABLED' },
          { Name: 'FLOW_LOGS', Status: 'ENABLED' },
          { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
          { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
          { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
          { Name: 'RDS_LOGIN_EVENTS', Status: bad ? 'DISABLED' : 'ENABLED' },
          { Name: 'LAMBDA_NETWORK_LOGS', Status: 'DISABLED' },
        ],
      }
    ),
  );
  // The account is GuardDuty's delegated administrator, auto-enabling every account (misconfigured: NONE).
  gd.on(GetGuardDutyAdministratorCommand).callsFake(() => (count('guardduty:GetAdministratorAccount'), {}));
  gd.on(DescribeOrganizationConfigurationCommand).callsFake(
    () => (count('guardduty:DescribeOrganizationConfiguration'), { AutoEnableOrganizationMembers: bad ? 'NONE' : 'ALL', MemberAccountLimitReached: false }),
  );
  gd.on(ListFindingsCommand).callsFake(() => (count('guardduty:ListFindings'), { FindingIds: [] }));
  const sh = mock(SecurityHubClient);
  sh.on(DescribeHubCommand).callsFake(() => (count('securityhub:DescribeHub'), { HubArn: `arn:aws:securityhub:eu-west-1:${accountId}:hub/default` }));
  // Misconfigured: the foundational standard could not be enabled completely (it needs a Config recorder).
  state.standards = [
    { name: 'aws-foundational-security-best-practices/v/1.0.0', status: bad ? 'INCOMPLETE' : 'READY' },
    { name: 'cis-aws-foundations-benchmark/v/1.4.0', status: bad ? 'DELETING' : 'READY' },
  ];
  const standards = state.standards;
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
  mock(Inspector2Client)
    .on(BatchGetAccountStatusCommand)
    .callsFake(
      () => (
        count('inspector2:BatchGetAccountStatus'),
        {
          accounts: [
            {
              accountId,
              state: { status: 'ENABLED' },
              resourceState: {
                ec2: { status: 'ENABLED' },
                ecr: { status: 'ENABLED' },
                lambda: { status: 'ENABLED' },
                lambdaCode: { status: 'DISABLED' },
                codeRepository: { status: 'DISABLED' },
              },
            },
          ],
          failedAccounts: [],
        }
      ),
    );
  const cognito = mock(CognitoIdentityProviderClient);
  cognito.on(ListUserPoolsCommand).callsFake(() => (count('cognito-idp:ListUserPools'), { UserPools: [{ Id: 'eu-west-1_pool', Name: 'customers' }] }));
  cognito.on(DescribeUserPoolCommand).callsFake(
    (input: { UserPoolId: string }) => (
      count('cognito-idp:DescribeUserPool'),
      {
        UserPool: {
          Id: input.UserPoolId,
          Name: 'customers',
          MfaConfiguration: 'ON',
          UserPoolTier: 'PLUS',
          UserPoolAddOns: { AdvancedSecurityMode: bad ? 'AUDIT' : 'ENFORCED' },
          LambdaConfig: {},
          // Misconfigured: the defaults of a pool made through CreateUserPool (8 characters, no deletion protection), symbols optional.
          Policies: {
            PasswordPolicy: {
              MinimumLength: bad ? 8 : 14,
              RequireUppercase: true,
              RequireLowercase: true,
              RequireNumbers: true,
              RequireSymbols: !bad,
              TemporaryPasswordValidityDays: 7,
            },
          },
          DeletionProtection: bad ? 'INACTIVE' : 'ACTIVE',
        },
      }
    ),
  );
  const kms = mock(KMSClient);
  const keyIds = Array.from({ length: nKeys }, (_, i) => `key-${String(i).padStart(4, '0')}`);
  kms.on(ListKeysCommand).callsFake((input: { Marker?: string }) => {
    count('kms:ListKeys');
    const p = page(keyIds, input.Marker, size);
    return { Keys: p.items.map((k) => ({ KeyId: k, KeyArn: `arn:aws:kms:eu-west-1:${accountId}:key/${k}` })), Truncated: Boolean(p.next), NextMarker: p.next };
  });
  // Answers the listed keys and the trail's key (DescribeKey by ARN), each enabled (misconfigured: the
  // last listed key is scheduled for deletion, and the first one's policy gives an admin role kms:*).
  const doomedKey = bad ? keyIds[keyIds.length - 1] : undefined;
  kms.on(DescribeKeyCommand).callsFake((input: { KeyId?: string }) => {
    count('kms:DescribeKey');
    const id = input.KeyId ?? '';
    const keyId = id.startsWith('arn:') ? id.split('/').pop()! : id;
    const arn = id.startsWith('arn:') ? id : `arn:aws:kms:eu-west-1:${accountId}:key/${id}`;
    const doomed =
      keyId === doomedKey
        ? { KeyState: 'PendingDeletion' as const, Enabled: false, DeletionDate: new Date(now + 20 * 86_400_000), PendingDeletionWindowInDays: 30 }
        : {};
    return {
      KeyMetadata: {
        KeyId: keyId,
        Arn: arn,
        KeyManager: 'CUSTOMER',
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyState: 'Enabled',
        Origin: 'AWS_KMS',
        MultiRegion: false,
        Enabled: true,
        ...doomed,
      },
    };
  });
  kms.on(GetKeyPolicyCommand).callsFake((input: { KeyId: string }) => {
    count('kms:GetKeyPolicy');
    const statements: object[] = [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
    ];
    if (bad && input.KeyId === keyIds[0])
      statements.push({
        Sid: 'Allow access for Key Administrators',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:role/admin` },
        Action: 'kms:*',
        Resource: '*',
      });
    return { PolicyName: 'default', Policy: JSON.stringify({ Version: '2012-10-17', Id: `key-default-${input.KeyId}`, Statement: statements }) };
  });
  kms
    .on(GetKeyRotationStatusCommand)
    .callsFake((input: { KeyId: string }) => (count('kms:GetKeyRotationStatus'), { KeyId: input.KeyId, KeyRotationEnabled: true, RotationPeriodInDays: 365 }));
  // ACM: like the real ListCertificates, only RSA_1024 and RSA_2048 certificates unless Includes.keyTypes asks for others.
  const certificates = [
    {
      CertificateArn: `arn:aws:acm:eu-west-1:${accountId}:certificate/1`,
      DomainName: 'example.com',
      Status: 'ISSUED',
      InUse: true,
      KeyAlgorithm: 'RSA_2048',
      NotAfter: new Date(now + 200 * 86_400_000),
    },
    // Misconfigured: an ECDSA certificate in use that expires in 10 days (invisible without Includes.keyTypes).
    {
      CertificateArn: `arn:aws:acm:eu-west-1:${accountId}:certificate/2`,
      DomainName: 'api.example.com',
      Status: 'ISSUED',
      InUse: true,
      KeyAlgorithm: 'EC_prime256v1',
      NotAfter: new Date(now + (bad ? 10 : 300) * 86_400_000),
    },
  ];
  mock(ACMClient)
    .on(ListCertificatesCommand)
    .callsFake((input: { Includes?: { keyTypes?: string[] }; NextToken?: string }) => {
      count('acm:ListCertificates');
      const keyTypes = input.Includes?.keyTypes?.length ? input.Includes.keyTypes : ['RSA_1024', 'RSA_2048'];
      const p = page(
        certificates.filter((c) => keyTypes.includes(c.KeyAlgorithm)),
        input.NextToken,
        size,
      );
      return { CertificateSummaryList: p.items, NextToken: p.next };
    });

  // DynamoDB: two tables, KMS-encrypted with point-in-time recovery (misconfigured: the second uses the
  // AWS owned key, shown by no SSEDescription, and has point-in-time recovery off).
  const ddb = mock(DynamoDBClient);
  const tableNames = ['customers', 'sessions'];
  ddb.on(ListTablesCommand).callsFake((input: { ExclusiveStartTableName?: string }) => {
    count('dynamodb:ListTables');
    const start = input.ExclusiveStartTableName ? tableNames.indexOf(input.ExclusiveStartTableName) + 1 : 0;
    const items = tableNames.slice(start, start + size);
    return { TableNames: items, LastEvaluatedTableName: start + size < tableNames.length ? items[items.length - 1] : undefined };
  });
  ddb.on(DescribeTableCommand).callsFake(async (input: { TableName: string }, call: SyntheticCall) => {
    count('dynamodb:DescribeTable');
    const region = await call.region();
    const owned = bad && input.TableName === 'sessions';
    return {
      Table: {
        TableName: input.TableName,
        TableArn: `arn:aws:dynamodb:${region}:${accountId}:table/${input.TableName}`,
        TableStatus: 'ACTIVE',
        ...(owned ? {} : { SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: `arn:aws:kms:${region}:${accountId}:key/key-0000` } }),
      },
    };
  });
  ddb.on(DescribeContinuousBackupsCommand).callsFake(
    (input: { TableName: string }) => (
      count('dynamodb:DescribeContinuousBackups'),
      {
        ContinuousBackupsDescription: {
          ContinuousBackupsStatus: 'ENABLED',
          PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: bad && input.TableName === 'sessions' ? 'DISABLED' : 'ENABLED' },
        },
      }
    ),
  );

  // EFS, SNS, SQS: an encrypted file system, two KMS-encrypted topics (one with the AWS managed key) and
  // two encrypted queues (misconfigured: the second queue, created before SSE-SQS was the default, has no encryption).
  mock(EFSClient)
    .on(DescribeFileSystemsCommand)
    .callsFake(async (input: { Marker?: string }, call: SyntheticCall) => {
      count('elasticfilesystem:DescribeFileSystems');
      const region = await call.region();
      const p = page(['fs-0000', 'fs-0001'], input.Marker, size);
      return {
        FileSystems: p.items.map((id) => ({
          FileSystemId: id,
          FileSystemArn: `arn:aws:elasticfilesystem:${region}:${accountId}:file-system/${id}`,
          Encrypted: true,
          LifeCycleState: 'available',
        })),
        NextMarker: p.next,
      };
    });
  const sns = mock(SNSClient);
  sns.on(ListTopicsCommand).callsFake(async (input: { NextToken?: string }, call: SyntheticCall) => {
    count('sns:ListTopics');
    const region = await call.region();
    const p = page(['orders', 'alerts'], input.NextToken, size);
    return { Topics: p.items.map((t) => ({ TopicArn: `arn:aws:sns:${region}:${accountId}:${t}` })), NextToken: p.next };
  });
  sns.on(GetTopicAttributesCommand).callsFake(
    (input: { TopicArn: string }) => (
      count('sns:GetTopicAttributes'),
      {
        Attributes: {
          TopicArn: input.TopicArn,
          KmsMasterKeyId: input.TopicArn.endsWith(':alerts') ? 'alias/aws/sns' : `arn:aws:kms:eu-west-1:${accountId}:key/key-0000`,
          // The policy SNS gives every new topic: {"AWS":"*"} pinned to the owner by AWS:SourceOwner.
          Policy: JSON.stringify({
            Version: '2008-10-17',
            Id: '__default_policy_ID',
            Statement: [
              {
                Sid: '__default_statement_ID',
                Effect: 'Allow',
                Principal: { AWS: '*' },
                Action: ['SNS:Publish', 'SNS:Subscribe', 'SNS:GetTopicAttributes'],
                Resource: input.TopicArn,
                Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
              },
            ],
          }),
        },
      }
    ),
  );
  // The security-alerts topic of the CIS alarms has one confirmed e-mail subscription.
  sns.on(ListSubscriptionsByTopicCommand).callsFake(
    (input: { TopicArn: string }) => (
      count('sns:ListSubscriptionsByTopic'),
      {
        Subscriptions:
          input.TopicArn === syntheticAlertsTopic(accountId)
            ? [
                {
                  SubscriptionArn: `${input.TopicArn}:0f1e2d3c`,
                  Owner: accountId,
                  Protocol: 'email',
                  Endpoint: 'security@example.com',
                  TopicArn: input.TopicArn,
                },
              ]
            : [],
      }
    ),
  );
  const sqs = mock(SQSClient);
  sqs.on(ListQueuesCommand).callsFake(async (input: { NextToken?: string }, call: SyntheticCall) => {
    count('sqs:ListQueues');
    const region = await call.region();
    const p = page(['jobs', 'emails'], input.NextToken, size);
    return { QueueUrls: p.items.map((q) => `https://sqs.${region}.amazonaws.com/${accountId}/${q}`), NextToken: p.next };
  });
  sqs.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => {
    count('sqs:GetQueueAttributes');
    if (input.QueueUrl.endsWith('/jobs')) return { Attributes: { KmsMasterKeyId: 'alias/aws/sqs', SqsManagedSseEnabled: 'false' } };
    return { Attributes: { SqsManagedSseEnabled: bad ? 'false' : 'true' } };
  });

  // EBS snapshots, CloudWatch Logs, Secrets Manager: two encrypted private snapshots, a KMS-encrypted log
  // group kept 90 days, a secret rotated every 30 days (misconfigured: the second snapshot is unencrypted,
  // a second log group never expires and is not KMS-encrypted, a second secret does not rotate).
  const ebs = mock(EC2Client);
  ebs.on(DescribeSnapshotsCommand).callsFake((input: { NextToken?: string; OwnerIds?: string[] }) => {
    count('ec2:DescribeSnapshots');
    const owned = input.OwnerIds?.includes('self') || input.OwnerIds?.includes(accountId);
    const all = owned
      ? ['snap-0000', 'snap-0001'].map((id, i) => ({
          SnapshotId: id,
          OwnerId: accountId,
          Encrypted: !(bad && i === 1),
          State: 'completed',
          VolumeId: `vol-${i}`,
        }))
      : [];
    const p = page(all, input.NextToken, size);
    return { Snapshots: p.items, NextToken: p.next };
  });
  ebs
    .on(DescribeSnapshotAttributeCommand)
    .callsFake((input: { SnapshotId: string }) => (count('ec2:DescribeSnapshotAttribute'), { SnapshotId: input.SnapshotId, CreateVolumePermissions: [] }));
  const cwLogs = mock(CloudWatchLogsClient);
  cwLogs.on(DescribeLogGroupsCommand).callsFake(async (input: { nextToken?: string }, call: SyntheticCall) => {
    count('logs:DescribeLogGroups');
    const region = await call.region();
    const groups = [
      { logGroupName: '/aws/lambda/checkout', kmsKeyId: `arn:aws:kms:${region}:${accountId}:key/key-0000`, retentionInDays: 90 },
      ...(bad ? [{ logGroupName: '/app/debug' }] : []),
    ].map((g) => ({
      ...g,
      arn: `arn:aws:logs:${region}:${accountId}:log-group:${g.logGroupName}:*`,
      logGroupArn: `arn:aws:logs:${region}:${accountId}:log-group:${g.logGroupName}`,
    }));
    const p = page(groups, input.nextToken, size);
    return { logGroups: p.items, nextToken: p.next };
  });
  // The CIS metric filters on the trail's log group (src/demo/synthetic/cloudwatch.ts; misconfigured: one missing).
  cwLogs.on(DescribeMetricFiltersCommand).callsFake(async (input: { nextToken?: string }, call: SyntheticCall) => {
    count('logs:DescribeMetricFilters');
    const p = page(syntheticMetricFilters(await call.region(), bad), input.nextToken, Math.min(size, 50));
    return { metricFilters: p.items, nextToken: p.next };
  });
  mock(SecretsManagerClient)
    .on(ListSecretsCommand)
    .callsFake(async (input: { NextToken?: string }, call: SyntheticCall) => {
      count('secretsmanager:ListSecrets');
      const region = await call.region();
      const list = [
        {
          Name: 'prod/db',
          RotationEnabled: true,
          RotationRules: { AutomaticallyAfterDays: 30 },
          LastRotatedDate: new Date(now - 5 * 86_400_000),
          CreatedDate: new Date(now - 300 * 86_400_000),
        },
        ...(bad ? [{ Name: 'prod/api-key', CreatedDate: new Date(now - 500 * 86_400_000) }] : []),
      ].map((x) => ({ ...x, ARN: `arn:aws:secretsmanager:${region}:${accountId}:secret:${x.Name}-AbCdEf` }));
      const p = page(list, input.NextToken, size);
      return { SecretList: p.items, NextToken: p.next };
    });

  // RDS: an encrypted PostgreSQL instance with 7 days of backups that requires TLS and exports its logs, an
  // encrypted Aurora cluster requiring TLS and its instance, and one manual snapshot of each, not public
  // (misconfigured: the instance is unencrypted, accepts plain connections and exports no logs, and its
  // manual snapshot, unencrypted too, is public).
  const rds = mock(RDSClient);
  const rdsArn = async (call: SyntheticCall, type: string, id: string) => `arn:aws:rds:${await call.region()}:${accountId}:${type}:${id}`;
  rds.on(DescribeDBInstancesCommand).callsFake(async (input: { Marker?: string }, call: SyntheticCall) => {
    count('rds:DescribeDBInstances');
    const instances = [
      {
        DBInstanceIdentifier: 'orders',
        DBInstanceArn: await rdsArn(call, 'db', 'orders'),
        Engine: 'postgres',
        EngineVersion: '14.12',
        DBInstanceStatus: 'available',
        StorageEncrypted: !bad,
        BackupRetentionPeriod: 7,
        DBParameterGroups: [{ DBParameterGroupName: 'orders-pg14', ParameterApplyStatus: 'in-sync' }],
        ...(bad ? {} : { EnabledCloudwatchLogsExports: ['postgresql', 'upgrade'] }),
      },
      {
        DBInstanceIdentifier: 'crm-1',
        DBInstanceArn: await rdsArn(call, 'db', 'crm-1'),
        Engine: 'aurora-postgresql',
        EngineVersion: '16.4',
        DBInstanceStatus: 'available',
        DBClusterIdentifier: 'crm',
        StorageEncrypted: true,
        BackupRetentionPeriod: 7,
        DBParameterGroups: [{ DBParameterGroupName: 'default.aurora-postgresql16', ParameterApplyStatus: 'in-sync' }],
      },
    ];
    const p = page(instances, input.Marker, size);
    return { DBInstances: p.items, Marker: p.next };
  });
  rds.on(DescribeDBClustersCommand).callsFake(
    async (_input: unknown, call: SyntheticCall) => (
      count('rds:DescribeDBClusters'),
      {
        DBClusters: [
          {
            DBClusterIdentifier: 'crm',
            DBClusterArn: await rdsArn(call, 'cluster', 'crm'),
            Engine: 'aurora-postgresql',
            EngineVersion: '16.4',
            Status: 'available',
            StorageEncrypted: true,
            BackupRetentionPeriod: 7,
            DBClusterParameterGroup: 'crm-cluster-pg16',
          },
        ],
      }
    ),
  );
  // A parameter group lists every parameter of its family (hundreds, over several pages); a few stand for them
  // here, rds.force_ssl among them (misconfigured: the instance's group leaves it at PostgreSQL 14's default, 0).
  const parameters = (forceSsl: string | undefined) => [
    { ParameterName: 'log_connections', ParameterValue: '1', Source: 'user', ApplyType: 'dynamic' },
    { ParameterName: 'max_connections', ParameterValue: 'LEAST({DBInstanceClassMemory/9531392},5000)', Source: 'system', ApplyType: 'static' },
    {
      ParameterName: 'rds.force_ssl',
      ...(forceSsl === undefined ? { Source: 'engine-default' } : { ParameterValue: forceSsl, Source: 'user' }),
      ApplyType: 'dynamic',
    },
    { ParameterName: 'ssl', ParameterValue: '1', Source: 'system', ApplyType: 'static' },
  ];
  rds.on(DescribeDBParametersCommand).callsFake((input: { DBParameterGroupName?: string; Marker?: string }) => {
    count('rds:DescribeDBParameters');
    if (input.DBParameterGroupName !== 'orders-pg14') throw awsError('DBParameterGroupNotFound', `DBParameterGroup not found: ${input.DBParameterGroupName}`);
    const p = page(parameters(bad ? undefined : '1'), input.Marker, Math.min(size, 2));
    return { Parameters: p.items, Marker: p.next };
  });
  rds.on(DescribeDBClusterParametersCommand).callsFake((input: { DBClusterParameterGroupName?: string; Marker?: string }) => {
    count('rds:DescribeDBClusterParameters');
    if (input.DBClusterParameterGroupName !== 'crm-cluster-pg16')
      throw awsError('DBParameterGroupNotFound', `DBClusterParameterGroup not found: ${input.DBClusterParameterGroupName}`);
    const p = page(parameters('1'), input.Marker, Math.min(size, 2));
    return { Parameters: p.items, Marker: p.next };
  });
  rds.on(DescribeDBSnapshotsCommand).callsFake(
    async (input: { SnapshotType?: string }, call: SyntheticCall) => (
      count('rds:DescribeDBSnapshots'),
      {
        DBSnapshots:
          input.SnapshotType === 'manual'
            ? [
                {
                  DBSnapshotIdentifier: 'orders-before-migration',
                  DBSnapshotArn: await rdsArn(call, 'snapshot', 'orders-before-migration'),
                  Encrypted: !bad,
                  Status: 'available',
                  SnapshotType: 'manual',
                },
              ]
            : [],
      }
    ),
  );
  rds.on(DescribeDBClusterSnapshotsCommand).callsFake(
    async (input: { SnapshotType?: string }, call: SyntheticCall) => (
      count('rds:DescribeDBClusterSnapshots'),
      {
        DBClusterSnapshots:
          input.SnapshotType === 'manual'
            ? [
                {
                  DBClusterSnapshotIdentifier: 'crm-2026-05',
                  DBClusterSnapshotArn: await rdsArn(call, 'cluster-snapshot', 'crm-2026-05'),
                  StorageEncrypted: true,
                  Status: 'available',
                  SnapshotType: 'manual',
                },
              ]
            : [],
      }
    ),
  );
  rds.on(DescribeDBSnapshotAttributesCommand).callsFake(
    (input: { DBSnapshotIdentifier?: string }) => (
      count('rds:DescribeDBSnapshotAttributes'),
      {
        DBSnapshotAttributesResult: {
          DBSnapshotIdentifier: input.DBSnapshotIdentifier,
          DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: bad ? ['all'] : [] }],
        },
      }
    ),
  );
  rds.on(DescribeDBClusterSnapshotAttributesCommand).callsFake(
    (input: { DBClusterSnapshotIdentifier?: string }) => (
      count('rds:DescribeDBClusterSnapshotAttributes'),
      {
        DBClusterSnapshotAttributesResult: {
          DBClusterSnapshotIdentifier: input.DBClusterSnapshotIdentifier,
          DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [] }],
        },
      }
    ),
  );

  for (const define of SYNTHETIC_SERVICES) define({ mock, count, accountId, shape, pageSize: size, misconfigured: bad, daysAgo });

  if (shape.writable) defineWrites({ mock, count, state, accountId });
  return { counter, state };
}

/** The writes of the fixes and of just-in-time access, on the state the reads answer from. */
function defineWrites({
  mock,
  count,
  state,
  accountId,
}: {
  mock: (Client: unknown) => CommandTable;
  count: (name: string) => void;
  state: SyntheticState;
  accountId: string;
}): void {
  const known = (bucket: string) => {
    if (!state.buckets.has(bucket)) throw awsError('NoSuchBucket', 'The specified bucket does not exist');
  };
  const s3 = mock(S3Client);
  s3.on(PutPublicAccessBlockCommand).callsFake((input: { Bucket: string; PublicAccessBlockConfiguration?: PublicAccessBlockConfiguration }) => {
    count('s3:PutPublicAccessBlock');
    known(input.Bucket);
    state.bucketBlock.set(input.Bucket, { ...input.PublicAccessBlockConfiguration });
    return {};
  });
  s3.on(PutBucketEncryptionCommand).callsFake((input: { Bucket: string; ServerSideEncryptionConfiguration?: ServerSideEncryptionConfiguration }) => {
    count('s3:PutBucketEncryption');
    known(input.Bucket);
    if (!input.ServerSideEncryptionConfiguration?.Rules?.length) throw awsError('MalformedXML');
    state.bucketEncryption.set(input.Bucket, structuredClone(input.ServerSideEncryptionConfiguration));
    return {};
  });
  s3.on(PutBucketPolicyCommand).callsFake((input: { Bucket: string; Policy?: string }) => {
    count('s3:PutBucketPolicy');
    known(input.Bucket);
    try {
      JSON.parse(input.Policy ?? '');
    } catch {
      throw awsError('MalformedPolicy', 'Policies must be valid JSON');
    }
    state.bucketPolicy.set(input.Bucket, input.Policy!);
    return {};
  });
  mock(S3ControlClient)
    .on(PutAccountPublicAccessBlockCommand)
    .callsFake((input: { PublicAccessBlockConfiguration?: PublicAccessBlockConfiguration }) => {
      count('s3control:PutPublicAccessBlock');
      state.accountBlock = { ...input.PublicAccessBlockConfiguration };
      return {};
    });
  mock(EC2Client)
    .on(EnableEbsEncryptionByDefaultCommand)
    .callsFake(async (_input: unknown, call: SyntheticCall) => {
      count('ec2:EnableEbsEncryptionByDefault');
      state.ebsDefaultOn.add(await call.region());
      return { EbsEncryptionByDefault: true };
    });

  const hub = mock(SecurityHubClient);
  hub.on(EnableSecurityHubCommand).callsFake(() => {
    count('securityhub:EnableSecurityHub');
    throw awsError('ResourceConflictException', 'Account is already subscribed to Security Hub');
  });
  // Synthetic standards are enabled at once (AWS reports PENDING for a while first).
  hub.on(BatchEnableStandardsCommand).callsFake((input: { StandardsSubscriptionRequests?: { StandardsArn?: string }[] }) => {
    count('securityhub:BatchEnableStandards');
    const subscriptions = (input.StandardsSubscriptionRequests ?? []).map((r) => {
      const name = (r.StandardsArn ?? '').split(':standards/')[1] ?? '';
      const known = state.standards.find((st) => st.name === name);
      if (known) known.status = 'READY';
      else state.standards.push({ name, status: 'READY' });
      return { StandardsArn: r.StandardsArn, StandardsStatus: 'READY' };
    });
    return { StandardsSubscriptions: subscriptions };
  });

  // Just-in-time access: sessions (clearly not real credentials) and the revocation policy on the role.
  mock(STSClient)
    .on(AssumeRoleCommand)
    .callsFake((input: { RoleArn: string; RoleSessionName: string; DurationSeconds?: number; SourceIdentity?: string }) => {
      count('sts:AssumeRole');
      if (!input.RoleArn.startsWith(`arn:aws:iam::${accountId}:role/`))
        throw awsError('AccessDenied', `Not authorized to perform sts:AssumeRole on ${input.RoleArn}`);
      state.sessions.push({ roleArn: input.RoleArn, sourceIdentity: input.SourceIdentity });
      const n = String(state.sessions.length).padStart(4, '0');
      return {
        Credentials: {
          AccessKeyId: `ASIADEMO${n}EXAMPLE`,
          SecretAccessKey: `demo-secret-${n}-not-a-real-key`,
          SessionToken: `demo-session-token-${n}`,
          Expiration: new Date(Date.now() + (input.DurationSeconds ?? 3600) * 1000),
        },
        AssumedRoleUser: {
          AssumedRoleId: `AROADEMO:${input.RoleSessionName}`,
          Arn: `${input.RoleArn.replace(':role/', ':assumed-role/')}/${input.RoleSessionName}`,
        },
        SourceIdentity: input.SourceIdentity,
      };
    });
  const iam = mock(IAMClient);
  const policiesOf = (role: string) => state.rolePolicies.get(role) ?? new Map<string, string>();
  // The revoker checks that the role under this name is the grant's before it writes (GetRole's Arn).
  iam.on(GetRoleCommand).callsFake((input: { RoleName: string }) => {
    count('iam:GetRole');
    return {
      Role: { RoleName: input.RoleName, Arn: `arn:aws:iam::${accountId}:role/${input.RoleName}`, Path: '/', RoleId: 'AROADEMOROLE', CreateDate: new Date(0) },
    };
  });
  iam.on(GetRolePolicyCommand).callsFake((input: { RoleName: string; PolicyName: string }) => {
    count('iam:GetRolePolicy');
    const doc = policiesOf(input.RoleName).get(input.PolicyName);
    if (doc === undefined) throw awsError('NoSuchEntity', `The role policy with name ${input.PolicyName} cannot be found.`);
    // IAM returns policy documents URL-encoded.
    return { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(doc) };
  });
  iam.on(PutRolePolicyCommand).callsFake((input: { RoleName: string; PolicyName: string; PolicyDocument: string }) => {
    count('iam:PutRolePolicy');
    const policies = policiesOf(input.RoleName);
    policies.set(input.PolicyName, input.PolicyDocument);
    state.rolePolicies.set(input.RoleName, policies);
    return {};
  });
  iam.on(DeleteRolePolicyCommand).callsFake((input: { RoleName: string; PolicyName: string }) => {
    count('iam:DeleteRolePolicy');
    if (!policiesOf(input.RoleName).delete(input.PolicyName)) throw awsError('NoSuchEntity', `The role policy with name ${input.PolicyName} cannot be found.`);
    return {};
  });
}

/**
 * The synthetic account behind a middleware (nothing global is stubbed, nothing is recorded): only the
 * clients from `clients()` reach it. What `gdpr-bot demo` and the scan benchmark use.
 */
export function syntheticAccount(shape: SyntheticAccount = {}): {
  counter: CallCounter;
  state: SyntheticState;
  tables: ReadonlyMap<unknown, HandlerTable>;
  /** `cost`: what each call costs (see {@link SyntheticCallCost}); default none. */
  clients: (defaultRegion: string, cost?: SyntheticCallCost) => SyntheticAwsClients;
} {
  const tables = new Map<unknown, HandlerTable>();
  const { counter, state } = defineSyntheticAccount(shape, (Client) => {
    let table = tables.get(Client);
    if (!table) tables.set(Client, (table = new HandlerTable()));
    return table;
  });
  return { counter, state, tables, clients: (defaultRegion, cost) => new SyntheticAwsClients(defaultRegion, tables, {}, cost) };
}
