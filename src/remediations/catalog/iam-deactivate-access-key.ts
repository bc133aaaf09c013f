import type { AccessKeyMetadata } from '@aws-sdk/client-iam';
import { z } from 'zod';
import { nameFromArn } from '../shared.js';
import {
  commonTargetSchema,
  withTargetSchema,
  type ApiCall,
  type Remediation,
  type ApplyResult,
  type Plan,
  type RemediationContext,
  type RemediationTarget,
  type ResultTargetInput,
} from '../types.js';

/**
 * Which of an IAM user's active access keys a fix acts on when no key id is known (scans read the
 * credential report, which has no key ids). `older-than`: created more than `days` days ago, as
 * `iam_user_access_keys_rotated` judges them; `unused-for`: last used (or, never used, created) more
 * than `days` days ago, as `iam_user_unused_credentials` judges them; `active`: every active key, as
 * `iam_user_console_users_without_keys` judges them (a console user should hold none). The plan turns
 * it into exact key ids (`accessKeyIds`); nothing ever re-selects after that.
 */
export const accessKeySelectorSchema = z.union([
  z.object({
    kind: z.enum(['older-than', 'unused-for']),
    /** Whole days, from `scan.thresholds` (`accessKeyMaxAgeDays` or `unusedCredentialDays`). */
    days: z.number(),
  }),
  z.object({ kind: z.literal('active') }),
]);
export type AccessKeySelector = z.infer<typeof accessKeySelectorSchema>;

/** The target of an access key fix: the IAM user (`resource`) and which of their keys. */
export const accessKeyTargetSchema = commonTargetSchema.extend({
  /** One access key id named explicitly (`/gdpr fix <check> <user> <access_key_id>`, a finding). */
  accessKeyId: z.string().optional(),
  /** Without a key id (the **Fix** button): which of the user's keys the plan selects. */
  keySelector: accessKeySelectorSchema.optional(),
  /**
   * The exact access key ids the plan selected; recorded on the request when it is planned
   * (`Plan.resolved`), so `apply` changes exactly the keys the approver saw.
   */
  accessKeyIds: z.array(z.string()).optional(),
});
export type AccessKeyTarget = z.infer<typeof accessKeyTargetSchema>;

const DAY_MS = 86_400_000;
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

/** True when `id` has the shape of an access key id. */
export function isAccessKeyId(id: string): boolean {
  return ACCESS_KEY_ID.test(id);
}

/**
 * Which keys a target means: the keys an approved plan recorded (`accessKeyIds`), one key named
 * explicitly (`accessKeyId`), or a selector the plan resolves (`keySelector`). Recorded keys win:
 * once planned, nothing re-selects.
 */
type KeyChoice = { kind: 'recorded'; ids: readonly string[] } | { kind: 'named'; id: string } | { kind: 'selector'; selector: AccessKeySelector };

function choiceOf(target: AccessKeyTarget): KeyChoice {
  if (target.accessKeyIds) return { kind: 'recorded', ids: target.accessKeyIds };
  if (target.accessKeyId) return { kind: 'named', id: target.accessKeyId };
  if (target.keySelector) return { kind: 'selector', selector: target.keySelector };
  throw new Error('this fix needs the access key id or a key selector');
}

/** When a key was last used, as IAM reports it (no date: never used). */
interface LastUse {
  at?: Date;
  service?: string;
  region?: string;
}

export async function listKeys(ctx: RemediationContext, UserName: string): Promise<Map<string, AccessKeyMetadata>> {
  const { IAMClient, paginateListAccessKeys } = await import('@aws-sdk/client-iam');
  const keys = new Map<string, AccessKeyMetadata>();
  for await (const page of paginateListAccessKeys({ client: ctx.aws.get(IAMClient) }, { UserName })) {
    for (const key of page.AccessKeyMetadata ?? []) if (key.AccessKeyId) keys.set(key.AccessKeyId, key);
  }
  return keys;
}

