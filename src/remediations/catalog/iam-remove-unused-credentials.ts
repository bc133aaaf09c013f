import { errorCode, isAccessDenied, isCode } from '../aws-errors.js';
import {
  ago,
  day,
  daysAgo,
  deactivate,
  deactivatedSentence,
  deactivateKeys,
  describeKeySelection,
  listKeys,
  planKnown,
  selectionWords,
  selectKeys,
  validKeyIds,
  validSelector,
  accessKeyTargetSchema,
} from './iam-deactivate-access-key.js';
import { nameFromArn } from '../shared.js';
import { z } from 'zod';
import { withTargetSchema, type ApiCall, type ApplyResult, type Plan, type Remediation, type RemediationContext } from '../types.js';

/**
 * A user's console password as IAM reports it now. `idleDays` counts from the latest of its last use,
 * the login profile's creation and the last change the credential report records (undefined when IAM
 * gives none of them). `unknownChange` says why when the password was last set could not be read for a
 * password that otherwise looks stale: such a password is never removed.
 */
type Password =
  | { exists: false }
  | { exists: true; createdAt?: Date; lastUsed?: Date; lastChanged?: Date; resetRequired: boolean; idleDays?: number; stale: boolean; unknownChange?: string };

const NO_REPORT = [
  'ReportNotPresent',
  'ReportExpired',
  'ReportInProgress',
  'CredentialReportNotPresentException',
  'CredentialReportExpiredException',
  'CredentialReportNotReadyException',
];

/**
 * When the password of `UserName` was last set, from the latest credential report (`password_last_changed`;
 * IAM's API has no such date: GetLoginProfile's CreateDate is when the login profile was created, and a
 * password an admin resets with UpdateLoginProfile keeps it). Only read, never generated.
 */
async function lastChange(ctx: RemediationContext, UserName: string): Promise<{ at?: Date; unknown?: string }> {
  const { GetCredentialReportCommand, IAMClient } = await import('@aws-sdk/client-iam');
  // The IAM collector's parser; its module loads the IAM client, so it is loaded here too, not with the registry.
  const { parseCredentialReport } = await import('../../aws/collectors/iam.js');
  let out;
  try {
    out = await ctx.aws.get(IAMClient).send(new GetCredentialReportCommand({}));
  } catch (error) {
    if (isCode(error, ...NO_REPORT)) return { unknown: `there is no current credential report (${errorCode(error)}); a scan generates one` };
    if (isAccessDenied(error)) return { unknown: 'AccessDenied on iam:GetCredentialReport' };
    throw error;
  }
  const generated = out.GeneratedTime ? ` of ${out.GeneratedTime.toISOString()}` : '';
  let rows;
  try {
    rows = parseCredentialReport(out.Content ? Buffer.from(out.Content).toString('utf8') : '');
  } catch (error) {
    return { unknown: `the credential report${generated} is unreadable (${(error as Error).message})` };
  }
  const row = rows.find((r) => !r.root && r.user === UserName);
  if (!row) return { unknown: `the credential report${generated} does not list ${UserName}` };
  if (!row.passwordLastChanged) return { unknown: `the credential report${generated} gives no password_last_changed for ${UserName}` };
  return { at: new Date(row.passwordLastChanged) };
}

function latest(...dates: (Date | undefined)[]): Date | undefined {
  return dates.reduce<Date | undefined>((a, b) => (!b ? a : !a || b > a ? b : a), undefined);
}

/**
 * Reads the login profile (`iam:GetLoginProfile`; NoSuchEntity: the user has no console password) and,
 * when there is one, its last use (`iam:GetUser` → PasswordLastUsed). Stale means unused for more than
 * `days` days, judged as `iam_user_unused_credentials` judges it: neither used nor set within `days`.
 * Only a password that looks stale by those dates is looked up in the credential report too
 * (`password_last_changed`, `iam:GetCredentialReport`): set within `days`, it stays; when that date
 * cannot be read, it stays as well.
 */
