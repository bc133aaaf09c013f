import type { CredentialUser, IamAuthorization } from '../../../src/aws/collectors/iam.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, AT, denied, ok } from '../fixtures.js';

const daysAgo = (d: number) => new Date(Date.parse(AT) - d * 86_400_000).toISOString();

function v<T>(read: { ok: true; value: T } | { ok: false } | undefined): T {
  if (!read || !read.ok) throw new Error('fixture read is not ok');
  return read.value;
}
const iam = (s: Snapshot) => s.data.iam!;
const rows = (s: Snapshot): CredentialUser[] => v(iam(s).credentialReport);
const row = (s: Snapshot, name: string) => rows(s).find((r) => r.user === name)!;
const rootLine = (s: Snapshot) => rows(s).find((r) => r.root)!;
const auth = (s: Snapshot): IamAuthorization => v(iam(s).authorization);
const dropRootLine = (s: Snapshot) => void (iam(s).credentialReport = ok(rows(s).filter((r) => !r.root)));

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const GAAD =
  'GetAccountAuthorizationDetails (Filter User, Group, Role, LocalManagedPolicy): UserDetailList/GroupDetailList/RoleDetailList[].AttachedManagedPolicies and UserPolicyList/GroupPolicyList/RolePolicyList';
const GRAMMAR =
  'IAM JSON policy grammar: Statement may be one object or an array; Action/NotAction/Resource/NotResource a string or an array; action names are case-insensitive; NotAction allows every action not listed';
const REPORT =
  'IAM credential report columns (Getting credential reports, IAM User Guide): password_last_used, password_last_changed, access_key_N_active, access_key_N_last_rotated, access_key_N_last_used_date; N/A and no_information are no date';
const PASSWORD =
  'GetAccountPasswordPolicy PasswordPolicy: RequireSymbols, RequireNumbers, RequireUppercaseCharacters, RequireLowercaseCharacters (booleans), MinimumPasswordLength, PasswordReusePrevention';
const TRUST =
  'GetAccountAuthorizationDetails RoleDetailList[].AssumeRolePolicyDocument (URL-encoded JSON); IAM JSON policy reference, Principal: AWS account ids and ARNs, Service, Federated (SAML and OIDC providers), "*"';
const SUMMARY = 'GetAccountSummary SummaryMap: AccountMFAEnabled and AccountAccessKeysPresent (1 when the root user has MFA / an access key)';

/** A role named `deploy` with the given inline document and attachments, added to the compliant snapshot. */
function addRole(s: Snapshot, name: string, over: Partial<IamAuthorization['roles'][number]> = {}): void {
  auth(s).roles.push({
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    inlinePolicies: [],
    attachedPolicies: [],
    path: '/',
    trustPolicy: { Statement: [] },
    ...over,
  });
}

