import { createHash, randomBytes } from 'node:crypto';
import { CheckStatus, type CheckResult, type WaiverMark } from '../checks/types.js';

/** The `resource` of a waiver that covers every resource of its check in one account and region. */
export const WHOLE_SCOPE = '*';

/** What a waiver covers: one check's result for one resource, or all of it in one account and region. */
export interface WaiverTarget {
  checkId: string;
  accountId: string;
  /** A region, or `global` for account-wide checks. */
  region: string;
  /** The resource as the results name it, or {@link WHOLE_SCOPE}. */
  resource: string;
}

/** Where a waiver stands: `active` until it is revoked or its expiry passes. */
export type WaiverStatus = 'active' | 'revoked' | 'expired';

/**
 * An accepted risk: an approver decided that a failing check may stay failing for a while, and why.
 * A waived result is shown and reported as `waived`, never as a pass; an `error` is never waived.
 */
export interface Waiver extends WaiverTarget {
  id: string;
  justification: string;
  /** Slack user id of the approver who granted it. */
  grantedBy: string;
  grantedAt: string;
  expiresAt: string;
  status: WaiverStatus;
  /** When the approvals channel was warned that it is about to end. */
  warnedAt?: string;
  endedAt?: string;
  /** Who revoked it, or `system` for an expiry. */
  endedBy?: string;
  version: number;
}

/** What is wrong with a waiver asked for, by field (the modal shows each under its input). */
export type WaiverProblems = Partial<Record<'target' | 'duration' | 'justification', string>>;

/** How asking for a waiver ended; `messages.ts` words each for the approver. */
export type GrantOutcome =
  | { kind: 'granted'; waiver: Waiver }
  | { kind: 'refused'; reason: string }
  | { kind: 'invalid'; problems: WaiverProblems }
  | { kind: 'exists'; waiver: Waiver };

/** How revoking ended. */
export type RevokeOutcome =
  | { kind: 'revoked'; waiver: Waiver }
  | { kind: 'refused'; reason: string }
  | { kind: 'unknown'; id: string }
  | { kind: 'ended'; waiver: Waiver }
  | { kind: 'tampered'; id: string };

/** Notices the approvals channel is sent about a waiver. */
export type WaiverNotice = 'granted' | 'warning' | 'expired' | 'revoked';

/** The longest justification kept (a longer one is refused, never cut: the report must show what was written). */
export const MAX_JUSTIFICATION = 1000;
/** The shortest: a reason someone can later hold up, not "ok". */
export const MIN_JUSTIFICATION = 10;

/** A new waiver id, short enough to type: `w-` and 8 hex digits. */
export function newWaiverId(): string {
  return `w-${randomBytes(4).toString('hex')}`;
}

export const WAIVER_ID = /^w-[0-9a-f]{8}$/;

/** A stable key of a target (the slot that keeps one active waiver per target). */
export function targetDigest(t: WaiverTarget): string {
  return createHash('sha256').update(`${t.checkId}|${t.accountId}|${t.region}|${t.resource}`).digest('hex').slice(0, 32);
}

/** Whether `w` covers result `r` (any status; only failures are marked). */
export function covers(w: WaiverTarget, r: CheckResult): boolean {
  return r.checkId === w.checkId && r.accountId === w.accountId && r.region === w.region && (w.resource === WHOLE_SCOPE || w.resource === r.resource);
}

/** Whether `w` is in force at `now`: active and not past its expiry (an expiry the sweep has not seen yet counts). */
export function inForce(w: Waiver, now: Date): boolean {
  return w.status === 'active' && Date.parse(w.expiresAt) > now.getTime();
}

export function markOf(w: Waiver): WaiverMark {
  return { id: w.id, grantedBy: w.grantedBy, grantedAt: w.grantedAt, expiresAt: w.expiresAt, justification: w.justification };
}

/**
 * The results with every failure covered by a waiver in force marked with it. Only `fail` is marked: an
 * `error` (the check could not read what it needs) stays an error, and a pass needs no waiver. Returns
 * `results` itself when nothing is marked, so callers' caches by array keep working.
 */
export function applyWaivers<R extends CheckResult>(results: readonly R[], waivers: readonly Waiver[], now: Date): readonly R[] {
  const live = waivers.filter((w) => inForce(w, now));
  if (live.length === 0) return results;
  const byCheck = new Map<string, Waiver[]>();
  for (const w of live) byCheck.set(w.checkId, [...(byCheck.get(w.checkId) ?? []), w]);
  let marked = false;
  const out = results.map((r) => {
    if (r.status !== CheckStatus.Fail) return r;
    const w = byCheck.get(r.checkId)?.find((x) => covers(x, r));
    if (!w) return r;
    marked = true;
    return { ...r, waiver: markOf(w) };
  });
  return marked ? Object.freeze(out) : results;
}

/** `resource` of a target as people read it. */
export function describeTarget(t: WaiverTarget): string {
  return t.resource === WHOLE_SCOPE ? `every resource in ${t.accountId}/${t.region}` : t.resource;
}