async function readPassword(ctx: RemediationContext, UserName: string, days: number): Promise<Password> {
  const { GetLoginProfileCommand, GetUserCommand, IAMClient } = await import('@aws-sdk/client-iam');
  const iam = ctx.aws.get(IAMClient);
  let profile;
  try {
    profile = (await iam.send(new GetLoginProfileCommand({ UserName }))).LoginProfile;
  } catch (error) {
    if (isCode(error, 'NoSuchEntity', 'NoSuchEntityException')) return { exists: false };
    throw error;
  }
  if (!profile) return { exists: false };
  const lastUsed = (await iam.send(new GetUserCommand({ UserName }))).User?.PasswordLastUsed;
  const base = {
    exists: true as const,
    ...(profile.CreateDate ? { createdAt: profile.CreateDate } : {}),
    ...(lastUsed ? { lastUsed } : {}),
    resetRequired: profile.PasswordResetRequired === true,
  };
  const since = latest(lastUsed, profile.CreateDate);
  if (!since) return { ...base, stale: false };
  if (daysAgo(ctx, since) <= days) return { ...base, idleDays: daysAgo(ctx, since), stale: false };
  const change = await lastChange(ctx, UserName);
  if (!change.at) return { ...base, idleDays: daysAgo(ctx, since), stale: false, ...(change.unknown ? { unknownChange: change.unknown } : {}) };
  const idleDays = daysAgo(ctx, latest(since, change.at)!);
  return { ...base, lastChanged: change.at, idleDays, stale: idleDays > days };
}

/** `last used 2025-06-01, 214 days ago`, `never used (set 2025-01-01, 365 days ago)`, `last used …, but set again 2026-01-01, 2 days ago`. */
function passwordUse(ctx: RemediationContext, pw: Extract<Password, { exists: true }>): string {
  const set = latest(pw.createdAt, pw.lastChanged);
  if (pw.lastUsed) {
    const again = set && set > pw.lastUsed ? `, but set again ${day(set)}, ${ago(ctx, set)}` : '';
    return `last used ${day(pw.lastUsed)}, ${ago(ctx, pw.lastUsed)}${again}`;
  }
  if (set) return `never used (set ${day(set)}, ${ago(ctx, set)})`;
  return 'of unknown age (IAM reports neither its last use nor its creation)';
}

/** One sentence on the password as it is now, and whether this fix removes it. */
function passwordSentence(ctx: RemediationContext, UserName: string, pw: Password, days: number): string {
  if (!pw.exists) return `${UserName} has no console password (login profile).`;
  const use = passwordUse(ctx, pw);
  if (pw.stale) return `The console password of ${UserName} was ${use}: unused for more than ${days} days.`;
  if (pw.unknownChange) return `The console password of ${UserName} was ${use}, but when it was last set cannot be read (${pw.unknownChange}): it stays.`;
  if (pw.idleDays === undefined) return `The console password of ${UserName} is ${use}: it stays.`;
  return `The console password of ${UserName} was ${use}, within ${days} days: it is in use and stays.`;
}

function deleteLoginProfile(UserName: string): ApiCall {
  return { action: 'iam:DeleteLoginProfile', params: { UserName } };
}

/**
 * The target of this fix: the user and an `unused-for` selector (its days also judge the console
 * password), then what the plan recorded: the keys, and whether the password goes.
 */
const unusedCredentialsTargetSchema = accessKeyTargetSchema.extend({
  /**
   * Whether the plan found the user's console password (login profile) unused for more than the
   * selector's days and so removes it. Recorded with `accessKeyIds`; `apply` removes the login profile
   * only when this is true.
   */
  removeLoginProfile: z.boolean().optional(),
});
type UnusedCredentialsTarget = z.infer<typeof unusedCredentialsTargetSchema>;

const PASSWORD_REMOVED = (UserName: string) =>
  `Removing the console password means ${UserName} can no longer sign in to the AWS console until an admin sets a new one; the user, their groups, policies and MFA devices stay.`;
const STILL_UNUSED = (UserName: string) =>
  `The password is removed only if it is still unused when the fix runs: if ${UserName} signs in before then, it stays.`;

/** The selector's days (validated: `unused-for` with whole days). */
function daysOf(target: UnusedCredentialsTarget): number {
  const selector = target.keySelector;
  if (selector?.kind !== 'unused-for') throw new Error('this fix needs the number of days credentials may stay unused');
  return selector.days;
}

/** True once a plan has recorded what this fix changes (the keys, and whether the password goes). */
function recorded(target: UnusedCredentialsTarget): boolean {
  return target.accessKeyIds !== undefined || target.removeLoginProfile !== undefined;
}