/** Adversarial fixtures of every IAM check. */
export const CASES: AdversarialCase[] = [
  // iam_policy_no_admin_star
  {
    check: 'iam_policy_no_admin_star',
    name: 'a role with the AWS managed AdministratorAccess attached (no customer policy allows *:*)',
    source: `${GAAD}; AWS managed policy arn:aws:iam::aws:policy/AdministratorAccess`,
    mutate: (s) => addRole(s, 'deploy', { attachedPolicies: [{ name: 'AdministratorAccess', arn: ADMIN }] }),
    expect: 'fail',
    resource: 'role/deploy',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: 'a group with AdministratorAccess in the aws-us-gov partition',
    source: `${GAAD}; ARNs carry the partition (aws, aws-cn, aws-us-gov)`,
    mutate: (s) => auth(s).groups[0]!.attachedPolicies.push({ name: 'AdministratorAccess', arn: 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess' }),
    expect: 'fail',
    resource: 'group/analysts',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: 'an inline group policy that allows NotAction ["s3:*"] on * (everything but S3, IAM included)',
    source: GRAMMAR,
    mutate: (s) =>
      auth(s).groups[0]!.inlinePolicies.push({
        name: 'almost-all',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['s3:*'], Resource: '*' }] },
      }),
    expect: 'fail',
    resource: 'group/analysts',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: 'an inline role policy with a single Statement object allowing "*:*" on "*"',
    source: GRAMMAR,
    mutate: (s) =>
      addRole(s, 'ops', {
        inlinePolicies: [{ name: 'break-glass', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*:*', Resource: '*' } } }],
      }),
    expect: 'fail',
    resource: 'role/ops',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: 'an inline role policy allowing NotAction ["cloudtrail:DeleteTrail"] on "*": everything else, IAM included',
    source: `${GRAMMAR}; ${GAAD}`,
    mutate: (s) =>
      addRole(s, 'platform', {
        inlinePolicies: [
          {
            name: 'all-but-trail-delete',
            document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'cloudtrail:DeleteTrail', Resource: '*' }] },
          },
        ],
      }),
    expect: 'fail',
    resource: 'role/platform',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: 'a user with the AWS managed AdministratorAccess attached directly (no customer policy allows *:*)',
    source: `${GAAD}; AWS managed policy arn:aws:iam::aws:policy/AdministratorAccess`,
    mutate: (s) => auth(s).users[1]!.attachedPolicies.push({ name: 'AdministratorAccess', arn: ADMIN }),
    expect: 'fail',
    resource: 'user/ci-deployer',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: 'a customer managed policy allowing "*" on every resource except one bucket (NotResource)',
    source: GRAMMAR,
    mutate: (s) => void (auth(s).policies[0]!.document = { Statement: [{ Effect: 'Allow', Action: ['*'], NotResource: ['arn:aws:s3:::customer-data/*'] }] }),
    expect: 'fail',
    resource: 'policy/ReadCustomerData',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: 'the group that has the customer managed policy allowing "*" on "arn:*" attached fails too',
    source: `${GAAD}; GRAMMAR: Resource wildcards match every ARN`,
    mutate: (s) => void (auth(s).policies[0]!.document = { Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:*' }] }),
    expect: 'fail',
    resource: 'group/analysts',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: 'a customer managed policy allowing "*" on "*" attached to nothing (AttachmentCount 0) still fails',
    source:
      'ListPolicies/GetAccountAuthorizationDetails Policies[].AttachmentCount; Prowler iam_customer_unattached_policy_no_administrative_privileges fails it, Steampipe skips it',
    mutate: (s) =>
      auth(s).policies.push({
        name: 'FullAdmin',
        arn: `arn:aws:iam::${ACCOUNT}:policy/FullAdmin`,
        attachmentCount: 0,
        document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      }),
    expect: 'fail',
    resource: 'policy/FullAdmin',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: '"*" on "*" with a Condition (MFA present) is still administrator access',
    source: 'IAM condition keys: aws:MultiFactorAuthPresent restricts when, not what',
    mutate: (s) =>
      addRole(s, 'admin-mfa', {
        inlinePolicies: [
          {
            name: 'admin',
            document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] },
          },
        ],
      }),
    expect: 'fail',
    resource: 'role/admin-mfa',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: '"*" on "*" beside a conditional Deny (outside eu-west-1) is still administrator access inside the region',
    source: 'Policy evaluation logic: a Deny applies only when its Condition matches',
    mutate: (s) =>
      addRole(s, 'regional-admin', {
        inlinePolicies: [
          {
            name: 'admin',
            document: {
              Statement: [
                { Effect: 'Allow', Action: '*', Resource: '*' },
                { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
              ],
            },
          },
        ],
      }),
    expect: 'fail',
    resource: 'role/regional-admin',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: 'the PowerUserAccess shape (NotAction ["IAM:*", "organizations:*", "account:*"], mixed case) is not administrator access',
    source: `${GRAMMAR}; AWS managed PowerUserAccess allows NotAction iam:*, organizations:*, account:*`,
    mutate: (s) =>
      void (auth(s).policies[0]!.document = {
        Statement: [
          { Effect: 'Allow', NotAction: ['IAM:*', 'organizations:*', 'account:*'], Resource: '*' },
          { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' },
        ],
      }),
    expect: 'pass',
    resource: 'policy/ReadCustomerData',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: '"*" on "*" with an unconditional Deny of iam:* in the same document leaves no administrator access',
    source: 'Policy evaluation logic: an explicit, unconditional Deny overrides any Allow',
    mutate: (s) =>
      void (auth(s).policies[0]!.document = {
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
        ],
      }),
    expect: 'pass',
    resource: 'policy/ReadCustomerData',
  },
  {
    check: 'iam_policy_no_admin_star',
    name: 'a customer managed policy whose default version document was not returned cannot be judged',
    source: 'GetAccountAuthorizationDetails Policies[].PolicyVersionList[].IsDefaultVersion',
    mutate: (s) => void (auth(s).policies[0]!.document = undefined),
    expect: 'error',
    resource: 'policy/ReadCustomerData',
  },

  // iam_root_no_access_keys
  {
    check: 'iam_root_no_access_keys',
    name: 'a credential report without the <root_account> line, summary says no root keys',
    source: `${SUMMARY}; the credential report is regenerated at most every 4 hours`,
    mutate: dropRootLine,
    expect: 'pass',
    resource: ROOT,
  },
  {
    check: 'iam_root_no_access_keys',
    name: 'the report shows both root keys inactive, but GetAccountSummary says a root key exists',
    source: SUMMARY,
    mutate: (s) => {
      iam(s).accountSummary = ok({ rootMfaEnabled: true, rootAccessKeysPresent: true });
      rootLine(s).accessKeys[0] = { slot: 1, active: false, lastRotated: daysAgo(700) };
    },
    expect: 'fail',
    resource: ROOT,
  },
  {
    check: 'iam_root_no_access_keys',
    name: 'GetAccountSummary says no root keys, the report shows an active one: a contradiction, never a pass',
    source: `${SUMMARY}; ${REPORT}`,
    mutate: (s) => void (rootLine(s).accessKeys[1] = { slot: 2, active: true, lastRotated: daysAgo(3), lastUsed: daysAgo(1) }),
    expect: 'error',
    resource: ROOT,
  },
  {
    check: 'iam_root_no_access_keys',
    name: 'a SummaryMap without AccountAccessKeysPresent is not "no keys"',
    source: SUMMARY,
    mutate: (s) => void (iam(s).accountSummary = ok({ rootMfaEnabled: true })),
    expect: 'error',
    resource: ROOT,
  },

  // iam_root_mfa_enabled
  {
    check: 'iam_root_mfa_enabled',
    name: 'a credential report without the <root_account> line, summary says MFA enabled',
    source: SUMMARY,
    mutate: dropRootLine,
    expect: 'pass',
    resource: ROOT,
  },
  {
    check: 'iam_root_mfa_enabled',
    name: 'the report says root mfa_active true, but GetAccountSummary AccountMFAEnabled is 0 (MFA removed since)',
    source: SUMMARY,
    mutate: (s) => void (iam(s).accountSummary = ok({ rootMfaEnabled: false, rootAccessKeysPresent: false })),
    expect: 'fail',
    resource: ROOT,
  },
  {
    check: 'iam_root_mfa_enabled',
    name: 'summary says MFA, the report root line says mfa_active false: a contradiction, never a pass',
    source: `${SUMMARY}; ${REPORT}`,
    mutate: (s) => void (rootLine(s).mfaActive = false),
    expect: 'error',
    resource: ROOT,
  },

  // iam_root_not_used_recently
  {
    check: 'iam_root_not_used_recently',
    name: 'a credential report without the <root_account> line cannot rule out root use',
    source: REPORT,
    mutate: dropRootLine,
    expect: 'error',
    resource: ROOT,
  },
  {
    check: 'iam_root_not_used_recently',
    name: 'root password unused for 200 days, but a root access key in slot 2 was used yesterday',
    source: REPORT,
    mutate: (s) => void (rootLine(s).accessKeys[1] = { slot: 2, active: true, lastRotated: daysAgo(400), lastUsed: daysAgo(1) }),
    expect: 'fail',
    resource: ROOT,
  },

  // iam_root_hardware_mfa
  {
    check: 'iam_root_hardware_mfa',
    name: 'root has MFA (perhaps a hardware key too) and also a virtual device with a custom name',
    source: 'Root may register up to 8 MFA devices; ListVirtualMFADevices (AssignmentStatus Assigned) User.Arn ends in :root',
    mutate: (s) => void (iam(s).rootVirtualMfa = ok([`arn:aws:iam::${ACCOUNT}:mfa/owners-phone`])),
    expect: 'fail',
    resource: ROOT,
  },
  {
    check: 'iam_root_hardware_mfa',
    name: 'no virtual device and a SummaryMap without AccountMFAEnabled: not a hardware pass',
    source: SUMMARY,
    mutate: (s) => void (iam(s).accountSummary = ok({ rootAccessKeysPresent: false })),
    expect: 'error',
    resource: ROOT,
  },

  // iam_user_unused_credentials
  {
    check: 'iam_user_unused_credentials',
    name: 'a password last used 200 days ago but reset by an admin 2 days ago is new, not unused',
    source: `${REPORT} (password_last_changed: when the password was last set)`,
    mutate: (s) => Object.assign(row(s, 'alice'), { passwordLastUsed: daysAgo(200), passwordLastChanged: daysAgo(2) }),
    expect: 'pass',
    resource: 'user/alice',
  },
  {
    check: 'iam_user_unused_credentials',
    name: 'a password set 2 days ago and never used (password_last_used no_information) on a 400-day-old user',
    source: REPORT,
    mutate: (s) => Object.assign(row(s, 'alice'), { passwordLastUsed: undefined, passwordLastChanged: daysAgo(2) }),
    expect: 'pass',
    resource: 'user/alice',
  },
  {
    check: 'iam_user_unused_credentials',
    name: 'an access key created yesterday and never used (last_used_date N/A) is not unused',
    source: REPORT,
    mutate: (s) => void (row(s, 'ci-deployer').accessKeys[1] = { slot: 2, active: true, lastRotated: daysAgo(1) }),
    expect: 'pass',
    resource: 'user/ci-deployer',
  },
  {
    check: 'iam_user_unused_credentials',
    name: 'a console user who signed in 2 days ago but whose active key 2 was last used 200 days ago',
    source: REPORT,
    mutate: (s) => void (row(s, 'alice').accessKeys[1] = { slot: 2, active: true, lastRotated: daysAgo(500), lastUsed: daysAgo(200) }),
    expect: 'fail',
    resource: 'user/alice',
  },
  {
    check: 'iam_user_unused_credentials',
    name: 'an enabled password with no password_last_changed cannot be judged',
    source: REPORT,
    mutate: (s) => Object.assign(row(s, 'alice'), { passwordLastUsed: undefined, passwordLastChanged: undefined }),
    expect: 'error',
    resource: 'user/alice',
  },

  // iam_user_access_keys_rotated
  {
    check: 'iam_user_access_keys_rotated',
    name: 'a key used yesterday but created 200 days ago (last use is not rotation)',
    source: REPORT,
    mutate: (s) => void (row(s, 'ci-deployer').accessKeys[0] = { slot: 1, active: true, lastRotated: daysAgo(200), lastUsed: daysAgo(1) }),
    expect: 'fail',
    resource: 'user/ci-deployer',
  },
  {
    check: 'iam_user_access_keys_rotated',
    name: 'slot 1 freshly rotated, slot 2 still active and 300 days old',
    source: REPORT,
    mutate: (s) => void (row(s, 'ci-deployer').accessKeys[1] = { slot: 2, active: true, lastRotated: daysAgo(300), lastUsed: daysAgo(2) }),
    expect: 'fail',
    resource: 'user/ci-deployer',
  },
  {
    check: 'iam_user_access_keys_rotated',
    name: 'an active key without access_key_1_last_rotated cannot be judged (not a guessed fail)',
    source: REPORT,
    mutate: (s) => void (row(s, 'ci-deployer').accessKeys[0] = { slot: 1, active: true, lastUsed: daysAgo(1) }),
    expect: 'error',
    resource: 'user/ci-deployer',
  },

  // iam_user_console_mfa_enabled
  {
    check: 'iam_user_console_mfa_enabled',
    name: 'a console user who never signed in (password_last_used no_information) and has no MFA',
    source: REPORT,
    mutate: (s) => Object.assign(row(s, 'alice'), { passwordLastUsed: undefined, passwordLastChanged: daysAgo(1), mfaActive: false }),
    expect: 'fail',
    resource: 'user/alice',
  },

  // iam_user_console_users_without_keys
  {
    check: 'iam_user_console_users_without_keys',
    name: 'a console user whose slot 1 key is inactive and slot 2 key is active',
    source: REPORT,
    mutate: (s) => void (row(s, 'alice').accessKeys[1] = { slot: 2, active: true, lastRotated: daysAgo(10), lastUsed: daysAgo(1) }),
    expect: 'fail',
    resource: 'user/alice',
  },

  // iam_user_no_direct_policies
  {
    check: 'iam_user_no_direct_policies',
    name: 'a user with no attached managed policy but an inline policy (UserPolicyList)',
    source: GAAD,
    mutate: (s) =>
      auth(s).users[0]!.inlinePolicies.push({
        name: 'personal',
        document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::customer-data/*' }] },
      }),
    expect: 'fail',
    resource: 'user/alice',
  },
  {
    check: 'iam_user_no_direct_policies',
    name: 'a user whose permissions come from a group with policies attached has none directly',
    source: `${GAAD}; UserDetailList[].GroupList names groups; group policies are not the user's`,
    mutate: (s) => auth(s).groups[0]!.attachedPolicies.push({ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    expect: 'pass',
    resource: 'user/alice',
  },

  // iam_account_password_policy_strong
  {
    check: 'iam_account_password_policy_strong',
    name: 'a policy with every character class required and length 14, but PasswordReusePrevention omitted (not set)',
    source: 'GetAccountPasswordPolicy: PasswordReusePrevention is absent when not set; MinimumPasswordLength 6-128',
    mutate: (s) =>
      void (iam(s).passwordPolicy = ok({
        minimumLength: 14,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercase: true,
        requireLowercase: true,
        reusePrevention: 0,
      })),
    expect: 'fail',
  },

  // iam_password_policy_lowercase / _uppercase / _number / _symbol
  {
    check: 'iam_password_policy_uppercase',
    name: 'a policy of length 20 and reuse 24 that leaves RequireUppercaseCharacters out: strong-looking, no uppercase required',
    source: `${PASSWORD}; a Require* field IAM leaves out is false`,
    mutate: (s) =>
      void (iam(s).passwordPolicy = ok({
        minimumLength: 20,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercase: false,
        requireLowercase: true,
        reusePrevention: 24,
      })),
    expect: 'fail',
  },
  {
    check: 'iam_password_policy_lowercase',
    name: "no password policy: IAM's default asks for three of four classes, so no lowercase letter in particular",
    source: `${PASSWORD}; GetAccountPasswordPolicy answers NoSuchEntity when no custom policy is set (IAM User Guide, default password policy)`,
    mutate: (s) => void (iam(s).passwordPolicy = ok(null)),
    expect: 'fail',
  },
  {
    check: 'iam_password_policy_number',
    name: 'GetAccountPasswordPolicy denied: the policy is unknown',
    source: 'GetAccountPasswordPolicy requires iam:GetAccountPasswordPolicy',
    mutate: (s) => void (iam(s).passwordPolicy = denied('iam:GetAccountPasswordPolicy')),
    expect: 'error',
  },
  {
    check: 'iam_password_policy_symbol',
    name: 'symbols required but nothing else: this check passes on its own part only',
    source: PASSWORD,
    mutate: (s) =>
      void (iam(s).passwordPolicy = ok({
        minimumLength: 8,
        requireSymbols: true,
        requireNumbers: false,
        requireUppercase: false,
        requireLowercase: false,
        reusePrevention: 0,
      })),
    expect: 'pass',
  },
  {
    check: 'iam_password_policy_symbol',
    name: 'every other class required, RequireSymbols false',
    source: PASSWORD,
    mutate: (s) =>
      void (iam(s).passwordPolicy = ok({
        minimumLength: 14,
        requireSymbols: false,
        requireNumbers: true,
        requireUppercase: true,
        requireLowercase: true,
        reusePrevention: 24,
      })),
    expect: 'fail',
  },

  // iam_support_role_created
  {
    check: 'iam_support_role_created',
    name: 'only the service-linked AWSServiceRoleForSupport (AWSSupportServiceRolePolicy): looks like a support role, is not one',
    source: `${GAAD}; AWSSupportServiceRolePolicy is the service-linked role policy AWS Support uses, AWSSupportAccess the policy for people who open cases`,
    mutate: (s) => void (auth(s).roles = auth(s).roles.filter((r) => r.name !== 'incident-support')),
    expect: 'fail',
  },
  {
    check: 'iam_support_role_created',
    name: 'AWSSupportAccess attached to a group, not to a role',
    source: `${GAAD}; CIS AWS Foundations 1.17 asks for a role with AWSSupportAccess`,
    mutate: (s) => {
      auth(s).roles = auth(s).roles.filter((r) => r.name !== 'incident-support');
      auth(s).groups[0]!.attachedPolicies.push({ name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' });
    },
    expect: 'fail',
  },
  {
    check: 'iam_support_role_created',
    name: 'a customer managed policy named AWSSupportAccess in the account is not the AWS managed one',
    source: `${GAAD}; AWS managed policies have ARNs arn:aws:iam::aws:policy/…, customer managed ones arn:aws:iam::<account>:policy/…`,
    mutate: (s) => {
      auth(s).roles = auth(s).roles.filter((r) => r.name !== 'incident-support');
      addRole(s, 'lookalike', { attachedPolicies: [{ name: 'AWSSupportAccess', arn: `arn:aws:iam::${ACCOUNT}:policy/AWSSupportAccess` }] });
    },
    expect: 'fail',
  },

  // iam_role_cross_account_trust_restricted
  {
    check: 'iam_role_cross_account_trust_restricted',
    name: 'a vendor account trusted by its bare account id, with no external id',
    source: `${TRUST}; Principal {"AWS":"444455556666"} is the account's root, i.e. any principal that account allows`,
    mutate: (s) => addRole(s, 'vendor', { trustPolicy: { Statement: { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' } } }),
    expect: 'fail',
    resource: 'role/vendor',
  },
  {
    check: 'iam_role_cross_account_trust_restricted',
    name: 'an MFA condition looks like a guard, but is no external id or organisation condition',
    source: `${TRUST}; aws:MultiFactorAuthPresent is set by the other account's session, not by this one`,
    mutate: (s) =>
      addRole(s, 'partner', {
        trustPolicy: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: ['arn:aws:iam::444455556666:role/ops'] },
              Action: 'sts:AssumeRole',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
            },
          ],
        },
      }),
    expect: 'fail',
    resource: 'role/partner',
  },
  {
    check: 'iam_role_cross_account_trust_restricted',
    name: 'sts:ExternalId tested with StringLike "*": any external id is accepted',
    source: `${TRUST}; StringLike "*" matches every value`,
    mutate: (s) =>
      addRole(s, 'wildcard-id', {
        trustPolicy: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::444455556666:root' },
              Action: 'sts:AssumeRole',
              Condition: { StringLike: { 'sts:ExternalId': '*' } },
            },
          ],
        },
      }),
    expect: 'fail',
    resource: 'role/wildcard-id',
  },
  {
    check: 'iam_role_cross_account_trust_restricted',
    name: 'GitHub Actions OIDC trust with only the aud claim: every repository on GitHub may assume the role',
    source: `${TRUST}; IAM User Guide, Configuring a role for GitHub OIDC: the condition must test token.actions.githubusercontent.com:sub (aud is always sts.amazonaws.com)`,
    mutate: (s) =>
      addRole(s, 'github-deploy', {
        trustPolicy: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
            },
          ],
        },
      }),
    expect: 'fail',
    resource: 'role/github-deploy',
  },
  {
    check: 'iam_role_cross_account_trust_restricted',
    name: 'GitHub Actions OIDC trust pinned to one repository by the sub claim',
    source: `${TRUST}; IAM User Guide, Configuring a role for GitHub OIDC`,
    mutate: (s) =>
      addRole(s, 'github-ok', {
        trustPolicy: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
                StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:ref:refs/heads/main' },
              },
            },
          ],
        },
      }),
    expect: 'pass',
  },
  {
    check: 'iam_role_cross_account_trust_restricted',
    name: 'Principal "*" guarded only by sts:ExternalId: the external id is not a secret, so anyone who learns it gets in',
    source: `${TRUST}; IAM User Guide, access for third parties: the external id prevents the confused deputy, it does not authenticate`,
    mutate: (s) =>
      addRole(s, 'open', {
        trustPolicy: {
          Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } }],
        },
      }),
    expect: 'fail',
    resource: 'role/open',
  },
  {
    check: 'iam_role_cross_account_trust_restricted',
    name: 'another account of the same organisation, guarded by aws:PrincipalOrgID',
    source: `${TRUST}; aws:PrincipalOrgID (IAM global condition keys)`,
    mutate: (s) =>
      addRole(s, 'org-ci', {
        trustPolicy: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::777788889999:role/ci' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
            },
          ],
        },
      }),
    expect: 'pass',
  },
  {
    check: 'iam_role_cross_account_trust_restricted',
    name: "a SAML provider of the account with the usual SAML:aud condition: the account's own IdP",
    source: `${TRUST}; IAM User Guide, creating a role for SAML 2.0 federation`,
    mutate: (s) =>
      addRole(s, 'sso-admins', {
        trustPolicy: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/corp-idp` },
              Action: 'sts:AssumeRoleWithSAML',
              Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
            },
          ],
        },
      }),
    expect: 'pass',
  },
  {
    check: 'iam_role_cross_account_trust_restricted',
    name: 'GetAccountAuthorizationDetails denied: trust policies unknown',
    source: 'GetAccountAuthorizationDetails requires iam:GetAccountAuthorizationDetails',
    mutate: (s) => void (iam(s).authorization = denied('iam:GetAccountAuthorizationDetails')),
    expect: 'error',
  },
];
