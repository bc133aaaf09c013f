import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  paginateGetAccountAuthorizationDetails,
  paginateListVirtualMFADevices,
  type GetAccountAuthorizationDetailsCommandOutput,
} from '@aws-sdk/client-iam';
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

/** A customer managed policy with its default version's document. */
export interface IamLocalPolicy {
  name: string;
  arn: string;
  attachmentCount: number;
  document: unknown;
}

export interface IamData {
  credentialReport: Read<CredentialUser[]>;
  /** `AccountMFAEnabled` from GetAccountSummary. */
  accountSummary: Read<{ rootMfaEnabled: boolean; rootAccessKeysPresent: boolean }>;
  /** Serial numbers of virtual MFA devices assigned to the root user (empty: root uses a hardware device, if any). */
  rootVirtualMfa: Read<string[]>;
  authorization: Read<{ users: IamUserDetail[]; policies: IamLocalPolicy[] }>;
  /** The account password policy, `null` when none is set. */
  passwordPolicy: Read<PasswordPolicy | null>;
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

function dateOrUndefined(value: string | undefined): string | undefined {
  if (!value || value === 'N/A' || value === 'no_information' || value === 'not_supported') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Parses the credential report CSV (no quoted fields occur in it). */
export function parseCredentialReport(csv: string): CredentialUser[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const header = (lines.shift() ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const get = (name: string) => cells[header.indexOf(name)];
    const keys = ([1, 2] as const).map((slot) => ({
      slot,
      active: get(`access_key_${slot}_active`) === 'true',
      lastRotated: dateOrUndefined(get(`access_key_${slot}_last_rotated`)),
      lastUsed: dateOrUndefined(get(`access_key_${slot}_last_used_date`)),
    }));
    const user = get('user') ?? '';
    return {
      user,
      arn: get('arn') ?? '',
      root: user === '<root_account>',
      createdAt: dateOrUndefined(get('user_creation_time')),
      // The root line says `not_supported`; root always has a password.
      passwordEnabled: user === '<root_account>' ? true : get('password_enabled') === 'true',
      passwordLastUsed: dateOrUndefined(get('password_last_used')),
      mfaActive: get('mfa_active') === 'true',
      accessKeys: keys,
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
  return parseCredentialReport(content);
}

type AuthPage = GetAccountAuthorizationDetailsCommandOutput;

/** What the checks need from one GetAccountAuthorizationDetails page: users and the default version of each customer policy. */
export function compactAuthorizationPage(p: AuthPage): { users: IamUserDetail[]; policies: IamLocalPolicy[] } {
  return {
    users: (p.UserDetailList ?? []).map((u) => ({
      name: u.UserName ?? '',
      arn: u.Arn ?? '',
      inlinePolicies: (u.UserPolicyList ?? []).map((ip) => ({ name: ip.PolicyName ?? '', document: decodePolicyDocument(ip.PolicyDocument) })),
      attachedPolicies: (u.AttachedManagedPolicies ?? []).map((ap) => ({ name: ap.PolicyName ?? '', arn: ap.PolicyArn ?? '' })),
    })),
    policies: (p.Policies ?? []).map((pol) => ({
      name: pol.PolicyName ?? '',
      arn: pol.Arn ?? '',
      attachmentCount: pol.AttachmentCount ?? 0,
      document: decodePolicyDocument(pol.PolicyVersionList?.find((v) => v.IsDefaultVersion)?.Document),
    })),
  };
}

/** IAM (global): the credential report, the account summary, root's virtual MFA and users' and customer policies. */
export const iamCollector: Collector<IamData> = {
  id: 'iam',
  scope: 'account',
  async collect(ctx) {
    const iam = ctx.clients.get(IAMClient, ctx.region);
    const [report, summary, rootVirtualMfa, authorization, passwordPolicy] = await Promise.all([
      ctx.read(() => credentialReport(ctx, iam)),
      ctx.read(async () => {
        const out = await ctx.must('iam:GetAccountSummary', () => iam.send(new GetAccountSummaryCommand({})));
        const map = out.SummaryMap ?? {};
        return { rootMfaEnabled: map.AccountMFAEnabled === 1, rootAccessKeysPresent: (map.AccountAccessKeysPresent ?? 0) > 0 };
      }),
      ctx.read(async () => {
        const devices = await ctx.pages('iam:ListVirtualMFADevices', paginateListVirtualMFADevices({ client: iam }, { AssignmentStatus: 'Assigned' }), (p) => p.VirtualMFADevices);
        return devices
          .filter((d) => d.User?.Arn?.endsWith(':root') || d.SerialNumber?.endsWith(':mfa/root-account-mfa-device'))
          .map((d) => d.SerialNumber ?? '');
      }),
      ctx.read(async () => {
        // Each page is reduced to the fields the checks read as it arrives: raw pages carry every
        // version of every policy document (URL-encoded) and would otherwise all be held until the end.
        const pages = await ctx.pages(
          'iam:GetAccountAuthorizationDetails',
          paginateGetAccountAuthorizationDetails({ client: iam }, { Filter: ['User', 'LocalManagedPolicy'] }),
          (p: AuthPage) => [compactAuthorizationPage(p)],
        );
        const users = pages.flatMap((p) => p.users);
        const policies = pages.flatMap((p) => p.policies);
        return { users, policies };
      }),
      ctx.read(async () => {
        const out = await ctx.call('iam:GetAccountPasswordPolicy', () => iam.send(new GetAccountPasswordPolicyCommand({})), ['NoSuchEntity', 'NoSuchEntityException']);
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
    ]);
    return { credentialReport: report, accountSummary: summary, rootVirtualMfa, authorization, passwordPolicy };
  },
};
