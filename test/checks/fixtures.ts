import type { Read } from '../../src/aws/collectors/context.js';
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
    region: 'eu-west-1',
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
    settings: { allowedRegions: ['eu-west-1'], unusedCredentialDays: 90, accessKeyMaxAgeDays: 90, rootRecentUseDays: 30, certificateExpiryDays: 30, macieFindingMaxAgeDays: 30 },
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
                { name: 'queue', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders` } } },
              ],
              attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
            },
            {
              name: 'AWSServiceRoleForSupport',
              arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`,
              inlinePolicies: [],
              attachedPolicies: [{ name: 'AWSSupportServiceRolePolicy', arn: 'arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy' }],
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
        passwordPolicy: ok({ minimumLength: 16, requireSymbols: true, requireNumbers: true, requireUppercase: true, requireLowercase: true, reusePrevention: 24 }),
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
            selectors: ok({ classic: [{ includeManagementEvents: true, readWriteType: 'All', excludeManagementEventSources: [] }], advanced: [] }),
            kmsKey: ok({ state: 'Enabled' }),
          },
        ]),
        unreadRegions: [],
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
            customOrigins: [{ id: 'api', domainName: 'api.shop.example.com', protocolPolicy: 'https-only' }],
            minimumProtocolVersion: 'TLSv1.2_2021',
          },
        ]),
      },
      accessanalyzer: { analyzers: ok([{ name: 'account-analyzer', arn: 'arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/account-analyzer', type: 'ACCOUNT', status: 'ACTIVE' }]) },
      config: {
        recorders: ok([
          { name: 'default', allSupported: true, strategy: 'ALL_SUPPORTED_RESOURCE_TYPES', excludedTypes: [], includedTypes: [], recording: true, lastStatus: 'SUCCESS' },
        ]),
        deliveryChannels: ok([{ name: 'default', bucket: 'config-history', history: 'SUCCESS', snapshot: 'SUCCESS', stream: 'NOT_APPLICABLE' }]),
      },
      ec2: {
        ebsDefaultEncryption: ok(true),
        volumes: ok([{ id: 'vol-1', arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-1`, encrypted: true, state: 'in-use' }]),
        vpcs: ok([{ id: 'vpc-1', arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/vpc-1`, ownerId: ACCOUNT }]),
        subnets: ok([
          { id: 'subnet-1a', vpcId: 'vpc-1' },
          { id: 'subnet-1b', vpcId: 'vpc-1' },
        ]),
        flowLogs: ok([{ id: 'fl-1', resourceId: 'vpc-1', status: 'ACTIVE', deliverStatus: 'SUCCESS', trafficType: 'ALL' }]),
      },
      elbv2: {
        loadBalancers: ok([
          {
            arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/web/1`,
            name: 'web',
            type: 'application',
            accessLogs: ok({ enabled: true, bucket: 'elb-logs' }),
            listeners: ok([
              {
                arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener/app/web/1/443`,
                port: 443,
                protocol: 'HTTPS',
                defaultActions: [{ type: 'forward', targetGroups: 1 }],
              },
              {
                arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener/app/web/1/80`,
                port: 80,
                protocol: 'HTTP',
                defaultActions: [{ type: 'redirect', redirectProtocol: 'HTTPS' }],
                rules: ok([
                  { arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener-rule/app/web/1/80/10`, priority: '10', isDefault: false, actions: [{ type: 'redirect', redirectProtocol: 'HTTPS' }] },
                  { arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener-rule/app/web/1/80/default`, priority: 'default', isDefault: true, actions: [{ type: 'redirect', redirectProtocol: 'HTTPS' }] },
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
              { arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener/net/api/2/443`, port: 443, protocol: 'TLS', defaultActions: [{ type: 'forward', targetGroups: 1 }] },
            ]),
          },
        ]),
      },
      macie: {
        session: ok('ENABLED'),
        automatedDiscovery: ok({ status: 'ENABLED' }),
        oldestSensitiveFinding: ok({ id: 'f0a1', type: 'SensitiveData:S3Object/Personal', createdAt: daysAgo(6), bucket: 'customer-data', severity: 'High' }),
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
            eventPattern: '{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"],"detail":{"findings":{"Severity":{"Label":["HIGH","CRITICAL"]}}}}',
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
            details: ok({ mfa: 'ON', threatProtection: 'ENFORCED', customAuthThreatProtection: 'OFF', customAuth: false, tier: 'PLUS' }),
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
          },
          { id: 'aws1', arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/aws1`, details: ok({ manager: 'AWS', spec: 'SYMMETRIC_DEFAULT', state: 'Enabled', origin: 'AWS_KMS' }) },
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
          { name: '/aws/lambda/checkout', arn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/checkout`, kmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`, retentionInDays: 90 },
        ]),
      },
      secretsmanager: {
        secrets: ok([
          { name: 'prod/db', arn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/db-AbCdEf`, rotationEnabled: true, rotationDays: 30, lastRotated: daysAgo(12), created: daysAgo(400) },
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
      sns: {
        topics: ok([
          { arn: `arn:aws:sns:eu-west-1:${ACCOUNT}:orders`, name: 'orders', kmsMasterKeyId: ok(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`) },
          { arn: `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`, name: 'alerts', kmsMasterKeyId: ok('alias/aws/sns') },
        ]),
      },
      sqs: {
        queues: ok([
          { url: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/jobs`, name: 'jobs', arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`, encryption: ok({ kmsMasterKeyId: 'alias/aws/sqs', sqsManagedSse: false }) },
          { url: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/emails`, name: 'emails', arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:emails`, encryption: ok({ sqsManagedSse: true }) },
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
      rds: {
        instances: ok([
          { id: 'orders', arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`, engine: 'postgres', status: 'available', storageEncrypted: true, backupRetentionDays: 7 },
          // An Aurora cluster member: judged by its cluster.
          { id: 'crm-1', arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:crm-1`, engine: 'aurora-postgresql', status: 'available', clusterId: 'crm', storageEncrypted: true, backupRetentionDays: 7 },
        ]),
        clusters: ok([{ id: 'crm', arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:crm`, engine: 'aurora-postgresql', status: 'available', storageEncrypted: true, backupRetentionDays: 7 }]),
        dbSnapshots: ok([
          { kind: 'instance', id: 'orders-before-migration', arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:orders-before-migration`, encrypted: true, status: 'available', restore: ok(['210987654321']) },
        ]),
        clusterSnapshots: ok([
          { kind: 'cluster', id: 'crm-2026-05', arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster-snapshot:crm-2026-05`, encrypted: true, status: 'available', restore: ok([]) },
        ]),
      },
      acm: {
        certificates: ok([
          { arn: `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/1`, domainName: 'shop.example.com', status: 'ISSUED', inUse: true, keyAlgorithm: 'RSA_2048', notAfter: daysAhead(200) },
          { arn: `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/2`, domainName: 'api.example.com', status: 'ISSUED', inUse: true, keyAlgorithm: 'EC_prime256v1', notAfter: daysAhead(300) },
          // Requested but never validated: not in use, so not judged.
          { arn: `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/3`, domainName: 'new.example.com', status: 'PENDING_VALIDATION', inUse: false, keyAlgorithm: 'RSA_2048' },
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
    buckets(s)[0]!.policy = ok({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/app' }, Action: 's3:GetObject', Resource: '*' }] });
  },
  accessanalyzer_enabled: (s) => {
    d(s).accessanalyzer.analyzers = ok([]);
  },
  account_optin_regions_allowed: (s) => {
    d(s).account.regions = ok([{ name: 'ap-east-1', optInStatus: 'opted-in' }]);
  },
  organizations_scp_region_deny: (s) => {
    d(s).organizations.scps = ok([
      { id: 'p-2', name: 'DenyLeaveOrg', document: { Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] }, targets: [{ id: ROOT_ID, type: 'ROOT', name: 'Root' }] },
    ]);
  },
  organizations_member: (s) => {
    d(s).organizations = { organization: ok(null) };
  },
  cognito_user_pool_mfa_on: (s) => {
    v(d(s).cognito.userPools)[0]!.details = ok({ mfa: 'OPTIONAL', threatProtection: 'ENFORCED', customAuthThreatProtection: 'OFF', customAuth: false, tier: 'PLUS' });
  },
  cognito_user_pool_threat_protection: (s) => {
    v(d(s).cognito.userPools)[0]!.details = ok({ mfa: 'ON', threatProtection: 'AUDIT', customAuthThreatProtection: 'OFF', customAuth: false, tier: 'PLUS' });
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
  vpc_flow_logs_enabled: (s) => {
    d(s).ec2.flowLogs = ok([]);
  },
  elbv2_access_logs_enabled: (s) => {
    v(d(s).elbv2.loadBalancers)[0]!.accessLogs = ok({ enabled: false });
  },
  elbv2_http_redirects_to_https: (s) => {
    v(d(s).elbv2.loadBalancers)[0]!.listeners = ok([
      { arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener/app/web/1/80`, port: 80, protocol: 'HTTP', defaultActions: [{ type: 'forward', targetGroups: 1 }], rules: ok([]) },
    ]);
  },
  macie_enabled: (s) => {
    d(s).macie = { session: ok(null), automatedDiscovery: ok(null), oldestSensitiveFinding: ok(null) };
  },
  macie_automated_discovery: (s) => {
    d(s).macie.automatedDiscovery = ok({ status: 'DISABLED' });
  },
  macie_no_stale_sensitive_data_findings: (s) => {
    d(s).macie.oldestSensitiveFinding = ok({ id: 'f0a1', type: 'SensitiveData:S3Object/Personal', createdAt: daysAgo(45), bucket: 'customer-data', severity: 'High' });
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
  cloudfront_https_only: (s) => {
    v(d(s).cloudfront.distributions)[0]!.behaviors[1]!.viewerProtocolPolicy = 'allow-all';
  },
  acm_certificates_not_expiring: (s) => {
    v(d(s).acm.certificates)[0]!.notAfter = daysAhead(10);
  },
  kms_customer_keys_rotation: (s) => {
    v(d(s).kms.keys)[0]!.rotation = ok({ enabled: false });
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
  sns_topic_kms_encryption: (s) => {
    v(d(s).sns.topics)[0]!.kmsMasterKeyId = ok(null);
  },
  sqs_queue_encrypted: (s) => {
    v(d(s).sqs.queues)[1]!.encryption = ok({ sqsManagedSse: false });
  },
  dynamodb_table_kms_encryption: (s) => {
    v(d(s).dynamodb.tables)[0]!.encryption = ok(null);
  },
  dynamodb_table_point_in_time_recovery: (s) => {
    v(d(s).dynamodb.tables)[0]!.pointInTimeRecovery = ok('DISABLED');
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
};

/**
 * Error fixtures beyond "the collector failed as a whole" (which the registry test applies to every
 * check): a single read the check depends on was denied.
 */
export const PARTIAL_ERROR: Record<string, Mutate> = {
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
  cloudtrail_multi_region_logging: (s) => {
    v(d(s).cloudtrail.trails)[0]!.status = denied('cloudtrail:GetTrailStatus');
  },
  kms_customer_keys_rotation: (s) => {
    v(d(s).kms.keys)[0]!.rotation = denied('kms:GetKeyRotationStatus');
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
  ebs_snapshots_encrypted_and_private: (s) => {
    v(d(s).ebs.snapshots)[1]!.createVolumePermission = denied('ec2:DescribeSnapshotAttribute');
  },
  sns_topic_kms_encryption: (s) => {
    v(d(s).sns.topics)[1]!.kmsMasterKeyId = denied('sns:GetTopicAttributes');
  },
  sqs_queue_encrypted: (s) => {
    v(d(s).sqs.queues)[0]!.encryption = denied('sqs:GetQueueAttributes');
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
};

/** A fixture: the compliant snapshot with `mutate` applied. */
export function snapshotWith(mutate?: Mutate): Snapshot {
  const s = compliantSnapshot();
  mutate?.(s);
  return s;
}
