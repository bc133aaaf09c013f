import { quorumReached, type Approval, type ApprovalVia, type StoredApproval } from './approval.js';
import type { Refusal } from './refusal.js';

/**
 * The guards both approval flows share (remediation requests and access requests), each a pure function
 * that returns the {@link Refusal} or undefined. A feature applies them in its own order (the order
 * decides which refusal a person sees when several apply) with {@link firstRefusal}.
 */

/**
 * What the server-side approver look-up (`Approvers.check` in src/access/approvers.ts) answered for one
 * click. `code` sorts a refusal (without it: not an approver); `reason` is its explanation for people.
 */
export type ApproverDecision =
  { allowed: true; via: 'user' | 'usergroup' } | { allowed: false; reason: string; code?: 'self-approval' | 'not-an-approver' | 'guest' };

/** The first refusal of `checks`, in order (a feature may add refusals of its own to the kernel's). */
export function firstRefusal<R extends { code: string }>(...checks: (R | undefined)[]): R | undefined {
  return checks.find((c) => c !== undefined);
}

/** The requester never approves their own request, whatever their role. */
export function refuseSelfApproval(by: string, requester: string): Refusal | undefined {
  return by === requester ? { code: 'self-approval', data: { by } } : undefined;
}

/** The approver look-up's no, typed: a guest or Slack Connect account, the requester, or not an approver. */
export function refuseUnauthorized(by: string, decision: ApproverDecision): Refusal | undefined {
  if (decision.allowed) return undefined;
  switch (decision.code) {
    case 'self-approval':
      return { code: 'self-approval', data: { by } };
    case 'guest':
      return { code: 'guest', data: { by, reason: decision.reason } };
    default:
      return { code: 'not-an-approver', data: { by, reason: decision.reason } };
  }
}

/** The same person approving twice counts once: the second click is refused. */
export function refuseRepeat(approvals: readonly StoredApproval[], by: string): Refusal | undefined {
  return approvals.some((a) => a.by === by) ? { code: 'already-decided', data: { by } } : undefined;
}

/** A request is expired from the exact millisecond of `expiresAt` on. */
export function isExpired(expiresAt: number, now: number): boolean {
  return now >= expiresAt;
}

/** Refused once the request is past its time to be decided (`now >= expiresAt`). */
export function refuseExpired(expiresAt: number, now: number): Refusal | undefined {
  return isExpired(expiresAt, now) ? { code: 'expired', data: { expiresAt, now } } : undefined;
}

/** Refused unless `status` is one of `allowed`. */
export function refuseStatus<S extends string>(status: S, allowed: readonly S[]): Refusal | undefined {
  return allowed.includes(status) ? undefined : { code: 'wrong-state', data: { status } };
}

/** Refused unless `by` is the requester. */
export function refuseUnlessRequester(by: string, requester: string): Refusal | undefined {
  return by === requester ? undefined : { code: 'not-requester', data: { by, requester } };
}

/** Refused before `dueAt` (`now < dueAt`). */
export function refuseNotDue(dueAt: number, now: number): Refusal | undefined {
  return now < dueAt ? { code: 'not-due', data: { dueAt, now } } : undefined;
}

/** An approval added to the list (call after the guards): the new list and whether the quorum is reached. */
export function addApproval<A extends StoredApproval>(approvals: readonly A[], approval: A, minApprovals: number): { approvals: A[]; reached: boolean } {
  const next = [...approvals, approval];
  return { approvals: next, reached: quorumReached(next, minApprovals) };
}

/** The approval a click gives at `now`, from an allowed decision (or a policy). */
export function approvalBy<V extends ApprovalVia>(by: string, via: V, now: number): Approval<V> {
  return { by, at: now, via };
}
