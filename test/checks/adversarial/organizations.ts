import type { IamRoleDetail } from '../../../src/aws/collectors/iam.js';
import type { OrganizationsData, ServiceControlPolicy } from '../../../src/aws/collectors/organizations.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok, ROOT_ID } from '../fixtures.js';

const CHECK = 'organizations_scp_region_deny';
const org = (s: Snapshot): OrganizationsData => s.data.organizations!;
const ROOT = { id: ROOT_ID, type: 'ROOT', name: 'Root' };
const WORKLOADS = { id: 'ou-ab12-workload', type: 'ORGANIZATIONAL_UNIT', name: 'Workloads' };
const SANDBOX = { id: 'ou-ab12-sandbox', type: 'ORGANIZATIONAL_UNIT', name: 'Sandbox' };

/** The compliant region Deny statement, with `over` replacing some of its elements. */
function regionDeny(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Sid: 'DenyAllOutsideEU',
    Effect: 'Deny',
    NotAction: ['iam:*', 'organizations:*', 'sts:*', 'support:*', 'cloudfront:*', 'route53:*'],
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
    ...over,
  };
}
/** Replaces the organisation's SCPs with one holding `statements`, attached to `targets`. */
function scp(s: Snapshot, statements: unknown[], targets: ServiceControlPolicy['targets'] = [ROOT]): void {
  org(s).scps = ok([{ id: 'p-region', name: 'RegionGuardrail', document: { Version: '2012-10-17', Statement: statements }, targets }]);
}
/** The scanned account is a member account under Workloads (scanned with delegated access). */
function member(s: Snapshot): void {
  org(s).organization = ok({ id: 'o-abc123', managementAccountId: '999999999999', isManagement: false });
  org(s).ancestors = ok([WORKLOADS.id, ROOT_ID]);
}

const CT = 'organizations_control_tower_governed';
const MANAGEMENT = '999999999999';
const CT_TRUST_SOURCE =
  'AWS Control Tower User Guide, "Enroll an existing AWS account" (the AWSControlTowerExecution role must exist and trust the management account: Principal {"AWS": "arn:aws:iam::<management>:root"}, sts:AssumeRole)';
