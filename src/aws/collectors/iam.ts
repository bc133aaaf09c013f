import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListVirtualMFADevices,
  type GetAccountAuthorizationDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import { parse } from 'csv-parse/sync';
import { CallFailed, CallErrorKind, type CollectContext, type Read } from './context.js';
import type { Collector } from './types.js';

/** One line of the IAM credential report (dates as ISO strings, `undefined` when never/not applicable). */
export interface CredentialUser {
  user: string;
  arn: string;
  /** True for the `<root_account>` line. */
  root: boolean;
  createdAt?: string;
  passwordEnabled: boolean;
  passwordLastUsed?: string;
  /** `password_last_changed`: when the password was last set (created, changed or reset). */
  passwordLastChanged?: string;
  mfaActive: boolean;
  accessKeys: { slot: 1 | 2; active: boolean; lastRotated?: string; lastUsed?: string }[];
}

/** A user as GetAccountAuthorizationDetails describes it. */
export interface IamUserDetail {
  name: string;
  arn: string;
  inlinePolicies: { name: string; document: unknown }[];
  attachedPolicies: { name: string; arn: string }[];
}

/** A group or role as GetAccountAuthorizationDetails describes it: its inline and attached managed policies. */
export type IamPrincipalDetail = IamUserDetail;

/** A role: its policies, its path (`/aws-service-role/…` for service-linked roles) and its trust policy. */
export interface IamRoleDetail extends IamPrincipalDetail {
  path: string;
  /** `AssumeRolePolicyDocument`, decoded: who may assume the role. */
  trustPolicy: unknown;
}

/** What the checks keep of GetAccountAuthorizationDetails (users, groups, roles and customer managed policies). */
export interface IamAuthorization {
  users: IamUserDetail[];
  groups: IamPrincipalDetail[];
  roles: IamRoleDetail[];
  policies: IamLocalPolicy[];
}

/** A customer managed policy with its default version's document. */
export interface IamLocalPolicy {
  name: string;
  arn: string;
  attachmentCount: number;
  /** The default version's document; `undefined` when IAM returned no default version. */
  document: unknown;
}

export interface IamData {
  credentialReport: Read<CredentialUser[]>;
  /**
   * `AccountMFAEnabled` and `AccountAccessKeysPresent` from GetAccountSummary (authoritative and current,
   * unlike the credential report, which IAM regenerates at most every four hours). A key missing from the
   * SummaryMap is `undefined`: not known, never `false`.
   */
  accountSummary: Read<{ rootMfaEnabled?: boolean; rootAccessKeysPresent?: boolean }>;
  /** Serial numbers of virtual MFA devices assigned to the root user (empty: root uses a hardware device, if any). */
  rootVirtualMfa: Read<string[]>;
  authorization: Read<IamAuthorization>;
  /** The account password policy, `null` when none is set. */
  passwordPolicy: Read<PasswordPolicy | null>;
  /** The account's SAML and OIDC identity providers (ListSAMLProviders, ListOpenIDConnectProviders; neither pages). */
  identityProviders: Read<IdentityProviders>;
}

/** Identity providers IAM trusts: who may get temporary credentials through federation. */
export interface IdentityProviders {
  /** `name` is the ARN's last part (`AWSSSO_…_DO_NOT_DELETE` for IAM Identity Center); `validUntil` absent when IAM gave none. */
  saml: { arn: string; name: string; validUntil?: string; createdAt?: string }[];
  /** `url` is the ARN's last part: the issuer without `https://` (`token.actions.githubusercontent.com`, …). */
  oidc: { arn: string; url: string }[];
}

export interface PasswordPolicy {
  minimumLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercase: boolean;
  requireLowercase: boolean;
  reusePrevention: number;
  maxAgeDays?: number;
}

/** How often and how long the collector waits for AWS to finish generating the credential report. */
export const CREDENTIAL_REPORT_POLL = { attempts: 10, firstDelayMs: 1000, maxDelayMs: 8000 };

function dateOrUndefined(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value || value === 'N/A' || value === 'no_information' || value === 'not_supported') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Columns a credential report must have for the checks to read it (AWS documents more; order varies). */
const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
];

/**
 * Parses the credential report (RFC 4180 CSV: quoted fields, commas and quotes inside them, CRLF or LF),
 * by header name, so a new or moved column changes nothing. Booleans are read case-insensitively
 * (AWS documents them as `TRUE`/`FALSE`, the file says `true`/`false`). A report without a column the
 * checks need throws: judged on a missing column, every user would look clean.
 */