async function lastUse(ctx: RemediationContext, AccessKeyId: string): Promise<LastUse> {
  const { GetAccessKeyLastUsedCommand, IAMClient } = await import('@aws-sdk/client-iam');
  const res = await ctx.aws.get(IAMClient).send(new GetAccessKeyLastUsedCommand({ AccessKeyId }));
  const used = res.AccessKeyLastUsed;
  return {
    ...(used?.LastUsedDate ? { at: used.LastUsedDate } : {}),
    ...(used?.ServiceName && used.ServiceName !== 'N/A' ? { service: used.ServiceName } : {}),
    ...(used?.Region && used.Region !== 'N/A' ? { region: used.Region } : {}),
  };
}

export function daysAgo(ctx: RemediationContext, date: Date): number {
  return Math.floor((ctx.now().getTime() - date.getTime()) / DAY_MS);
}

/** `today`, `1 day ago`, `30 days ago`. */
export function ago(ctx: RemediationContext, date: Date): string {
  const days = daysAgo(ctx, date);
  return days <= 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
}

export function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `AKIA… (created 2024-01-01, 400 days ago; last used 2025-05-01, 30 days ago, s3 in eu-west-1)`. */
function describeKey(ctx: RemediationContext, key: AccessKeyMetadata, used?: LastUse): string {
  const facts = [key.CreateDate ? `created ${day(key.CreateDate)}, ${ago(ctx, key.CreateDate)}` : 'creation date unknown'];
  if (used) {
    const where = [used.service, used.region && `in ${used.region}`].filter(Boolean).join(' ');
    facts.push(used.at ? `last used ${day(used.at)}, ${ago(ctx, used.at)}${where ? `, ${where}` : ''}` : 'never used');
  }
  return `${key.AccessKeyId} (${facts.join('; ')})`;
}

/** True when a target's selector is one this fix knows, with a whole number of days where it has days. */
export function validSelector(selector: unknown): selector is AccessKeySelector {
  if (typeof selector !== 'object' || selector === null) return false;
  const { kind, days } = selector as { kind?: unknown; days?: unknown };
  switch (kind) {
    case 'active':
      return !('days' in selector);
    case 'older-than':
    case 'unused-for':
      return typeof days === 'number' && Number.isInteger(days) && days >= 1;
    default:
      return false;
  }
}

/** True when `ids` is a list of access key ids (as recorded by a plan). */
export function validKeyIds(ids: unknown): ids is string[] {
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string' && isAccessKeyId(id));
}

/** True when an active key is what the selector names, judged as the linked check judges it. */
function selects(ctx: RemediationContext, selector: AccessKeySelector, key: AccessKeyMetadata, used: LastUse | undefined): boolean {
  switch (selector.kind) {
    case 'active':
      return true;
    case 'older-than':
      return key.CreateDate === undefined || daysAgo(ctx, key.CreateDate) > selector.days;
    case 'unused-for': {
      const since = used?.at ?? key.CreateDate;
      return since !== undefined && daysAgo(ctx, since) > selector.days;
    }
  }
}

/** What the plan says about a selection: the keys it chose, no key left to choose, and what a later change does not alter. */
export function selectionWords(selector: AccessKeySelector, UserName: string, chosen: string[]): { found: string; none: string; exactly: string } {
  const these = chosen.length === 1 ? 'this key' : 'these keys';
  if (selector.kind === 'active') {
    return {
      found: `${UserName} has ${chosen.length === 1 ? 'one active access key' : `${chosen.length} active access keys`}: ${chosen.join('; ')}.`,
      none: `${UserName} has no active access key any more: already compliant.`,
      exactly: `Exactly ${these} will be deactivated; a key created after this plan stays active.`,
    };
  }
  const what = selector.kind === 'older-than' ? `older than ${selector.days} days` : `unused for more than ${selector.days} days`;
  return {
    found: `${chosen.length === 1 ? 'One active access key' : `${chosen.length} active access keys`} of ${UserName} ${chosen.length === 1 ? 'is' : 'are'} ${what}: ${chosen.join('; ')}.`,
    none: `No active access key of ${UserName} is ${what} any more: already compliant.`,
    exactly: `Exactly ${these} will be deactivated, even if another key crosses the threshold before the fix runs.`,
  };
}