/** The role Control Tower creates in an enrolled account, trusting `trusted` (an account id). */
function executionRole(trusted: string, over: Partial<IamRoleDetail> = {}): IamRoleDetail {
  return {
    name: 'AWSControlTowerExecution',
    arn: `arn:aws:iam::${ACCOUNT}:role/AWSControlTowerExecution`,
    inlinePolicies: [],
    attachedPolicies: [{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    path: '/',
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${trusted}:root` }, Action: 'sts:AssumeRole' }] },
    ...over,
  };
}
/** The scanned account becomes a member (management account 999999999999) with `roles` added to its IAM roles. */
function enrolledMember(s: Snapshot, roles: IamRoleDetail[]): void {
  member(s);
  const auth = s.data.iam!.authorization;
  if (auth.ok) auth.value.roles.push(...roles);
}

const SCP_SOURCE =
  'Organizations User Guide, "Example SCPs: Deny access to AWS based on the requested AWS Region" (Deny, NotAction for global services, Resource *, StringNotEquals aws:RequestedRegion)';
const CT_SOURCE =
  'AWS Control Tower controls reference, "Deny access to AWS based on the requested AWS Region" (ArnNotLike aws:PrincipalARN exempts AWSControlTowerExecution and similar roles)';
const INHERIT =
  'Organizations User Guide, "SCP evaluation": a Deny applies to the accounts under the root, OU or account it is attached to; SCPs do not affect the management account';

/** Adversarial fixtures of the Organizations checks. */
export const CASES: AdversarialCase[] = [
  {
    check: CHECK,
    name: 'Region-deny SCP that exists but is attached nowhere',
    source: `Organizations API Reference, ListTargetsForPolicy; ${INHERIT}`,
    mutate: (s) => scp(s, [regionDeny()], []),
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'Region-deny SCP attached only to one OU, scanned from the management account: not every member account is bound',
    source: INHERIT,
    mutate: (s) => scp(s, [regionDeny()], [SANDBOX]),
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'SCP policy type not enabled on the root: no SCP is in force',
    source: 'Organizations API Reference, ListRoots (Root.PolicyTypes; a policy type must be ENABLED for its policies to apply)',
    mutate: (s) => {
      org(s).roots = ok([{ id: ROOT_ID, policyTypes: [] }]);
    },
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'Member account under an OU the region SCP is attached to, but the SCP policy type is not enabled on the root',
    source: `Organizations API Reference, ListRoots (Root.PolicyTypes; a policy type must be ENABLED for its policies to apply); ${INHERIT}`,
    mutate: (s) => {
      member(s);
      scp(s, [regionDeny()], [WORKLOADS]);
      org(s).roots = ok([{ id: ROOT_ID, policyTypes: [] }]);
    },
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'SCP policy type still PENDING_ENABLE',
    source: 'Organizations API Reference, PolicyTypeSummary (Status ENABLED | PENDING_ENABLE | PENDING_DISABLE)',
    mutate: (s) => {
      org(s).roots = ok([{ id: ROOT_ID, policyTypes: [{ type: 'SERVICE_CONTROL_POLICY', status: 'PENDING_ENABLE' }] }]);
    },
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'Region Deny on ec2:* only leaves every other service open in every region',
    source: SCP_SOURCE,
    mutate: (s) => scp(s, [regionDeny({ NotAction: undefined, Action: 'ec2:*' })]),
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'Region Deny on EC2 resources only (Resource arn:aws:ec2:*)',
    source: SCP_SOURCE,
    mutate: (s) => scp(s, [regionDeny({ Resource: 'arn:aws:ec2:*' })]),
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'NotAction exempts s3:* (a regional data service) along with the global ones',
    source: `${SCP_SOURCE}; IAM User Guide, "IAM JSON policy elements: NotAction"`,
    mutate: (s) => scp(s, [regionDeny({ NotAction: ['iam:*', 's3:*'] })]),
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'Permitted regions include us-east-1, which is not in scan.allowedRegions',
    source: SCP_SOURCE,
    mutate: (s) => scp(s, [regionDeny({ Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } })]),
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'StringNotLike "eu-*" permits every EU region, not only the allowed one',
    source: `${SCP_SOURCE}; IAM User Guide, "Condition operators: StringNotLike" (multi-character wildcard)`,
    mutate: (s) => scp(s, [regionDeny({ Condition: { StringNotLike: { 'aws:RequestedRegion': ['eu-*'] } } })]),
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'StringNotLike "eu-west-1*" expands to the allowed region only',
    source: 'IAM User Guide, "Condition operators: StringNotLike"; EC2 API Reference, DescribeRegions (AllRegions)',
    mutate: (s) => scp(s, [regionDeny({ Condition: { StringNotLike: { 'aws:RequestedRegion': 'eu-west-1*' } } })]),
    expect: 'pass',
  },
  {
    check: CHECK,
    name: 'Lower-case operator, ForAnyValue prefix and AWS:RequestedRegion key spelling',
    source: 'IAM User Guide, "Condition element" (condition key names are case-insensitive); "Single-valued vs. multivalued context keys"',
    mutate: (s) => scp(s, [regionDeny({ Condition: { 'ForAnyValue:stringnotequals': { 'AWS:RequestedRegion': ['eu-west-1'] } } })]),
    expect: 'pass',
  },
  {
    check: CHECK,
    name: 'Control Tower region deny exempting its own roles by ArnNotLike aws:PrincipalARN',
    source: CT_SOURCE,
    mutate: (s) =>
      scp(s, [
        regionDeny({
          Condition: {
            StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] },
            ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/AWSControlTowerExecution', 'arn:aws:iam::*:role/aws-controltower-ConfigRecorderRole'] },
          },
        }),
      ]),
    expect: 'pass',
  },
  {
    check: CHECK,
    name: 'Principal "exemption" that matches every role (arn:aws:iam::*:role/*)',
    source: CT_SOURCE,
    mutate: (s) =>
      scp(s, [
        regionDeny({ Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] }, ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/*' } } }),
      ]),
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'Region Deny narrowed to principals with one tag',
    source: 'IAM User Guide, "Condition element": all conditions of a statement must match',
    mutate: (s) =>
      scp(s, [
        regionDeny({ Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] }, StringEquals: { 'aws:PrincipalTag/team': 'contractors' } } }),
      ]),
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'Member account: region SCP attached to the OU above it binds it',
    source: INHERIT,
    mutate: (s) => {
      member(s);
      scp(s, [regionDeny()], [WORKLOADS]);
    },
    expect: 'pass',
  },
  {
    check: CHECK,
    name: 'Member account: region SCP attached to a sibling OU does not bind it',
    source: INHERIT,
    mutate: (s) => {
      member(s);
      scp(s, [regionDeny()], [SANDBOX, { id: '444455556666', type: 'ACCOUNT', name: 'sandbox-1' }]);
    },
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'Member account without delegated access: ListPolicies AccessDenied is no verdict',
    source:
      'Organizations User Guide, "Delegated administrator for AWS Organizations" (only the management account or a delegated administrator can list policies)',
    mutate: (s) => {
      member(s);
      org(s).scps = denied('organizations:ListPolicies');
    },
    expect: 'error',
  },
  {
    check: CHECK,
    name: 'Targets of the policy unreadable (AccessDenied on ListTargetsForPolicy)',
    source: 'Organizations API Reference, ListTargetsForPolicy',
    mutate: (s) => {
      org(s).scps = denied('organizations:ListTargetsForPolicy');
    },
    expect: 'error',
  },
  {
    check: CHECK,
    name: 'Roots unreadable (AccessDenied on ListRoots): whether SCPs are enabled is unknown',
    source: 'Organizations API Reference, ListRoots',
    mutate: (s) => {
      org(s).roots = denied('organizations:ListRoots');
    },
    expect: 'error',
  },
  {
    check: CHECK,
    name: 'No scan.allowedRegions configured: the SCP cannot be confirmed to keep to approved regions',
    source: 'gdpr-bot configuration (scan.allowedRegions); Organizations User Guide, region-deny example SCP',
    mutate: (s) => {
      delete s.settings.allowedRegions;
    },
    expect: 'error',
  },
  {
    check: 'organizations_member',
    name: 'DescribeOrganization AccessDenied is no verdict, not "not in an organisation"',
    source: 'Organizations API Reference, DescribeOrganization (AWSOrganizationsNotInUseException means no organisation; AccessDeniedException means unknown)',
    mutate: (s) => {
      org(s).organization = denied('organizations:DescribeOrganization');
    },
    expect: 'error',
  },
  {
    check: 'organizations_member',
    name: 'Member account (not the management account) is in the organisation',
    source: 'Organizations API Reference, DescribeOrganization (MasterAccountId differs from the caller for member accounts)',
    mutate: (s) => {
      org(s).organization = ok({ id: 'o-abc123', managementAccountId: '999999999999', isManagement: false });
    },
    expect: 'pass',
  },
  {
    check: CT,
    name: 'Member account enrolled: AWSControlTowerExecution trusts the management account (trusted services are not readable from a member)',
    source: CT_TRUST_SOURCE,
    mutate: (s) => {
      enrolledMember(s, [executionRole(MANAGEMENT)]);
    },
    expect: 'pass',
  },
  {
    check: CT,
    name: "Member account with a role named AWSControlTowerExecution that trusts a third account: not Control Tower's role",
    source: CT_TRUST_SOURCE,
    mutate: (s) => {
      enrolledMember(s, [executionRole('444455556666')]);
    },
    expect: 'fail',
  },
  {
    check: CT,
    name: 'Member account whose AWSControlTowerExecution trust statement is a Deny: the management account cannot assume it',
    source: 'IAM User Guide, "Policy evaluation logic" (an explicit Deny in the trust policy overrides); AWS Control Tower User Guide, enrolling an account',
    mutate: (s) => {
      enrolledMember(s, [
        executionRole(MANAGEMENT, {
          trustPolicy: { Statement: [{ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }] },
        }),
      ]);
    },
    expect: 'fail',
  },
  {
    check: CT,
    name: 'Member account without the AWSControlTowerExecution role: in the organisation but not enrolled',
    source: CT_TRUST_SOURCE,
    mutate: (s) => {
      member(s);
    },
    expect: 'fail',
  },
  {
    check: CT,
    name: 'Member account whose IAM roles could not be read: enrolment unknown',
    source: 'IAM API Reference, GetAccountAuthorizationDetails (AccessDenied)',
    mutate: (s) => {
      member(s);
      s.data.iam!.authorization = denied('iam:GetAccountAuthorizationDetails');
    },
    expect: 'error',
  },
  {
    check: CT,
    name: 'Standalone account (AWSOrganizationsNotInUseException): no organisation, so no landing zone',
    source: 'Organizations API Reference, DescribeOrganization (AWSOrganizationsNotInUseException); AWS Control Tower requires AWS Organizations',
    mutate: (s) => {
      s.data.organizations = { organization: ok(null) };
    },
    expect: 'fail',
  },
  {
    check: CT,
    name: 'DescribeOrganization AccessDenied: membership unknown, so no verdict',
    source: 'Organizations API Reference, DescribeOrganization (AccessDeniedException)',
    mutate: (s) => {
      org(s).organization = denied('organizations:DescribeOrganization');
    },
    expect: 'error',
  },
  {
    check: CT,
    name: 'Management account whose role named AWSControlTowerExecution exists but Control Tower has no trusted access: no landing zone',
    source:
      'Organizations API Reference, ListAWSServiceAccessForOrganization (EnabledServicePrincipals); AWS Control Tower User Guide, "AWS Control Tower and AWS Organizations" (trusted access for controltower.amazonaws.com)',
    mutate: (s) => {
      const auth = s.data.iam!.authorization;
      if (auth.ok) auth.value.roles.push(executionRole(ACCOUNT));
      org(s).trustedServices = ok(['member.org.stacksets.cloudformation.amazonaws.com']);
    },
    expect: 'fail',
  },
  {
    check: CT,
    name: 'Management account with Control Tower trusted access left behind but no AWSControlTowerAdmin role: trusted access can be granted by hand or outlive a landing zone',
    source:
      'AWS Control Tower User Guide, "Roles and permissions" (AWSControlTowerAdmin, path /service-role/, trusted by controltower.amazonaws.com, created with the landing zone); Organizations User Guide, enabling trusted access',
    mutate: (s) => {
      const auth = s.data.iam!.authorization;
      if (auth.ok) auth.value.roles = auth.value.roles.filter((r) => r.name !== 'AWSControlTowerAdmin');
    },
    expect: 'fail',
  },
  {
    check: CT,
    name: 'Management account whose AWSControlTowerAdmin role trusts an account instead of controltower.amazonaws.com',
    source:
      'AWS Control Tower User Guide, "Roles and permissions" (the AWSControlTowerAdmin trust policy names the service principal controltower.amazonaws.com)',
    mutate: (s) => {
      const auth = s.data.iam!.authorization;
      if (!auth.ok) return;
      for (const r of auth.value.roles) {
        if (r.name === 'AWSControlTowerAdmin')
          r.trustPolicy = { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }] };
      }
    },
    expect: 'fail',
  },
];
