import type { S3Bucket } from '../../../src/aws/collectors/s3.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { denied, ok } from '../fixtures.js';

const ALL_ON = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const DATA = 'arn:aws:s3:::customer-data';

const s3 = (s: Snapshot) => s.data.s3!;
function bucket(s: Snapshot, name: string): S3Bucket {
  const b = s3(s).buckets;
  if (!b.ok) throw new Error('fixture buckets not read');
  return b.value.find((x) => x.name === name)!;
}
const data = (s: Snapshot) => bucket(s, 'customer-data');
const logs = (s: Snapshot) => bucket(s, 'trail-logs');

/** A bucket policy of the given statements on customer-data. */
function policy(s: Snapshot, ...Statement: unknown[]): void {
  data(s).policy = ok({ Version: '2012-10-17', Statement });
}
/** The canonical TLS Deny, with `over` replacing some of its elements. */
function tlsDeny(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [DATA, `${DATA}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    ...over,
  };
}

const TLS_SOURCE =
  'S3 User Guide, "Bucket policy examples: Managing access based on HTTP or HTTPS requests" (Deny s3:* for Principal * on the bucket and bucket/* when aws:SecureTransport is false)';
const IAM_CONDITION = 'IAM User Guide, "Condition operators": a key absent from the request context makes the condition false; ...IfExists makes it true';
const BPA_SOURCE =
  'S3 User Guide, "Blocking public access to your Amazon S3 storage": S3 applies the most restrictive combination of the bucket-level and account-level settings';
const ACL_SOURCE =
  'S3 User Guide, "Access control list (ACL) overview": the AllUsers and AuthenticatedUsers groups are public; IgnorePublicAcls makes S3 ignore such grants';
const POLICY_STATUS =
  'S3 API Reference, GetBucketPolicyStatus (PolicyStatus.IsPublic) and "The meaning of public": RestrictPublicBuckets limits a public policy to AWS service principals and the owner account';

/** Adversarial fixtures of the S3 checks (and CloudTrail's log-bucket exposure, judged the same way). */
export const CASES: AdversarialCase[] = [
  // s3_bucket_tls_only
  {
    check: 's3_bucket_tls_only',
    name: 'TLS Deny for one account only, not every principal',
    source: `${TLS_SOURCE}; IAM User Guide, "AWS JSON policy elements: Principal"`,
    mutate: (s) => policy(s, tlsDeny({ Principal: { AWS: 'arn:aws:iam::123456789012:root' } })),
    expect: 'fail',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'TLS Deny with NotPrincipal exempts those principals',
    source: 'IAM User Guide, "AWS JSON policy elements: NotPrincipal" (a Deny with NotPrincipal applies to everyone except the listed principals)',
    mutate: (s) => policy(s, { ...tlsDeny({ Principal: undefined }), NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/etl' } }),
    expect: 'fail',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'TLS Deny on s3:PutObject only leaves GetObject over HTTP',
    source: TLS_SOURCE,
    mutate: (s) => policy(s, tlsDeny({ Action: 's3:PutObject' })),
    expect: 'fail',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'TLS Deny on the objects only (bucket/*) leaves bucket-level calls over HTTP',
    source: `${TLS_SOURCE}; S3 User Guide, "Policy resources for Amazon S3" (the bucket ARN and the object ARNs are different resources)`,
    mutate: (s) => policy(s, tlsDeny({ Resource: `${DATA}/*` })),
    expect: 'fail',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'TLS Deny on the bucket ARN only leaves every object over HTTP',
    source: 'S3 User Guide, "Policy resources for Amazon S3" (object actions are authorised against arn:aws:s3:::bucket/key)',
    mutate: (s) => policy(s, tlsDeny({ Resource: DATA })),
    expect: 'fail',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'TLS Deny narrowed to one prefix of objects',
    source: 'S3 User Guide, "Policy resources for Amazon S3"',
    mutate: (s) => policy(s, tlsDeny({ Resource: [DATA, `${DATA}/public/*`] })),
    expect: 'fail',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'TLS Deny narrowed by a further condition (only outside a VPC endpoint)',
    source: 'IAM User Guide, "Condition element": every condition of a statement must match for it to apply',
    mutate: (s) => policy(s, tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })),
    expect: 'fail',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'Deny on aws:SecureTransport true (inverted) refuses HTTPS, not HTTP',
    source: 'IAM User Guide, "AWS global condition context keys: aws:SecureTransport" (false for plain-HTTP requests)',
    mutate: (s) => policy(s, tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
    expect: 'fail',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'TLS Deny copied from another bucket names that bucket',
    source: TLS_SOURCE,
    mutate: (s) => policy(s, tlsDeny({ Resource: ['arn:aws:s3:::other-bucket', 'arn:aws:s3:::other-bucket/*'] })),
    expect: 'fail',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'NumericLessThan s3:TlsVersion 1.2 alone refuses old TLS, not plain HTTP (no TLS version in the request)',
    source: `S3 Service Authorization Reference, s3:TlsVersion; ${IAM_CONDITION}`,
    mutate: (s) => policy(s, tlsDeny({ Sid: 'EnforceTLSv12orHigher', Principal: { AWS: '*' }, Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } })),
    expect: 'fail',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'NumericLessThanIfExists s3:TlsVersion also matches requests without TLS: refuses plain HTTP',
    source: IAM_CONDITION,
    mutate: (s) => policy(s, tlsDeny({ Condition: { NumericLessThanIfExists: { 's3:TlsVersion': '1.2' } } })),
    expect: 'pass',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'Bucket and objects covered by two separate TLS Deny statements',
    source: TLS_SOURCE,
    mutate: (s) => policy(s, tlsDeny({ Sid: 'Bucket', Resource: DATA }), tlsDeny({ Sid: 'Objects', Resource: `${DATA}/*` })),
    expect: 'pass',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'Lower-case operator and key, boolean false, {"AWS":["*"]}, S3:* and a wildcard covering both ARNs',
    source: `${TLS_SOURCE}; IAM User Guide, "Condition element" (condition key names are case-insensitive); "IAM JSON policy elements: Action" (case-insensitive)`,
    mutate: (s) =>
      policy(
        s,
        tlsDeny({ Principal: { AWS: ['*'] }, Action: ['S3:*'], Resource: 'arn:aws:s3:::customer-*', Condition: { bool: { 'AWS:SecureTransport': false } } }),
      ),
    expect: 'pass',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'BoolIfExists with a one-element array ["false"], Action "*" and Resource "*"',
    source: `${TLS_SOURCE}; ${IAM_CONDITION}`,
    mutate: (s) => policy(s, tlsDeny({ Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': ['false'] } } })),
    expect: 'pass',
    resource: DATA,
  },
  {
    check: 's3_bucket_tls_only',
    name: 'Bucket policy unreadable (AccessDenied on s3:GetBucketPolicy) is no verdict',
    source: 'S3 API Reference, GetBucketPolicy (needs s3:GetBucketPolicy; NoSuchBucketPolicy only when there is none)',
    mutate: (s) => {
      data(s).policy = denied('s3:GetBucketPolicy');
    },
    expect: 'error',
    resource: DATA,
  },

  // s3_bucket_public_access_blocked
  {
    check: 's3_bucket_public_access_blocked',
    name: 'No bucket-level Block Public Access, but the account has all four on: blocked',
    source: BPA_SOURCE,
    mutate: (s) => {
      data(s).publicAccessBlock = ok(null);
    },
    expect: 'pass',
    resource: DATA,
  },
  {
    check: 's3_bucket_public_access_blocked',
    name: 'Four flags split between bucket and account are all in force',
    source: BPA_SOURCE,
    mutate: (s) => {
      data(s).publicAccessBlock = ok({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false });
      s3(s).accountPublicAccessBlock = ok({ blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: true });
    },
    expect: 'pass',
    resource: DATA,
  },
  {
    check: 's3_bucket_public_access_blocked',
    name: 'Account setting unreadable while the bucket has only some flags on: no verdict',
    source: `${BPA_SOURCE}; S3 Control API Reference, GetPublicAccessBlock (s3:GetAccountPublicAccessBlock)`,
    mutate: (s) => {
      s3(s).accountPublicAccessBlock = denied('s3:GetAccountPublicAccessBlock');
      data(s).publicAccessBlock = ok({ ...ALL_ON, ignorePublicAcls: false });
      data(s).aclGrantees = ok([ALL_USERS]);
    },
    expect: 'error',
    resource: DATA,
  },
  {
    check: 's3_bucket_public_access_blocked',
    name: 'Account setting unreadable, but the bucket has all four on: the account cannot change it',
    source: BPA_SOURCE,
    mutate: (s) => {
      s3(s).accountPublicAccessBlock = denied('s3:GetAccountPublicAccessBlock');
      data(s).aclGrantees = ok([ALL_USERS]);
    },
    expect: 'pass',
    resource: DATA,
  },
  {
    check: 's3_bucket_public_access_blocked',
    name: 'AuthenticatedUsers ACL grant ("any AWS account") with IgnorePublicAcls off everywhere',
    source: ACL_SOURCE,
    mutate: (s) => {
      s3(s).accountPublicAccessBlock = ok(null);
      data(s).publicAccessBlock = ok({ ...ALL_ON, ignorePublicAcls: false });
      data(s).aclGrantees = ok([AUTHENTICATED_USERS]);
    },
    expect: 'fail',
    resource: DATA,
  },
  {
    check: 's3_bucket_public_access_blocked',
    name: 'Public bucket policy while RestrictPublicBuckets is on at neither level',
    source: POLICY_STATUS,
    mutate: (s) => {
      s3(s).accountPublicAccessBlock = ok({ ...ALL_ON, restrictPublicBuckets: false });
      data(s).publicAccessBlock = ok({ ...ALL_ON, restrictPublicBuckets: false });
      data(s).policyPublic = ok(true);
    },
    expect: 'fail',
    resource: DATA,
  },
  {
    check: 's3_bucket_public_access_blocked',
    name: 'Nothing public today, but Block Public Access off at both levels (a new ACL or policy opens it)',
    source: BPA_SOURCE,
    mutate: (s) => {
      s3(s).accountPublicAccessBlock = ok(null);
      data(s).publicAccessBlock = ok({ ...ALL_ON, blockPublicPolicy: false });
    },
    expect: 'fail',
    resource: DATA,
  },

  // s3_account_public_access_blocked
  {
    check: 's3_account_public_access_blocked',
    name: 'Account Block Public Access with three of four settings on (RestrictPublicBuckets off)',
    source: 'S3 Control API Reference, GetPublicAccessBlock (PublicAccessBlockConfiguration has four independent flags)',
    mutate: (s) => {
      s3(s).accountPublicAccessBlock = ok({ ...ALL_ON, restrictPublicBuckets: false });
    },
    expect: 'fail',
  },
  {
    check: 's3_account_public_access_blocked',
    name: 'Account Block Public Access unreadable is no verdict (not "not configured")',
    source: 'S3 Control API Reference, GetPublicAccessBlock (NoSuchPublicAccessBlockConfiguration means none; AccessDenied means unknown)',
    mutate: (s) => {
      s3(s).accountPublicAccessBlock = denied('s3:GetAccountPublicAccessBlock');
    },
    expect: 'error',
  },

  // s3_bucket_default_encryption
  {
    check: 's3_bucket_default_encryption',
    name: 'Encryption configuration unreadable (AccessDenied) is no verdict, although S3 encrypts new objects by default since 2023',
    source: 'S3 API Reference, GetBucketEncryption (needs s3:GetEncryptionConfiguration)',
    mutate: (s) => {
      data(s).encryption = denied('s3:GetEncryptionConfiguration');
    },
    expect: 'error',
    resource: DATA,
  },
  {
    check: 's3_bucket_default_encryption',
    name: 'No default encryption configuration (ServerSideEncryptionConfigurationNotFoundError)',
    source: 'S3 API Reference, GetBucketEncryption (ServerSideEncryptionConfigurationNotFoundError)',
    mutate: (s) => {
      data(s).encryption = ok(null);
    },
    expect: 'fail',
    resource: DATA,
  },

  // s3_log_bucket_mfa_delete
  {
    check: 's3_log_bucket_mfa_delete',
    name: 'Log bucket with versioning Enabled but MFADelete Disabled',
    source: 'S3 API Reference, GetBucketVersioning (Status and MFADelete are separate; MFADelete is absent unless it was ever configured)',
    mutate: (s) => {
      logs(s).versioning = ok({ status: 'Enabled', mfaDelete: false });
    },
    expect: 'fail',
    resource: 'arn:aws:s3:::trail-logs',
  },
  {
    check: 's3_log_bucket_mfa_delete',
    name: 'Log bucket versioning unreadable is no verdict',
    source: 'S3 API Reference, GetBucketVersioning (needs s3:GetBucketVersioning)',
    mutate: (s) => {
      logs(s).versioning = denied('s3:GetBucketVersioning');
    },
    expect: 'error',
    resource: 'arn:aws:s3:::trail-logs',
  },
  {
    check: 's3_log_bucket_mfa_delete',
    name: 'MFADelete still Enabled on a log bucket whose versioning was Suspended',
    source:
      'S3 User Guide, "Working with objects in a versioning-suspended bucket": a PUT replaces the null version (the object is overwritten, not versioned), and GetBucketVersioning reports Status Suspended with MFADelete as configured',
    mutate: (s) => {
      logs(s).versioning = ok({ status: 'Suspended', mfaDelete: true });
    },
    expect: 'fail',
    resource: 'arn:aws:s3:::trail-logs',
  },
  {
    check: 's3_log_bucket_mfa_delete',
    name: 'A region whose trails could not be listed may deliver to a log bucket nobody judged',
    source:
      'CloudTrail API Reference, DescribeTrails is regional: a trail homed in a region that could not be read (e.g. denied by an SCP) is not seen from the others unless it is multi-region',
    mutate: (s) => {
      s.data.cloudtrail!.unreadRegions = [
        {
          region: 'eu-central-1',
          error: { call: 'cloudtrail:DescribeTrails', kind: 'denied', code: 'AccessDeniedException', message: 'explicit deny in a service control policy' },
        },
      ];
    },
    expect: 'error',
    resource: 'eu-central-1',
  },

  // cloudtrail_bucket_not_public (the log bucket's exposure, judged like s3_bucket_public_access_blocked)
  {
    check: 'cloudtrail_bucket_not_public',
    name: 'A region whose trails could not be listed may deliver to a public bucket nobody judged',
    source:
      'CloudTrail API Reference, DescribeTrails is regional: a trail homed in a region that could not be read (e.g. denied by an SCP) is not seen from the others unless it is multi-region',
    mutate: (s) => {
      s.data.cloudtrail!.unreadRegions = [
        {
          region: 'eu-central-1',
          error: { call: 'cloudtrail:DescribeTrails', kind: 'denied', code: 'AccessDeniedException', message: 'explicit deny in a service control policy' },
        },
      ];
    },
    expect: 'error',
    resource: 'eu-central-1',
  },
  {
    check: 'cloudtrail_bucket_not_public',
    name: 'Log bucket with no public ACL or policy today, but Block Public Access off at both levels',
    source: BPA_SOURCE,
    mutate: (s) => {
      s3(s).accountPublicAccessBlock = ok(null);
      logs(s).publicAccessBlock = ok(null);
    },
    expect: 'fail',
    resource: 'arn:aws:s3:::trail-logs',
  },
  {
    check: 'cloudtrail_bucket_not_public',
    name: 'Log bucket account setting unreadable while the bucket has only some flags on: no verdict',
    source: BPA_SOURCE,
    mutate: (s) => {
      s3(s).accountPublicAccessBlock = denied('s3:GetAccountPublicAccessBlock');
      logs(s).publicAccessBlock = ok({ ...ALL_ON, restrictPublicBuckets: false });
    },
    expect: 'error',
    resource: 'arn:aws:s3:::trail-logs',
  },
  {
    check: 'cloudtrail_bucket_not_public',
    name: 'AllUsers ACL grant on the log bucket is ignored when IgnorePublicAcls is on at account level',
    source: ACL_SOURCE,
    mutate: (s) => {
      logs(s).publicAccessBlock = ok(null);
      logs(s).aclGrantees = ok([ALL_USERS]);
    },
    expect: 'pass',
    resource: 'arn:aws:s3:::trail-logs',
  },
  {
    check: 'cloudtrail_bucket_not_public',
    name: 'Public policy on the log bucket with RestrictPublicBuckets off at both levels',
    source: POLICY_STATUS,
    mutate: (s) => {
      s3(s).accountPublicAccessBlock = ok({ ...ALL_ON, restrictPublicBuckets: false });
      logs(s).publicAccessBlock = ok(null);
      logs(s).policyPublic = ok(true);
    },
    expect: 'fail',
    resource: 'arn:aws:s3:::trail-logs',
  },
  {
    check: 'cloudtrail_bucket_not_public',
    name: "Trail delivering to another account's log archive: not in this account's bucket list, cannot be judged here",
    source:
      'CloudTrail User Guide, "Receiving CloudTrail log files from multiple accounts" (the bucket is owned by the log-archive account); S3 API Reference, ListBuckets (lists only buckets the caller owns)',
    mutate: (s) => {
      const trails = s.data.cloudtrail!.trails;
      if (trails.ok) trails.value[0]!.s3BucketName = 'org-log-archive-999999999999';
    },
    expect: 'error',
    resource: 'arn:aws:s3:::org-log-archive-999999999999',
  },
  {
    check: 's3_bucket_region_allowed',
    name: 'a bucket whose region neither ListBuckets nor GetBucketLocation gave is not assumed to be in the scan region: error',
    source: 'S3 API, ListBuckets BucketRegion; GetBucketLocation LocationConstraint (null = us-east-1, EU = eu-west-1)',
    mutate: (s) => {
      const b = s.data.s3!.buckets;
      if (b.ok) b.value[0]!.region = denied('s3:GetBucketLocation');
    },
    expect: 'error',
    resource: 'customer-data',
  },
  {
    check: 's3_bucket_region_allowed',
    name: 'no scan.allowedRegions: every bucket "allowed" by default would be a false pass; error asking for the list',
    source: 'gdpr-bot configuration: scan.allowedRegions',
    mutate: (s) => {
      s.settings = { ...s.settings, allowedRegions: [] };
    },
    expect: 'error',
  },
];