/** What the fix leaves alone that the linked check may also be about. */
function selectionNotes(selector: AccessKeySelector): string[] {
  switch (selector.kind) {
    case 'unused-for':
      return ['Only access keys change: an unused console password, if the check also flagged one, must be removed by hand.'];
    case 'active':
      return [
        'Only access keys change: the console password stays, so the user can still sign in; for API access use temporary credentials instead (SSO, an assumed role, /gdpr access).',
      ];
    case 'older-than':
      return [];
  }
}

export function deactivate(UserName: string, AccessKeyId: string): ApiCall {
  return { action: 'iam:UpdateAccessKey', params: { UserName, AccessKeyId, Status: 'Inactive' } };
}

const isActive = (key: AccessKeyMetadata | undefined): key is AccessKeyMetadata => key !== undefined && key.Status !== 'Inactive';

/** What a selector matches among a user's active keys now: the ids it chose, and each chosen and kept key described. */
export interface KeySelection {
  ids: string[];
  /** The chosen keys, described with their age and last use. */
  chosen: string[];
  /** The active keys the selector leaves alone, described the same way. */
  kept: string[];
}

/** Finds the active keys of `UserName` that `selector` names now, judged as the linked check judges them. */
export async function selectKeys(
  ctx: RemediationContext,
  UserName: string,
  selector: AccessKeySelector,
  keys?: Map<string, AccessKeyMetadata>,
): Promise<KeySelection> {
  const active = [...(keys ?? (await listKeys(ctx, UserName))).values()].filter(isActive);
  const seen: { key: AccessKeyMetadata; used: LastUse; chosen: boolean }[] = [];
  for (const key of active) {
    const used = await lastUse(ctx, key.AccessKeyId!);
    seen.push({ key, used, chosen: selects(ctx, selector, key, used) });
  }
  return {
    ids: seen.filter((s) => s.chosen).map((s) => s.key.AccessKeyId!),
    chosen: seen.filter((s) => s.chosen).map((s) => describeKey(ctx, s.key, s.used)),
    kept: seen.filter((s) => !s.chosen).map((s) => describeKey(ctx, s.key, s.used)),
  };
}

/** The plan of a selector: finds the active keys it names now and records their ids for `apply`. */
async function planSelection(ctx: RemediationContext, UserName: string, keys: Map<string, AccessKeyMetadata>, selector: AccessKeySelector): Promise<Plan> {
  const { ids, chosen, kept } = await selectKeys(ctx, UserName, selector, keys);
  const words = selectionWords(selector, UserName, chosen);
  if (ids.length === 0) {
    return {
      compliant: true,
      current: `${words.none}${kept.length ? ` Active: ${kept.join('; ')}.` : ''}`,
      calls: [],
      resolved: { accessKeyIds: [] },
    };
  }
  return {
    compliant: false,
    current: words.found,
    calls: ids.map((id) => deactivate(UserName, id)),
    notes: [words.exactly, ...(kept.length ? [`Stays active: ${kept.join('; ')}.`] : [])],
    resolved: { accessKeyIds: ids },
  };
}

/** The plan of known keys (recorded by an earlier plan, or named): which of them are still active. */
export async function planKnown(
  ctx: RemediationContext,
  UserName: string,
  keys: Map<string, AccessKeyMetadata>,
  ids: readonly string[],
  named: boolean,
): Promise<Plan> {
  if (ids.length === 0) return { compliant: true, current: `The plan selected no access key of ${UserName}: nothing to change.`, calls: [] };
  const missing = ids.filter((id) => !keys.has(id));
  if (named && missing.length > 0) throw new Error(`user ${UserName} has no access key ${missing.join(', ')}`);
  const lines: string[] = [];
  const calls: ApiCall[] = [];
  for (const id of ids) {
    const key = keys.get(id);
    if (!key) lines.push(`Access key ${id} of ${UserName} no longer exists.`);
    else if (!isActive(key)) lines.push(`Access key ${id} of ${UserName} is Inactive.`);
    else {
      lines.push(`Access key ${describeKey(ctx, key, await lastUse(ctx, id))} of ${UserName} is ${key.Status ?? 'not inactive'}.`);
      calls.push(deactivate(UserName, id));
    }
  }
  return { compliant: calls.length === 0, current: lines.join(' '), calls };
}

