import { AccessAnalyzerClient, CreateAnalyzerCommand, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { CloudTrailClient, GetTrailCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsEncryptionByDefaultCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { CreateDetectorCommand, GetDetectorCommand, GuardDutyClient, ListDetectorsCommand, UpdateDetectorCommand } from '@aws-sdk/client-guardduty';
import {
  DeleteLoginProfileCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { BatchGetAccountStatusCommand, EnableCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { EnableKeyRotationCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { EnableMacieCommand, GetMacieSessionCommand, Macie2Client, UpdateMacieSessionCommand } from '@aws-sdk/client-macie2';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetPublicAccessBlockCommand,
  GetBucketLocationCommand,
  ListBucketsCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPabCommand,
  PutPublicAccessBlockCommand as PutAccountPabCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import {
  BatchEnableStandardsCommand,
  DescribeHubCommand,
  EnableSecurityHubCommand,
  GetEnabledStandardsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { remediationSettings } from '../../src/config/schema.js';
import { isAccessDenied } from '../../src/remediations/aws-errors.js';
import { findRemediation, REMEDIATIONS } from '../../src/remediations/catalog/index.js';
import type { RemediationContext, RemediationTarget } from '../../src/remediations/types.js';
import { credentialReportCsv } from '../helpers/credential-report.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- aws-sdk-client-mock stubs of different clients in one table */
type AnyStub = AwsStub<any, any, any>;
type AnyCommand = new (input: any) => any;

const mocks = {
  ec2: mockClient(EC2Client),
  s3: mockClient(S3Client),
  s3control: mockClient(S3ControlClient),
  cloudtrail: mockClient(CloudTrailClient),
  kms: mockClient(KMSClient),
  guardduty: mockClient(GuardDutyClient),
  macie: mockClient(Macie2Client),
  securityhub: mockClient(SecurityHubClient),
  inspector: mockClient(Inspector2Client),
  accessanalyzer: mockClient(AccessAnalyzerClient),
  iam: mockClient(IAMClient),
  sts: mockClient(STSClient),
};

function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}
const denied = (action: string) =>
  awsError('AccessDenied', `User: arn:aws:iam::111122223333:role/remediator is not authorized to perform: ${action} on resource`, 403);

const NOW = new Date('2026-01-01T12:00:00Z');

function ctx(settings: Record<string, unknown> = {}): RemediationContext {
  return { aws: new AwsClients({ defaultRegion: 'eu-west-1' }), region: 'eu-west-1', settings: remediationSettings.parse(settings), now: () => NOW };
}

beforeEach(() => {
  for (const m of Object.values(mocks)) m.reset();
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
});
afterAll(() => {
  for (const m of Object.values(mocks)) m.restore();
});

/** One row per remediation: how to make AWS look compliant or not, and the write call `apply` makes. */
interface Case {
  id: string;
  target: RemediationTarget;
  state(compliant: boolean): void;
  write: { mock: AnyStub; command: AnyCommand; input: Record<string, unknown>; action: string };
}

const CASES: Case[] = [
  {
    id: 'ebs-enable-default-encryption',
    target: {},
    state: (ok) => mocks.ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: ok }),
    write: { mock: mocks.ec2, command: EnableEbsEncryptionByDefaultCommand, input: {}, action: 'ec2:EnableEbsEncryptionByDefault' },
  },
  {
    id: 's3-bucket-block-public-access',
    target: { resource: 'arn:aws:s3:::data-bucket' },
    state: (ok) =>
      ok
        ? mocks.s3.on(GetPublicAccessBlockCommand).resolves({
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
          })
        : mocks.s3.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration')),
    write: {
      mock: mocks.s3,
      command: PutPublicAccessBlockCommand,
      input: {
        Bucket: 'data-bucket',
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      },
      action: 's3:PutBucketPublicAccessBlock',
    },
  },
  {
    id: 's3-bucket-default-encryption',
    target: { resource: 'data-bucket' },
    state: (ok) =>
      ok
        ? mocks.s3
            .on(GetBucketEncryptionCommand)
            .resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } })
        : mocks.s3.on(GetBucketEncryptionCommand).rejects(awsError('ServerSideEncryptionConfigurationNotFoundError')),
    write: {
      mock: mocks.s3,
      command: PutBucketEncryptionCommand,
      input: { Bucket: 'data-bucket', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } },
      action: 's3:PutEncryptionConfiguration',
    },
  },
  {
    id: 's3-bucket-tls-only',
    target: { resource: 'data-bucket' },
    state: (ok) =>
      ok
        ? mocks.s3.on(GetBucketPolicyCommand).resolves({
            Policy: JSON.stringify({
              Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': false } } }],
            }),
          })
        : mocks.s3.on(GetBucketPolicyCommand).rejects(awsError('NoSuchBucketPolicy')),
    write: { mock: mocks.s3, command: PutBucketPolicyCommand, input: { Bucket: 'data-bucket' }, action: 's3:PutBucketPolicy' },
  },
  {
    id: 's3-account-block-public-access',
    target: {},
    state: (ok) => {
      if (ok)
        mocks.s3control.on(GetAccountPabCommand).resolves({
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        });
      else
        mocks.s3control.on(GetAccountPabCommand).resolves({
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false },
        });
      mocks.s3.on(ListBucketsCommand).resolves({ Buckets: [] });
    },
    write: {
      mock: mocks.s3control,
      command: PutAccountPabCommand,
      input: {
        AccountId: '111122223333',
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      },
      action: 's3:PutAccountPublicAccessBlock',
    },
  },
  {
    id: 'cloudtrail-enable-log-validation',
    target: { resource: 'main-trail', region: 'eu-west-1' },
    state: (ok) => mocks.cloudtrail.on(GetTrailCommand).resolves({ Trail: { Name: 'main-trail', LogFileValidationEnabled: ok } }),
    write: {
      mock: mocks.cloudtrail,
      command: UpdateTrailCommand,
      input: { Name: 'main-trail', EnableLogFileValidation: true },
      action: 'cloudtrail:UpdateTrail',
    },
  },
  {
    id: 'kms-enable-key-rotation',
    target: { resource: '1234abcd-12ab-34cd-56ef-1234567890ab' },
    state: (ok) => mocks.kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: ok }),
    write: { mock: mocks.kms, command: EnableKeyRotationCommand, input: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }, action: 'kms:EnableKeyRotation' },
  },
  {
    id: 'guardduty-enable',
    target: {},
    state: (ok) => {
      mocks.guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ok ? ['det1'] : [] });
      mocks.guardduty.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'r', CreatedAt: 'x' } as never);
      mocks.guardduty.on(CreateDetectorCommand).resolves({ DetectorId: 'det-new' });
    },
    write: { mock: mocks.guardduty, command: CreateDetectorCommand, input: { Enable: true }, action: 'guardduty:CreateDetector' },
  },
  {
    id: 'macie-enable',
    target: {},
    state: (ok) =>
      ok
        ? mocks.macie.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' })
        : mocks.macie.on(GetMacieSessionCommand).rejects(awsError('AccessDeniedException', 'Macie is not enabled', 403)),
    write: { mock: mocks.macie, command: EnableMacieCommand, input: { status: 'ENABLED' }, action: 'macie2:EnableMacie' },
  },
  {
    id: 'securityhub-enable',
    target: {},
    state: (ok) => {
      if (!ok)
        return mocks.securityhub
          .on(DescribeHubCommand)
          .rejects(awsError('InvalidAccessException', 'Account 111122223333 is not subscribed to AWS Security Hub'));
      mocks.securityhub.on(DescribeHubCommand).resolves({ HubArn: 'arn:aws:securityhub:eu-west-1:111122223333:hub/default' });
      return mocks.securityhub.on(GetEnabledStandardsCommand).resolves({
        StandardsSubscriptions: [{ StandardsSubscriptionArn: 'sub', StandardsArn: FSBP, StandardsInput: {}, StandardsStatus: 'READY' }],
      });
    },
    write: { mock: mocks.securityhub, command: EnableSecurityHubCommand, input: { EnableDefaultStandards: true }, action: 'securityhub:EnableSecurityHub' },
  },
  {
    id: 'inspector-enable',
    target: {},
    state: (ok) =>
      mocks.inspector.on(BatchGetAccountStatusCommand).resolves({
        accounts: [
          {
            accountId: '111122223333',
            state: { status: ok ? 'ENABLED' : 'DISABLED', errorCode: undefined, errorMessage: undefined },
            resourceState: {
              ec2: { status: ok ? 'ENABLED' : 'DISABLED' },
              ecr: { status: 'ENABLED' },
              lambda: { status: ok ? 'ENABLED' : 'DISABLED' },
            },
          },
        ],
      } as never),
    write: { mock: mocks.inspector, command: EnableCommand, input: { resourceTypes: ['EC2', 'LAMBDA'] }, action: 'inspector2:Enable' },
  },
  {
    id: 'accessanalyzer-create',
    target: {},
    state: (ok) =>
      mocks.accessanalyzer.on(ListAnalyzersCommand).resolves({
        analyzers: ok
          ? [{ name: 'existing', arn: 'arn:x', type: 'ACCOUNT', status: 'ACTIVE', createdAt: new Date() }]
          : [{ name: 'old', arn: 'arn:y', type: 'ACCOUNT', status: 'FAILED', createdAt: new Date() }],
      }),
    write: {
      mock: mocks.accessanalyzer,
      command: CreateAnalyzerCommand,
      input: { analyzerName: 'gdpr-bot-account-analyzer', type: 'ACCOUNT' },
      action: 'access-analyzer:CreateAnalyzer',
    },
  },
  {
    id: 'iam-deactivate-access-key',
    target: { resource: 'arn:aws:iam::111122223333:user/ops/alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    state: (ok) => {
      mocks.iam
        .on(ListAccessKeysCommand)
        .resolves({ AccessKeyMetadata: [{ UserName: 'alice', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: ok ? 'Inactive' : 'Active' }] });
      mocks.iam.on(GetAccessKeyLastUsedCommand).resolves({ UserName: 'alice', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    },
    write: {
      mock: mocks.iam,
      command: UpdateAccessKeyCommand,
      input: { UserName: 'alice', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Inactive' },
      action: 'iam:UpdateAccessKey',
    },
  },
  {
    // The target as an approved plan left it: the login profile is to go, no key was selected.
    id: 'iam-remove-unused-credentials',
    target: { resource: 'arn:aws:iam::111122223333:user/ops/alice', keySelector: { kind: 'unused-for', days: 90 }, accessKeyIds: [], removeLoginProfile: true },
    state: (ok) => {
      mocks.iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [] });
      if (ok) mocks.iam.on(GetLoginProfileCommand).rejects(awsError('NoSuchEntity', 'Login Profile for User alice cannot be found.', 404));
      else {
        mocks.iam.on(GetLoginProfileCommand).resolves({ LoginProfile: { UserName: 'alice', CreateDate: new Date(NOW.getTime() - 300 * 86_400_000) } });
        mocks.iam.on(GetUserCommand).resolves({
          User: {
            UserName: 'alice',
            UserId: 'AIDAEXAMPLE000000001',
            Arn: 'arn:aws:iam::111122223333:user/ops/alice',
            Path: '/ops/',
            CreateDate: NOW,
            PasswordLastUsed: new Date(NOW.getTime() - 200 * 86_400_000),
          },
        });
        mocks.iam.on(GetCredentialReportCommand).resolves({
          Content: new TextEncoder().encode(
            credentialReportCsv([
              {
                user: 'alice',
                arn: 'arn:aws:iam::111122223333:user/ops/alice',
                created: new Date(NOW.getTime() - 400 * 86_400_000),
                passwordLastChanged: new Date(NOW.getTime() - 300 * 86_400_000),
                passwordLastUsed: new Date(NOW.getTime() - 200 * 86_400_000),
              },
            ]),
          ),
          ReportFormat: 'text/csv',
        });
      }
    },
    write: { mock: mocks.iam, command: DeleteLoginProfileCommand, input: { UserName: 'alice' }, action: 'iam:DeleteLoginProfile' },
  },
  {
    id: 'iam-set-password-policy',
    target: {},
    state: (ok) =>
      ok
        ? mocks.iam.on(GetAccountPasswordPolicyCommand).resolves({
            PasswordPolicy: {
              MinimumPasswordLength: 16,
              RequireSymbols: true,
              RequireNumbers: true,
              RequireUppercaseCharacters: true,
              RequireLowercaseCharacters: true,
              AllowUsersToChangePassword: true,
              PasswordReusePrevention: 24,
              HardExpiry: false,
            },
          })
        : mocks.iam
            .on(GetAccountPasswordPolicyCommand)
            .rejects(awsError('NoSuchEntity', 'The Password Policy with domain name 111122223333 cannot be found.', 404)),
    write: {
      mock: mocks.iam,
      command: UpdateAccountPasswordPolicyCommand,
      input: { MinimumPasswordLength: 14, PasswordReusePrevention: 24, RequireSymbols: true },
      action: 'iam:UpdateAccountPasswordPolicy',
    },
  },
  {
    id: 'ec2-isolate-instance',
    target: { resource: 'i-0abc', region: 'eu-west-1' },
    state: (ok) => {
      mocks.ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [
          {
            Instances: [
              {
                InstanceId: 'i-0abc',
                VpcId: 'vpc-1',
                NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', Groups: [{ GroupId: ok ? 'sg-iso' : 'sg-web' }, ...(ok ? [] : [{ GroupId: 'sg-ssh' }])] }],
              },
            ],
          },
        ],
      });
      mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-iso', GroupName: 'gdpr-bot-isolation' }] });
    },
    write: {
      mock: mocks.ec2,
      command: ModifyNetworkInterfaceAttributeCommand,
      input: { NetworkInterfaceId: 'eni-1', Groups: ['sg-iso'] },
      action: 'ec2:ModifyNetworkInterfaceAttribute',
    },
  },
  {
    id: 'ec2-restore-instance',
    target: { resource: 'i-0abc', region: 'eu-west-1', restoreSecurityGroups: { 'eni-1': ['sg-0e1', 'sg-0e2'] } },
    state: (ok) => {
      mocks.ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [
          {
            Instances: [
              {
                InstanceId: 'i-0abc',
                VpcId: 'vpc-1',
                NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', Groups: (ok ? ['sg-0e1', 'sg-0e2'] : ['sg-150']).map((GroupId) => ({ GroupId })) }],
              },
            ],
          },
        ],
      });
      // The isolation group by name, and the recorded groups by id.
      mocks.ec2
        .on(DescribeSecurityGroupsCommand)
        .callsFake((input: { Filters?: { Name?: string }[] }) =>
          input.Filters?.some((f) => f.Name === 'group-name')
            ? { SecurityGroups: [{ GroupId: 'sg-150', GroupName: 'gdpr-bot-isolation' }] }
            : { SecurityGroups: [{ GroupId: 'sg-0e1' }, { GroupId: 'sg-0e2' }] },
        );
    },
    write: {
      mock: mocks.ec2,
      command: ModifyNetworkInterfaceAttributeCommand,
      input: { NetworkInterfaceId: 'eni-1', Groups: ['sg-0e1', 'sg-0e2'] },
      action: 'ec2:ModifyNetworkInterfaceAttribute',
    },
  },
];

