import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  ListVirtualMFADevicesCommand,
  type GetAccountAuthorizationDetailsCommandInput,
  type ListVirtualMFADevicesCommandInput,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { CollectContext } from '../../src/aws/collectors/context.js';
import { iamCollector, parseCredentialReport, type IamData } from '../../src/aws/collectors/iam.js';
import { iam_account_federated_identity_provider } from '../../src/checks/iam/iam_account_federated_identity_provider.js';
import { iam_user_two_active_access_key } from '../../src/checks/iam/iam_user_two_active_access_key.js';
import { compliantSnapshot } from '../checks/fixtures.js';

const iam = mockClient(IAMClient);
const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ROOT_LINE =
  '<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2025-01-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';

let report: string;

async function collect(): Promise<IamData> {
  const ctx = new CollectContext({
    clients: new AwsClients({ defaultRegion: 'eu-west-1' }),
    accountId: '111122223333',
    region: 'eu-west-1',
    regions: ['eu-west-1'],
    sleep: async () => undefined,
  });
  return iamCollector.collect(ctx);
}

beforeEach(() => {
  iam.reset();
  report = [HEADER, ROOT_LINE].join('\n');
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  iam.on(GetCredentialReportCommand).callsFake(() => ({ Content: new TextEncoder().encode(report), ReportFormat: 'text/csv' }));
  iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } });
  iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });
  iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 14, PasswordReusePrevention: 24 } });
  iam.on(GetAccountAuthorizationDetailsCommand).resolves({ IsTruncated: false });
  iam.on(ListSAMLProvidersCommand).resolves({ SAMLProviderList: [] });
  iam.on(ListOpenIDConnectProvidersCommand).resolves({ OpenIDConnectProviderList: [] });
});
afterAll(() => iam.restore());