/** What deactivating known keys did: the calls made, each changed key's status before, and the keys left alone (and why). */
export interface Deactivation {
  calls: ApiCall[];
  previous: Record<string, string>;
  untouched: string[];
}

/**
 * Deactivates exactly `ids` (recorded by an approved plan, or one named key) that are still active;
 * never selects. A named key that does not exist is an error; a recorded one that is gone is reported.
 */
export async function deactivateKeys(ctx: RemediationContext, UserName: string, ids: readonly string[], named = false): Promise<Deactivation> {
  const { IAMClient, UpdateAccessKeyCommand } = await import('@aws-sdk/client-iam');
  const keys = await listKeys(ctx, UserName);
  if (named && ids.some((id) => !keys.has(id))) throw new Error(`user ${UserName} has no access key ${ids.filter((id) => !keys.has(id)).join(', ')}`);
  const done: Deactivation = { calls: [], previous: {}, untouched: [] };
  for (const id of ids) {
    const key = keys.get(id);
    if (!isActive(key)) {
      done.untouched.push(`access key ${id} ${key ? 'was already inactive' : 'no longer exists'}`);
      continue;
    }
    await ctx.aws.get(IAMClient).send(new UpdateAccessKeyCommand({ UserName, AccessKeyId: id, Status: 'Inactive' }));
    done.calls.push(deactivate(UserName, id));
    done.previous[id] = key.Status ?? 'Unknown';
  }
  return done;
}

/** `Access key AKIA… of alice is now inactive (not deleted); access key AKIA… was already inactive` (no final full stop). */
export function deactivatedSentence(UserName: string, done: Deactivation): string {
  const changed = done.calls.map((c) => String(c.params.AccessKeyId));
  return `Access key${changed.length > 1 ? 's' : ''} ${changed.join(', ')} of ${UserName} ${changed.length > 1 ? 'are' : 'is'} now inactive (not deleted)${done.untouched.length ? `; ${done.untouched.join(', ')}` : ''}`;
}

function userOf(target: AccessKeyTarget): string {
  return nameFromArn(target.resource!);
}

/**
 * The *Where* words of an access key target (shared with `iam-remove-unused-credentials`): the keys a plan
 * recorded (`no key selected` when none and no password goes), the one named key, or what the selector
 * names before its plan (`every active key`, `keys older than 90 days`, `<unused> unused for more than 90
 * days`, where `unused` is `keys`, or `credentials` for a fix whose days also judge the console password);
 * and `console password` when the plan removes it.
 */
export function describeKeySelection(target: AccessKeyTarget & { removeLoginProfile?: boolean }, unused: 'keys' | 'credentials' = 'keys'): string[] {
  const parts: string[] = [];
  if (target.accessKeyIds) {
    if (target.accessKeyIds.length > 0) parts.push(`key${target.accessKeyIds.length > 1 ? 's' : ''} ${target.accessKeyIds.join(', ')}`);
    else if (!target.removeLoginProfile) parts.push('no key selected');
  } else if (target.accessKeyId) parts.push(`key ${target.accessKeyId}`);
  else if (target.keySelector) parts.push(describeSelector(target.keySelector, unused));
  if (target.removeLoginProfile) parts.push('console password');
  return parts;
}

function describeSelector(selector: AccessKeySelector, unused: 'keys' | 'credentials'): string {
  switch (selector.kind) {
    case 'active':
      return 'every active key';
    case 'older-than':
      return `keys older than ${selector.days} days`;
    case 'unused-for':
      return `${unused} unused for more than ${selector.days} days`;
  }
}

/**
 * Which keys the fix of one of its checks acts on without a key id named (scans record none): keys
 * older than `accessKeyMaxAgeDays` for `iam_user_access_keys_rotated`, every active key for
 * `iam_user_console_users_without_keys` (a console user should hold none).
 */
function selectorFor(checkId: string, thresholds: ResultTargetInput['thresholds']): AccessKeySelector | undefined {
  if (checkId === 'iam_user_access_keys_rotated') return { kind: 'older-than', days: thresholds.accessKeyMaxAgeDays };
  if (checkId === 'iam_user_console_users_without_keys') return { kind: 'active' };
  return undefined;
}