export function parseCredentialReport(csv: string): CredentialUser[] {
  const records = parse(csv, {
    columns: (header: string[]) => header.map((h) => h.trim()),
    skip_empty_lines: true,
    bom: true,
    relax_column_count: false,
  }) as Record<string, string | undefined>[];
  if (records.length === 0) return [];
  const missing = REQUIRED_COLUMNS.filter((c) => !(c in records[0]!));
  if (missing.length > 0) throw new Error(`the credential report has no ${missing.join(', ')} column(s)`);
  const bool = (v: string | undefined) => v?.trim().toLowerCase() === 'true';
  return records.map((r) => {
    const user = r.user ?? '';
    const root = user === '<root_account>';
    return {
      user,
      arn: r.arn ?? '',
      root,
      createdAt: dateOrUndefined(r.user_creation_time),
      // The root line says `not_supported`; root always has a password.
      passwordEnabled: root ? true : bool(r.password_enabled),
      passwordLastUsed: dateOrUndefined(r.password_last_used),
      passwordLastChanged: dateOrUndefined(r.password_last_changed),
      mfaActive: bool(r.mfa_active),
      accessKeys: ([1, 2] as const).map((slot) => ({
        slot,
        active: bool(r[`access_key_${slot}_active`]),
        lastRotated: dateOrUndefined(r[`access_key_${slot}_last_rotated`]),
        lastUsed: dateOrUndefined(r[`access_key_${slot}_last_used_date`]),
      })),
    };
  });
}

/** Policy documents come URL-encoded from IAM. */
export function decodePolicyDocument(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(decodeURIComponent(text)) as unknown;
  } catch (error) {
    // A document that is not URL-encoded JSON: try it as plain JSON before giving up loudly.
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`unreadable policy document: ${(error as Error).message}`);
    }
  }
}

async function credentialReport(ctx: CollectContext, iam: IAMClient): Promise<CredentialUser[]> {
  let delay = CREDENTIAL_REPORT_POLL.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    const generated = await ctx.must('iam:GenerateCredentialReport', () => iam.send(new GenerateCredentialReportCommand({})));
    if (generated.State === 'COMPLETE') break;
    if (attempt >= CREDENTIAL_REPORT_POLL.attempts) {
      throw new CallFailed({
        call: 'iam:GenerateCredentialReport',
        kind: CallErrorKind.Other,
        code: 'ReportNotReady',
        message: `the credential report was still ${generated.State ?? 'not ready'} after ${attempt} polls`,
      });
    }
    await ctx.sleep(delay);
    delay = Math.min(delay * 2, CREDENTIAL_REPORT_POLL.maxDelayMs);
  }
  const report = await ctx.must('iam:GetCredentialReport', () => iam.send(new GetCredentialReportCommand({})));
  const content = report.Content ? Buffer.from(report.Content).toString('utf8') : '';
  try {
    return parseCredentialReport(content);
  } catch (error) {
    // An unreadable report is a failed read of the checks that need it, not a crash of every IAM check.
    throw new CallFailed({ call: 'iam:GetCredentialReport', kind: CallErrorKind.Other, code: 'UnreadableReport', message: (error as Error).message });
  }
}

type AuthPage = GetAccountAuthorizationDetailsCommandOutput;

type Detail = { Arn?: string; AttachedManagedPolicies?: { PolicyName?: string; PolicyArn?: string }[] };
type Inline = { PolicyName?: string; PolicyDocument?: string }[] | undefined;

function principal(name: string | undefined, d: Detail, inline: Inline): IamPrincipalDetail {
  return {
    name: name ?? '',
    arn: d.Arn ?? '',
    inlinePolicies: (inline ?? []).map((ip) => ({ name: ip.PolicyName ?? '', document: decodePolicyDocument(ip.PolicyDocument) })),
    attachedPolicies: (d.AttachedManagedPolicies ?? []).map((ap) => ({ name: ap.PolicyName ?? '', arn: ap.PolicyArn ?? '' })),
  };
}

/**
 * What the checks need from one GetAccountAuthorizationDetails page: users, groups and roles with their
 * inline policy documents and attached policy ARNs, and the default version of each customer managed
 * policy, and each role's path and trust policy. Older policy versions, tags and instance profiles are
 * dropped as each page arrives.
 */
export function compactAuthorizationPage(p: AuthPage): IamAuthorization {
  return {
    users: (p.UserDetailList ?? []).map((u) => principal(u.UserName, u, u.UserPolicyList)),
    groups: (p.GroupDetailList ?? []).map((g) => principal(g.GroupName, g, g.GroupPolicyList)),
    roles: (p.RoleDetailList ?? []).map((r) => ({
      ...principal(r.RoleName, r, r.RolePolicyList),
      path: r.Path ?? '/',
      trustPolicy: decodePolicyDocument(r.AssumeRolePolicyDocument),
    })),
    policies: (p.Policies ?? []).map((pol) => ({
      name: pol.PolicyName ?? '',
      arn: pol.Arn ?? '',
      attachmentCount: pol.AttachmentCount ?? 0,
      document: decodePolicyDocument(pol.PolicyVersionList?.find((v) => v.IsDefaultVersion)?.Document),
    })),
  };
}