describe('the IAM collector: GetAccountAuthorizationDetails', () => {
  it('asks for users, groups, roles and local managed policies, follows every page, and keeps roles and groups from any page', async () => {
    const pages: Record<string, object> = {
      start: {
        UserDetailList: [{ UserName: 'alice', Arn: 'arn:aws:iam::111122223333:user/alice', UserPolicyList: [], AttachedManagedPolicies: [] }],
        GroupDetailList: [
          {
            GroupName: 'admins',
            Arn: 'arn:aws:iam::111122223333:group/admins',
            GroupPolicyList: [{ PolicyName: 'all', PolicyDocument: enc({ Statement: { Effect: 'Allow', NotAction: 's3:*', Resource: '*' } }) }],
            AttachedManagedPolicies: [],
          },
        ],
        IsTruncated: true,
        Marker: 'm1',
      },
      m1: {
        RoleDetailList: [
          {
            RoleName: 'deploy',
            Path: '/ci/',
            Arn: 'arn:aws:iam::111122223333:role/deploy',
            AssumeRolePolicyDocument: enc({ Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
            RolePolicyList: [],
            AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
            InstanceProfileList: [],
          },
        ],
        IsTruncated: true,
        Marker: 'm2',
      },
      m2: {
        Policies: [
          {
            PolicyName: 'Old',
            Arn: 'arn:aws:iam::111122223333:policy/Old',
            AttachmentCount: 0,
            PolicyVersionList: [
              { VersionId: 'v1', IsDefaultVersion: false, Document: enc({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) },
              { VersionId: 'v2', IsDefaultVersion: true, Document: enc({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) },
            ],
          },
        ],
        IsTruncated: false,
      },
    };
    const seen: GetAccountAuthorizationDetailsCommandInput[] = [];
    iam.on(GetAccountAuthorizationDetailsCommand).callsFake((input: GetAccountAuthorizationDetailsCommandInput) => {
      seen.push(structuredClone(input)); // the SDK paginator reuses its input object
      return pages[input.Marker ?? 'start'];
    });
    const data = await collect();
    expect(seen.map((i) => i.Marker)).toEqual([undefined, 'm1', 'm2']);
    for (const i of seen) expect([...(i.Filter ?? [])].sort()).toEqual(['Group', 'LocalManagedPolicy', 'Role', 'User']);
    if (!data.authorization.ok) throw new Error('authorization not read');
    const { users, groups, roles, policies } = data.authorization.value;
    expect(users.map((u) => u.name)).toEqual(['alice']);
    expect(groups).toEqual([
      {
        name: 'admins',
        arn: 'arn:aws:iam::111122223333:group/admins',
        inlinePolicies: [{ name: 'all', document: { Statement: { Effect: 'Allow', NotAction: 's3:*', Resource: '*' } } }],
        attachedPolicies: [],
      },
    ]);
    // The trust policy is kept, URL-decoded, with the role's path.
    expect(roles).toEqual([
      {
        name: 'deploy',
        arn: 'arn:aws:iam::111122223333:role/deploy',
        path: '/ci/',
        trustPolicy: { Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        inlinePolicies: [],
        attachedPolicies: [{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      },
    ]);
    expect(policies).toEqual([
      {
        name: 'Old',
        arn: 'arn:aws:iam::111122223333:policy/Old',
        attachmentCount: 0,
        document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
      },
    ]);
    // Compacted as each page arrives: no non-default version is kept (trust policies are, for the trust check).
    expect(JSON.stringify(data.authorization.value)).not.toMatch(/"\*"\}\]\}\],"attachmentCount"|v1/);
  });
});

describe('the IAM collector: root MFA and the account summary', () => {
  it('finds a virtual MFA device of root on a later ListVirtualMFADevices page, asking for assigned devices only', async () => {
    const seen: ListVirtualMFADevicesCommandInput[] = [];
    iam.on(ListVirtualMFADevicesCommand).callsFake((input: ListVirtualMFADevicesCommandInput) =>
      seen.push(structuredClone(input)) && input.Marker
        ? {
            VirtualMFADevices: [
              {
                SerialNumber: 'arn:aws:iam::111122223333:mfa/owners-phone',
                User: { Arn: 'arn:aws:iam::111122223333:root', UserName: '', UserId: '111122223333', Path: '/', CreateDate: new Date() },
              },
            ],
            IsTruncated: false,
          }
        : {
            VirtualMFADevices: [
              {
                SerialNumber: 'arn:aws:iam::111122223333:mfa/alice',
                User: { Arn: 'arn:aws:iam::111122223333:user/alice', UserName: 'alice', UserId: 'AIDA1', Path: '/', CreateDate: new Date() },
              },
            ],
            IsTruncated: true,
            Marker: 'p2',
          },
    );
    const data = await collect();
    expect(seen).toEqual([{ AssignmentStatus: 'Assigned' }, { AssignmentStatus: 'Assigned', Marker: 'p2' }]);
    expect(data.rootVirtualMfa).toEqual({ ok: true, value: ['arn:aws:iam::111122223333:mfa/owners-phone'] });
  });

  it('reads a SummaryMap without AccountMFAEnabled/AccountAccessKeysPresent as unknown, not as false', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { Users: 3 } });
    expect((await collect()).accountSummary).toEqual({ ok: true, value: { rootMfaEnabled: undefined, rootAccessKeysPresent: undefined } });
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 } });
    expect((await collect()).accountSummary).toEqual({ ok: true, value: { rootMfaEnabled: false, rootAccessKeysPresent: true } });
  });

  it('maps a password policy whose optional fields are omitted to the weakest values, and NoSuchEntity to no policy', async () => {
    iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 14 } });
    expect((await collect()).passwordPolicy).toEqual({
      ok: true,
      value: {
        minimumLength: 14,
        requireSymbols: false,
        requireNumbers: false,
        requireUppercase: false,
        requireLowercase: false,
        reusePrevention: 0,
        maxAgeDays: undefined,
      },
    });
    iam.on(GetAccountPasswordPolicyCommand).rejects(
      Object.assign(new Error('The Password Policy with domain name 111122223333 cannot be found.'), {
        name: 'NoSuchEntity',
        $metadata: { httpStatusCode: 404 },
      }),
    );
    expect((await collect()).passwordPolicy).toEqual({ ok: true, value: null });
  });
});