function userOf(target: UnusedCredentialsTarget): string {
  return nameFromArn(target.resource!);
}

/** The first plan: reads the password and the keys now, and records what it found to change. */
async function planSelection(ctx: RemediationContext, UserName: string, days: number): Promise<Plan> {
  const pw = await readPassword(ctx, UserName, days);
  const selector = { kind: 'unused-for', days } as const;
  const keys = await selectKeys(ctx, UserName, selector);
  const removePassword = pw.exists && pw.stale;
  const words = selectionWords(selector, UserName, keys.chosen);
  const keySentence = keys.ids.length ? words.found : `No active access key of ${UserName} is unused for more than ${days} days.`;
  const calls = [...(removePassword ? [deleteLoginProfile(UserName)] : []), ...keys.ids.map((id) => deactivate(UserName, id))];
  const resolved = { accessKeyIds: keys.ids, removeLoginProfile: removePassword };
  const kept = keys.kept.length ? [`Stays active: ${keys.kept.join('; ')}.`] : [];
  if (calls.length === 0) {
    return {
      compliant: true,
      current: `${passwordSentence(ctx, UserName, pw, days)} ${keySentence} Nothing to change: already compliant.`,
      calls,
      notes: kept,
      resolved,
    };
  }
  const notes = [
    ...(removePassword ? [PASSWORD_REMOVED(UserName), STILL_UNUSED(UserName)] : []),
    ...(keys.ids.length ? [`${words.exactly} The keys are not deleted and can be reactivated.`] : []),
    ...kept,
  ];
  return { compliant: false, current: `${passwordSentence(ctx, UserName, pw, days)} ${keySentence}`, calls, notes, resolved };
}

/** The plan of a recorded target (the verification re-read): what is left of what the approved plan recorded. */
async function planRecorded(ctx: RemediationContext, UserName: string, target: UnusedCredentialsTarget, days: number): Promise<Plan> {
  const keys = await planKnown(ctx, UserName, await listKeys(ctx, UserName), target.accessKeyIds ?? [], false);
  if (target.removeLoginProfile !== true) {
    return { ...keys, current: `The approved plan leaves the console password of ${UserName} alone. ${keys.current}` };
  }
  const pw = await readPassword(ctx, UserName, days);
  const removePassword = pw.exists && pw.stale;
  const password =
    pw.exists && !pw.stale
      ? `${passwordSentence(ctx, UserName, pw, days)} (It was unused when the fix was planned.)`
      : passwordSentence(ctx, UserName, pw, days);
  return {
    compliant: keys.compliant && !removePassword,
    current: `${password} ${keys.current}`,
    calls: [...(removePassword ? [deleteLoginProfile(UserName)] : []), ...keys.calls],
  };
}

/**
 * Removes the unused credentials of one IAM user, as `iam_user_unused_credentials` judges them: the
 * console password (login profile) when it has been neither used nor set (created, or changed as the
 * credential report records) for more than the selector's days, and the
 * access keys unused that long (deactivated, never deleted, exactly as `iam-deactivate-access-key` does
 * with an `unused-for` selector). The plan reads IAM again (a user who signed in since the scan keeps
 * their password) and records the keys and whether the password goes; `apply` acts on exactly that,
 * never on a new selection. Verified by re-reading (the credential report the check reads is refreshed
 * only every few hours).
 */