describe('every remediation has a catalog test row', () => {
  it('covers the whole registry', () => {
    expect(CASES.map((c) => c.id).sort()).toEqual(REMEDIATIONS.map((r) => r.id).sort());
  });
});

describe.each(CASES)('$id', (c) => {
  const remediation = findRemediation(c.id)!;

  it('plan shows the current value and the exact call, and changes nothing', async () => {
    c.state(false);
    const plan = await remediation.plan(ctx(), c.target);
    expect(plan.compliant).toBe(false);
    expect(plan.current.length).toBeGreaterThan(10);
    expect(plan.calls.map((x) => x.action)).toContain(c.write.action);
    expect(remediation.permissions).toContain(c.write.action);
    expect(c.write.mock.commandCalls(c.write.command)).toHaveLength(0);
  });

  it('apply makes the change and says what it did', async () => {
    c.state(false);
    const result = await remediation.apply(ctx(), c.target);
    expect(result.outcome).toBe('changed');
    const calls = c.write.mock.commandCalls(c.write.command);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toMatchObject(c.write.input);
  });

  it('apply on a compliant target reports "already compliant" and writes nothing', async () => {
    c.state(true);
    const plan = await remediation.plan(ctx(), c.target);
    expect(plan).toMatchObject({ compliant: true, calls: [] });
    const result = await remediation.apply(ctx(), c.target);
    expect(result.outcome).toBe('already-compliant');
    expect(c.write.mock.commandCalls(c.write.command)).toHaveLength(0);
  });

  it('surfaces AccessDenied on the write as AccessDenied naming the permission', async () => {
    c.state(false);
    c.write.mock.on(c.write.command).rejects(denied(c.write.action));
    const error = await remediation.apply(ctx(), c.target).catch((e: unknown) => e);
    expect(isAccessDenied(error)).toBe(true);
    expect(String((error as Error).message)).toContain(c.write.action);
  });
});