describe('the credential report parser (CSV)', () => {
  it('reads quoted fields with commas (IAM user names may contain them), CRLF line ends, and password_last_changed', () => {
    const rows = parseCredentialReport(
      [
        HEADER,
        ROOT_LINE,
        '"ops,admin","arn:aws:iam::111122223333:user/ops/ops,admin",2021-01-01T00:00:00+00:00,true,no_information,2026-05-30T08:00:00+00:00,N/A,false,true,2026-05-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
        'x@example.com,arn:aws:iam::111122223333:user/x@example.com,2021-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
        '',
      ].join('\r\n'),
    );
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ root: true, passwordEnabled: true, passwordLastChanged: undefined, mfaActive: true });
    expect(rows[1]).toMatchObject({
      user: 'ops,admin',
      passwordEnabled: true,
      passwordLastUsed: undefined,
      passwordLastChanged: '2026-05-30T08:00:00.000Z',
      mfaActive: false,
    });
    expect(rows[1]!.accessKeys[0]).toEqual({ slot: 1, active: true, lastRotated: '2026-05-01T00:00:00.000Z', lastUsed: undefined });
    expect(rows[1]!.arn).toBe('arn:aws:iam::111122223333:user/ops/ops,admin');
    expect(rows[2]).toMatchObject({ user: 'x@example.com', arn: 'arn:aws:iam::111122223333:user/x@example.com', passwordEnabled: false });
  });

  it('follows the header, not column positions, reads TRUE/FALSE in any case, and ignores a byte order mark', () => {
    const columns = HEADER.split(',');
    const values: Record<string, string> = Object.fromEntries(columns.map((c) => [c, 'N/A']));
    Object.assign(values, {
      user: 'bob',
      arn: 'arn:aws:iam::1:user/bob',
      user_creation_time: '2021-01-01T00:00:00+00:00',
      password_enabled: 'TRUE',
      password_last_changed: '2024-01-01T00:00:00+00:00',
      mfa_active: 'FALSE',
      access_key_1_active: 'False',
      access_key_2_active: 'True',
      access_key_2_last_rotated: '2025-01-01T00:00:00+00:00',
    });
    const reversed = [...columns].reverse();
    const [bob] = parseCredentialReport(`\uFEFF${reversed.join(',')}\n${reversed.map((c) => values[c]).join(',')}\n`);
    expect(bob).toMatchObject({ user: 'bob', passwordEnabled: true, mfaActive: false, passwordLastChanged: '2024-01-01T00:00:00.000Z' });
    expect(bob!.accessKeys).toEqual([
      { slot: 1, active: false, lastRotated: undefined, lastUsed: undefined },
      { slot: 2, active: true, lastRotated: '2025-01-01T00:00:00.000Z', lastUsed: undefined },
    ]);
  });

  it('refuses a report without a column the checks need (an error, not users that look clean)', async () => {
    expect(() => parseCredentialReport('user,arn,password_enabled\nbob,arn:aws:iam::1:user/bob,true\n')).toThrow(/no .*mfa_active.* column/);
    report = ['user,arn,password_enabled', 'bob,arn:aws:iam::1:user/bob,true'].join('\n');
    const data = await collect();
    expect(data.credentialReport).toMatchObject({ ok: false, error: { call: 'iam:GetCredentialReport', code: 'UnreadableReport' } });
    // The other reads of the collector still stand.
    expect(data.accountSummary.ok).toBe(true);
  });

  it('a name with a comma no longer shifts the columns (the old comma split read the wrong fields)', () => {
    const [row] = parseCredentialReport(
      [
        HEADER,
        '"a,b",arn:aws:iam::1:user/ab,2021-01-01T00:00:00+00:00,true,2026-05-01T00:00:00+00:00,2026-04-01T00:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      ].join('\n'),
    );
    expect(row).toMatchObject({
      user: 'a,b',
      arn: 'arn:aws:iam::1:user/ab',
      passwordEnabled: true,
      mfaActive: true,
      passwordLastUsed: '2026-05-01T00:00:00.000Z',
    });
  });
});