export const iamRemoveUnusedCredentials: Remediation = withTargetSchema<UnusedCredentialsTarget>(unusedCredentialsTargetSchema, {
  id: 'iam-remove-unused-credentials',
  fixes: ['iam_user_unused_credentials'],
  // Scans record no key ids: the plan selects the credentials unused for more than `unusedCredentialDays`
  // (the days the check judged by), the console password included.
  targetFromResult: ({ common, thresholds }) => ({ target: { ...common, keySelector: { kind: 'unused-for', days: thresholds.unusedCredentialDays } } }),
  describeSelection: (target) => describeKeySelection(target, 'credentials'),
  title: "Remove an IAM user's unused console password and deactivate unused access keys",
  changes:
    'Deletes the console password (login profile) and deactivates the access keys shown in the plan as unused; medium risk because the user can no longer sign in to the console or call AWS with those keys until an admin sets a new password or reactivates a key.',
  risk: 'medium',
  permissions: [
    'iam:GetLoginProfile',
    'iam:GetUser',
    'iam:GetCredentialReport',
    'iam:DeleteLoginProfile',
    'iam:ListAccessKeys',
    'iam:GetAccessKeyLastUsed',
    'iam:UpdateAccessKey',
  ],
  target: 'resource',
  verifyWith: 'plan',
  validate(target) {
    if (!target.resource) return 'this fix needs the IAM user name';
    if (target.accessKeyId)
      return 'this fix acts on the credentials its plan selects, not on one named key (iam-deactivate-access-key deactivates a named key)';
    if (!validSelector(target.keySelector) || target.keySelector.kind !== 'unused-for') return 'this fix needs the number of days credentials may stay unused';
    if (target.accessKeyIds !== undefined && !validKeyIds(target.accessKeyIds)) return 'this fix was given an invalid access key id';
    if (target.removeLoginProfile !== undefined && typeof target.removeLoginProfile !== 'boolean')
      return 'this fix was given an invalid login profile decision';
    return undefined;
  },
  async plan(ctx, target) {
    const UserName = userOf(target);
    const days = daysOf(target);
    return recorded(target) ? planRecorded(ctx, UserName, target, days) : planSelection(ctx, UserName, days);
  },
  async apply(ctx, target): Promise<ApplyResult> {
    const { DeleteLoginProfileCommand, IAMClient } = await import('@aws-sdk/client-iam');
    const UserName = userOf(target);
    const days = daysOf(target);
    // What changes was decided once, by the plan the approver saw; applying never selects again.
    if (!recorded(target)) throw new Error(`no credentials were recorded by an approved plan for ${UserName}; ask for the fix again`);

    const calls: ApiCall[] = [];
    const untouched: string[] = [];
    const previous: Record<string, unknown> = {};
    // The password first: its permission (iam:DeleteLoginProfile) is the one a remediator policy is most likely to lack, and nothing has changed yet if it does.
    if (target.removeLoginProfile === true) {
      const pw = await readPassword(ctx, UserName, days);
      if (!pw.exists) untouched.push('the console password was already removed');
      else if (pw.unknownChange)
        untouched.push(`the console password stays: it was ${passwordUse(ctx, pw)}, but when it was last set cannot be read (${pw.unknownChange})`);
      else if (!pw.stale) untouched.push(`the console password stays: it was ${passwordUse(ctx, pw)}, within ${days} days`);
      else {
        try {
          await ctx.aws.get(IAMClient).send(new DeleteLoginProfileCommand({ UserName }));
          calls.push(deleteLoginProfile(UserName));
          // What existed, never the password itself (IAM never returns it).
          previous.loginProfile = {
            existed: true,
            createdAt: pw.createdAt?.toISOString() ?? null,
            passwordLastUsed: pw.lastUsed?.toISOString() ?? null,
            passwordLastChanged: pw.lastChanged?.toISOString() ?? null,
            passwordResetRequired: pw.resetRequired,
          };
        } catch (error) {
          if (!isCode(error, 'NoSuchEntity', 'NoSuchEntityException')) throw error;
          untouched.push('the console password was already removed');
        }
      }
    }
    const keys = await deactivateKeys(ctx, UserName, target.accessKeyIds ?? []);
    calls.push(...keys.calls);
    untouched.push(...keys.untouched);
    if (keys.calls.length) previous.statuses = keys.previous;

    if (calls.length === 0) {
      const nothing = target.removeLoginProfile !== true && (target.accessKeyIds ?? []).length === 0;
      return {
        outcome: 'already-compliant',
        summary: nothing
          ? `No credential of ${UserName} needed removing when the fix was planned: already compliant.`
          : `Nothing to change for ${UserName}: ${untouched.join('; ')}.`,
        calls: [],
      };
    }
    const parts = [
      ...(calls.some((c) => c.action === 'iam:DeleteLoginProfile')
        ? [`The console password of ${UserName} is removed: they can no longer sign in to the console until an admin sets a new one`]
        : []),
      ...(keys.calls.length ? [deactivatedSentence(UserName, { ...keys, untouched: [] })] : []),
      ...untouched,
    ];
    const sentence = parts.map((part, i) => (i === 0 ? part : `${part.charAt(0).toLowerCase()}${part.slice(1)}`)).join('; ');
    return { outcome: 'changed', summary: `${sentence}.`, calls, previous };
  },
});