describe('s3-bucket-tls-only merges into the existing policy', () => {
  const existing = {
    Version: '2012-10-17',
    Id: 'keep-me',
    Statement: [
      { Sid: 'AllowCdn', Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data-bucket/*' },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::data-bucket/*',
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
      },
    ],
  };

  it('keeps every existing statement and adds a TLS Deny with a free Sid', async () => {
    mocks.s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify(existing) });
    const result = await findRemediation('s3-bucket-tls-only')!.apply(ctx(), { resource: 'data-bucket' });
    expect(result.outcome).toBe('changed');
    const written = JSON.parse(mocks.s3.commandCalls(PutBucketPolicyCommand)[0]!.args[0].input.Policy!) as typeof existing;
    expect(written.Id).toBe('keep-me');
    expect(written.Statement.slice(0, 2)).toEqual(existing.Statement);
    expect(written.Statement[2]).toEqual({
      Sid: 'DenyInsecureTransport2',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::data-bucket', 'arn:aws:s3:::data-bucket/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect((result.previous as { Policy: unknown }).Policy).toEqual(existing);
  });

  it('does not treat a Deny on other conditions as TLS-only', async () => {
    mocks.s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify(existing) });
    expect((await findRemediation('s3-bucket-tls-only')!.plan(ctx(), { resource: 'data-bucket' })).compliant).toBe(false);
  });
});

describe('s3-account-block-public-access plan', () => {
  it('names the buckets that are public today and those it could not read', async () => {
    mocks.s3control.on(GetAccountPabCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration'));
    mocks.s3
      .on(ListBucketsCommand)
      .resolves({ Buckets: [{ Name: 'website', BucketRegion: 'eu-west-1' }, { Name: 'acl-open' }, { Name: 'private' }, { Name: 'locked' }] });
    mocks.s3.on(GetBucketPolicyStatusCommand).rejects(awsError('NoSuchBucketPolicy'));
    mocks.s3.on(GetBucketPolicyStatusCommand, { Bucket: 'website' }).resolves({ PolicyStatus: { IsPublic: true } });
    mocks.s3.on(GetBucketAclCommand).resolves({ Grants: [] });
    mocks.s3
      .on(GetBucketAclCommand, { Bucket: 'acl-open' })
      .resolves({ Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] });
    mocks.s3.on(GetBucketAclCommand, { Bucket: 'locked' }).rejects(denied('s3:GetBucketAcl'));
    mocks.s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    const plan = await findRemediation('s3-account-block-public-access')!.plan(ctx(), {});
    expect(plan.compliant).toBe(false);
    expect(plan.notes?.[0]).toBe('Public today and would stop being public: acl-open, website.');
    expect(plan.notes?.[1]).toMatch(/Could not tell whether these are public: locked \(AccessDenied/);
    expect(plan.current).toMatch(/no account-level Block Public Access/);
  });

  it('reads a bucket without BucketRegion in the region GetBucketLocation gives (empty = us-east-1), and one it cannot locate as unreadable', async () => {
    mocks.s3control.on(GetAccountPabCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration'));
    mocks.s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'virginia' }, { Name: 'hidden' }] });
    mocks.s3.on(GetBucketLocationCommand, { Bucket: 'virginia' }).resolves({});
    mocks.s3.on(GetBucketLocationCommand, { Bucket: 'hidden' }).rejects(denied('s3:GetBucketLocation'));
    const regions: string[] = [];
    mocks.s3.on(GetBucketPolicyStatusCommand).callsFake(async (_input: unknown, getClient: () => { config: { region: () => Promise<string> } }) => {
      regions.push(await getClient().config.region());
      return { PolicyStatus: { IsPublic: true } };
    });
    const plan = await findRemediation('s3-account-block-public-access')!.plan(ctx(), {});
    expect(regions).toEqual(['us-east-1']);
    expect(plan.notes?.[0]).toBe('Public today and would stop being public: virginia.');
    expect(plan.notes?.[1]).toMatch(/Could not tell whether these are public: hidden \(AccessDenied/);
  });
});

describe('iam-set-password-policy', () => {
  it('uses the configured baseline and keeps stricter current settings', async () => {
    mocks.iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 20, PasswordReusePrevention: 5, MaxPasswordAge: 60 } });
    await findRemediation('iam-set-password-policy')!.apply(ctx({ passwordPolicy: { minimumLength: 16 } }), {});
    expect(mocks.iam.commandCalls(UpdateAccountPasswordPolicyCommand)[0]!.args[0].input).toMatchObject({
      MinimumPasswordLength: 20,
      PasswordReusePrevention: 24,
      MaxPasswordAge: 60,
      RequireSymbols: true,
    });
  });
});

describe('ec2-isolate-instance', () => {
  it('creates the isolation group without rules when missing and records the old groups', async () => {
    mocks.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: 'i-0abc',
              VpcId: 'vpc-1',
              NetworkInterfaces: [
                { NetworkInterfaceId: 'eni-1', Groups: [{ GroupId: 'sg-web' }, { GroupId: 'sg-ssh' }] },
                { NetworkInterfaceId: 'eni-2', Groups: [{ GroupId: 'sg-db' }] },
              ],
            },
          ],
        },
      ],
    });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-new' });
    const result = await findRemediation('ec2-isolate-instance')!.apply(ctx(), { resource: 'i-0abc' });
    expect(mocks.ec2.commandCalls(CreateSecurityGroupCommand)[0]!.args[0].input).toMatchObject({ GroupName: 'gdpr-bot-isolation', VpcId: 'vpc-1' });
    expect(mocks.ec2.commandCalls(RevokeSecurityGroupEgressCommand)[0]!.args[0].input).toMatchObject({ GroupId: 'sg-new' });
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand).map((c) => c.args[0].input)).toEqual([
      { NetworkInterfaceId: 'eni-1', Groups: ['sg-new'] },
      { NetworkInterfaceId: 'eni-2', Groups: ['sg-new'] },
    ]);
    expect(result.previous).toEqual({ securityGroups: { 'eni-1': ['sg-web', 'sg-ssh'], 'eni-2': ['sg-db'] } });
    expect(findRemediation('ec2-isolate-instance')!.risk).toBe('high');
  });
});

const FSBP = 'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0';

describe('securityhub-enable agrees with securityhub_enabled: a hub with no standard in force is not compliant', () => {
  it('enables AWS Foundational Security Best Practices on a hub whose only standard is being deleted', async () => {
    mocks.securityhub.on(DescribeHubCommand).resolves({ HubArn: 'arn:aws:securityhub:eu-west-1:111122223333:hub/default' });
    mocks.securityhub.on(GetEnabledStandardsCommand).resolves({
      StandardsSubscriptions: [{ StandardsSubscriptionArn: 'sub', StandardsArn: FSBP, StandardsInput: {}, StandardsStatus: 'DELETING' }],
    });
    const fix = findRemediation('securityhub-enable')!;
    const plan = await fix.plan(ctx(), {});
    expect(plan.compliant).toBe(false);
    expect(plan.current).toMatch(/no standard is in force/);
    const applied = await fix.apply(ctx(), {});
    expect(applied.outcome).toBe('changed');
    expect(mocks.securityhub.commandCalls(BatchEnableStandardsCommand)[0]!.args[0].input).toEqual({ StandardsSubscriptionRequests: [{ StandardsArn: FSBP }] });
    expect(mocks.securityhub.commandCalls(EnableSecurityHubCommand)).toHaveLength(0);
  });

  it('leaves a standard that is still being enabled (PENDING) to finish', async () => {
    mocks.securityhub.on(DescribeHubCommand).resolves({ HubArn: 'arn:aws:securityhub:eu-west-1:111122223333:hub/default' });
    mocks.securityhub.on(GetEnabledStandardsCommand).resolves({
      StandardsSubscriptions: [{ StandardsSubscriptionArn: 'sub', StandardsArn: FSBP, StandardsInput: {}, StandardsStatus: 'PENDING' }],
    });
    const fix = findRemediation('securityhub-enable')!;
    expect((await fix.plan(ctx(), {})).calls).toEqual([]);
    expect((await fix.apply(ctx(), {})).outcome).toBe('already-compliant');
    expect(mocks.securityhub.commandCalls(BatchEnableStandardsCommand)).toHaveLength(0);
  });
});

describe('guardduty-enable and macie-enable resume what is suspended', () => {
  it('updates a suspended detector instead of creating one', async () => {
    mocks.guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['det1'] });
    mocks.guardduty.on(GetDetectorCommand).resolves({ Status: 'DISABLED' } as never);
    await findRemediation('guardduty-enable')!.apply(ctx(), {});
    expect(mocks.guardduty.commandCalls(UpdateDetectorCommand)[0]!.args[0].input).toEqual({ DetectorId: 'det1', Enable: true });
    expect(mocks.guardduty.commandCalls(CreateDetectorCommand)).toHaveLength(0);
  });

  it('un-pauses a paused Macie session and treats a real AccessDenied as an error', async () => {
    mocks.macie.on(GetMacieSessionCommand).resolves({ status: 'PAUSED' });
    await findRemediation('macie-enable')!.apply(ctx(), {});
    expect(mocks.macie.commandCalls(UpdateMacieSessionCommand)).toHaveLength(1);
    mocks.macie.on(GetMacieSessionCommand).rejects(denied('macie2:GetMacieSession'));
    await expect(findRemediation('macie-enable')!.plan(ctx(), {})).rejects.toThrow(/macie2:GetMacieSession/);
  });
});