describe('the IAM collector: identity providers and the checks that read them', () => {
  const USER = (name: string, password: boolean, key1: boolean, key2: boolean) =>
    `${name},arn:aws:iam::111122223333:user/${name},2021-01-01T00:00:00+00:00,${password},${password ? '2026-05-01T00:00:00+00:00' : 'N/A'},${password ? '2026-04-01T00:00:00+00:00' : 'N/A'},N/A,true,${key1},${key1 ? '2026-01-01T00:00:00+00:00' : 'N/A'},N/A,N/A,N/A,${key2},${key2 ? '2026-05-01T00:00:00+00:00' : 'N/A'},N/A,N/A,N/A,false,N/A,false,N/A`;
  const judge = (data: IamData) => {
    const s = { ...compliantSnapshot(), accountId: '111122223333' };
    s.data.iam = data;
    return s;
  };

  it('reads SAML providers (name from the ARN, ValidUntil and CreateDate as ISO dates) and OIDC providers (issuer from the ARN)', async () => {
    iam.on(ListSAMLProvidersCommand).resolves({
      SAMLProviderList: [
        {
          Arn: 'arn:aws:iam::111122223333:saml-provider/AWSSSO_5e6f7a8b9c0d1e2f_DO_NOT_DELETE',
          ValidUntil: new Date('2125-01-01T00:00:00Z'),
          CreateDate: new Date('2024-03-01T10:00:00Z'),
        },
        { Arn: 'arn:aws:iam::111122223333:saml-provider/Okta' },
      ],
    });
    iam
      .on(ListOpenIDConnectProvidersCommand)
      .resolves({ OpenIDConnectProviderList: [{ Arn: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }] });
    const data = await collect();
    expect(iam.commandCalls(ListSAMLProvidersCommand)).toHaveLength(1);
    expect(data.identityProviders).toEqual({
      ok: true,
      value: {
        saml: [
          {
            arn: 'arn:aws:iam::111122223333:saml-provider/AWSSSO_5e6f7a8b9c0d1e2f_DO_NOT_DELETE',
            name: 'AWSSSO_5e6f7a8b9c0d1e2f_DO_NOT_DELETE',
            validUntil: '2125-01-01T00:00:00.000Z',
            createdAt: '2024-03-01T10:00:00.000Z',
          },
          { arn: 'arn:aws:iam::111122223333:saml-provider/Okta', name: 'Okta', validUntil: undefined, createdAt: undefined },
        ],
        oidc: [{ arn: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', url: 'token.actions.githubusercontent.com' }],
      },
    });
    const [f] = iam_account_federated_identity_provider.evaluate(judge(data));
    expect(f).toMatchObject({ status: 'pass', resource: 'arn:aws:iam::111122223333:root' });
    expect(f!.message).toContain('IAM Identity Center (AWSSSO_5e6f7a8b9c0d1e2f_DO_NOT_DELETE)');
  });

  it('fails an account whose only SAML provider expired while two users have console passwords, naming how many', async () => {
    report = [HEADER, ROOT_LINE, USER('alice', true, false, false), USER('bob', true, false, false), USER('ci', false, true, false)].join('\n');
    iam
      .on(ListSAMLProvidersCommand)
      .resolves({ SAMLProviderList: [{ Arn: 'arn:aws:iam::111122223333:saml-provider/ADFS', ValidUntil: new Date('2020-01-01T00:00:00Z') }] });
    const [f] = iam_account_federated_identity_provider.evaluate(judge(await collect()));
    expect(f!.status).toBe('fail');
    expect(f!.message).toContain('2 IAM user(s) sign in with a console password (alice, bob)');
    expect(f!.message).toContain('ADFS (expired 2020-01-01)');
  });

  it('records ListSAMLProviders or ListOpenIDConnectProviders denied as an error of the federation check, never a pass; the other reads stand', async () => {
    for (const Command of [ListSAMLProvidersCommand, ListOpenIDConnectProvidersCommand] as const) {
      iam.on(ListSAMLProvidersCommand).resolves({ SAMLProviderList: [{ Arn: 'arn:aws:iam::111122223333:saml-provider/AWSSSO_1_DO_NOT_DELETE' }] });
      iam.on(ListOpenIDConnectProvidersCommand).resolves({ OpenIDConnectProviderList: [] });
      iam
        .on(Command)
        .rejects(Object.assign(new Error('User is not authorized to perform this action'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
      const data = await collect();
      const action = Command === ListSAMLProvidersCommand ? 'iam:ListSAMLProviders' : 'iam:ListOpenIDConnectProviders';
      expect(data.identityProviders).toMatchObject({ ok: false, error: { call: action, kind: 'denied' } });
      expect(data.credentialReport.ok).toBe(true);
      const findings = iam_account_federated_identity_provider.evaluate(judge(data));
      expect(findings.map((f) => f.status)).toEqual(['error']);
      expect(findings[0]!.message).toContain(`AccessDenied on ${action}`);
    }
  });

  it('fails a user with both access key slots active in the report, and passes one key or none', async () => {
    report = [HEADER, ROOT_LINE, USER('alice', true, false, false), USER('rotating', false, true, true), USER('ci', false, false, true)].join('\n');
    const findings = iam_user_two_active_access_key.evaluate(judge(await collect()));
    expect(Object.fromEntries(findings.map((f) => [f.resource.split('/').pop(), f.status]))).toEqual({ alice: 'pass', rotating: 'fail', ci: 'pass' });
    expect(findings.find((f) => f.status === 'fail')!.message).toContain('IAM user rotating');
  });
});