/** IAM (global): the credential report, the account summary, root's virtual MFA, the policies of users, groups and roles, customer managed policies, and the SAML/OIDC identity providers. */
export const iamCollector: Collector<IamData> = {
  id: 'iam',
  scope: 'account',
  async collect(ctx) {
    const iam = ctx.clients.get(IAMClient, ctx.region);
    const [report, summary, rootVirtualMfa, authorization, passwordPolicy, identityProviders] = await Promise.all([
      ctx.read(() => credentialReport(ctx, iam)),
      ctx.read(async () => {
        const out = await ctx.must('iam:GetAccountSummary', () => iam.send(new GetAccountSummaryCommand({})));
        const map = out.SummaryMap ?? {};
        const flag = (n: number | undefined) => (n === undefined ? undefined : n > 0);
        return { rootMfaEnabled: flag(map.AccountMFAEnabled), rootAccessKeysPresent: flag(map.AccountAccessKeysPresent) };
      }),
      ctx.read(async () => {
        const devices = await ctx.pages(
          'iam:ListVirtualMFADevices',
          paginateListVirtualMFADevices({ client: iam }, { AssignmentStatus: 'Assigned' }),
          (p) => p.VirtualMFADevices,
        );
        return devices
          .filter((d) => d.User?.Arn?.endsWith(':root') || d.SerialNumber?.endsWith(':mfa/root-account-mfa-device'))
          .map((d) => d.SerialNumber ?? '');
      }),
      ctx.read(async () => {
        // Each page is reduced to the fields the checks read as it arrives: raw pages carry every
        // version of every policy document (URL-encoded) and would otherwise all be held until the end.
        const pages = await ctx.pages(
          'iam:GetAccountAuthorizationDetails',
          paginateGetAccountAuthorizationDetails({ client: iam }, { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'] }),
          (p: AuthPage) => {
            try {
              return [compactAuthorizationPage(p)];
            } catch (error) {
              throw new CallFailed({
                call: 'iam:GetAccountAuthorizationDetails',
                kind: CallErrorKind.Other,
                code: 'UnreadablePolicy',
                message: (error as Error).message,
              });
            }
          },
        );
        return {
          users: pages.flatMap((p) => p.users),
          groups: pages.flatMap((p) => p.groups),
          roles: pages.flatMap((p) => p.roles),
          policies: pages.flatMap((p) => p.policies),
        };
      }),
      ctx.read(async () => {
        const out = await ctx.call('iam:GetAccountPasswordPolicy', () => iam.send(new GetAccountPasswordPolicyCommand({})), [
          'NoSuchEntity',
          'NoSuchEntityException',
        ]);
        const p = out?.PasswordPolicy;
        if (!p) return null;
        return {
          minimumLength: p.MinimumPasswordLength ?? 0,
          requireSymbols: p.RequireSymbols === true,
          requireNumbers: p.RequireNumbers === true,
          requireUppercase: p.RequireUppercaseCharacters === true,
          requireLowercase: p.RequireLowercaseCharacters === true,
          reusePrevention: p.PasswordReusePrevention ?? 0,
          maxAgeDays: p.MaxPasswordAge,
        };
      }),
      ctx.read(async (): Promise<IdentityProviders> => {
        const [saml, oidc] = await Promise.all([
          ctx.must('iam:ListSAMLProviders', () => iam.send(new ListSAMLProvidersCommand({}))),
          ctx.must('iam:ListOpenIDConnectProviders', () => iam.send(new ListOpenIDConnectProvidersCommand({}))),
        ]);
        const last = (arn: string, marker: string) => (arn.includes(marker) ? arn.slice(arn.indexOf(marker) + marker.length) : arn);
        return {
          saml: (saml?.SAMLProviderList ?? []).map((p) => ({
            arn: p.Arn ?? '',
            name: last(p.Arn ?? '', ':saml-provider/'),
            validUntil: p.ValidUntil ? new Date(p.ValidUntil).toISOString() : undefined,
            createdAt: p.CreateDate ? new Date(p.CreateDate).toISOString() : undefined,
          })),
          oidc: (oidc?.OpenIDConnectProviderList ?? []).map((p) => ({ arn: p.Arn ?? '', url: last(p.Arn ?? '', ':oidc-provider/') })),
        };
      }),
    ]);
    return { credentialReport: report, accountSummary: summary, rootVirtualMfa, authorization, passwordPolicy, identityProviders };
  },
};