/** Why a target (as stored: not parsed yet) is not one this fix can act on, or undefined. */
function validate(target: RemediationTarget): string | undefined {
  if (!target.resource) return 'this fix needs the IAM user name';
  if (target.accessKeyIds) return validKeyIds(target.accessKeyIds) ? undefined : 'this fix was given an invalid access key id';
  if (target.accessKeyId) return typeof target.accessKeyId === 'string' && isAccessKeyId(target.accessKeyId) ? undefined : 'this fix needs the access key id';
  if (target.keySelector) return validSelector(target.keySelector) ? undefined : 'this fix was given an invalid key selector';
  return 'this fix needs the access key id';
}

/**
 * Deactivates IAM access keys, never deletes them. The target names the user and either the key id
 * (`/gdpr fix … <access_key_id>`, a finding) or a selector built from the check (its threshold, or
 * every active key for a console user; the **Fix** button: scans read the credential report, which
 * has no key ids). `plan` resolves a selector
 * to the exact active keys that match now and records their ids on the request; `apply` changes only
 * recorded or named keys and never selects again; the re-read that verifies the fix checks those keys.
 */
export const iamDeactivateAccessKey: Remediation = withTargetSchema<AccessKeyTarget>(accessKeyTargetSchema, {
  id: 'iam-deactivate-access-key',
  fixes: ['iam_user_access_keys_rotated', 'iam_user_console_users_without_keys'],
  // A key id named on iam_user_unused_credentials means exactly that key, nothing else (its own fix also
  // removes an unused console password).
  takesOver: ['iam_user_unused_credentials'],
  targetFromResult({ result, common, accessKeyId, thresholds }) {
    const selector = accessKeyId ? undefined : selectorFor(result.checkId, thresholds);
    // Taken over (iam_user_unused_credentials) only for a named key: without one, that check's own fix acts.
    if (!accessKeyId && !selector) return undefined;
    const target: RemediationTarget = { ...common, ...(accessKeyId ? { accessKeyId } : { keySelector: selector }) };
    const invalid = validate(target);
    if (invalid)
      return { error: `${invalid}; scans do not record key ids, so name it: /gdpr fix ${result.checkId} ${nameFromArn(result.resource)} <access_key_id>` };
    return { target };
  },
  describeSelection: (target) => describeKeySelection(target),
  title: 'Deactivate an IAM access key',
  changes: 'Marks the access key(s) shown in the plan Inactive so they can no longer sign requests; the keys are not deleted and can be reactivated.',
  risk: 'medium',
  permissions: ['iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed', 'iam:UpdateAccessKey'],
  target: 'resource',
  verifyWith: 'plan',
  validate,
  async plan(ctx, target) {
    const UserName = userOf(target);
    const choice = choiceOf(target);
    const keys = await listKeys(ctx, UserName);
    if (choice.kind === 'selector') {
      const plan = await planSelection(ctx, UserName, keys, choice.selector);
      const notes = [...(plan.notes ?? []), ...selectionNotes(choice.selector)];
      return notes.length ? { ...plan, notes } : plan;
    }
    return planKnown(ctx, UserName, keys, choice.kind === 'named' ? [choice.id] : choice.ids, choice.kind === 'named');
  },
  async apply(ctx, target): Promise<ApplyResult> {
    const UserName = userOf(target);
    const choice = choiceOf(target);
    // A selector is resolved once, by the plan the approver saw; applying never selects again.
    if (choice.kind === 'selector') throw new Error(`no access keys were recorded by an approved plan for ${UserName}; ask for the fix again`);
    const ids = choice.kind === 'named' ? [choice.id] : choice.ids;
    const done = await deactivateKeys(ctx, UserName, ids, choice.kind === 'named');
    if (done.calls.length === 0) {
      const summary =
        ids.length === 0
          ? `No access key of ${UserName} needed deactivating when the fix was planned: already compliant.`
          : `Nothing to change for ${UserName}: ${done.untouched.join('; ')}.`;
      return { outcome: 'already-compliant', summary, calls: [] };
    }
    return { outcome: 'changed', summary: `${deactivatedSentence(UserName, done)}.`, calls: done.calls, previous: { statuses: done.previous } };
  },
});
