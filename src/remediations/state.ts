import { distinctApprovers as distinct, isoApproval, type StoredApproval } from '../approvals/approval.js';
import {
  addApproval,
  approvalBy,
  firstRefusal,
  isExpired,
  refuseRepeat,
  refuseSelfApproval,
  refuseUnauthorized,
  type ApproverDecision,
} from '../approvals/guards.js';
import type { IdScheme } from '../approvals/ids.js';
import type { Refusal } from '../approvals/refusal.js';
import type { Verification } from './engine.js';
import type { ApplyResult, Plan, RemediationTarget } from './types.js';

/** Remediation request ids: `R` and 10 upper-case hex digits (short, readable in Slack, safe as a BullMQ job id: no `:`). */
export const REMEDIATION_IDS: IdScheme = { prefix: 'R', bytes: 5, upper: true };

/**
 * Life of a remediation request:
 * `planning → pending → approved → running → succeeded | failed`, plus `rejected` and `expired`
 * (still pending after `remediation.requestTtl`). `planning` is the short time a job takes to compute
 * the read-only plan (listeners never call AWS).
 */
export const REQUEST_STATUSES = ['planning', 'pending', 'approved', 'running', 'succeeded', 'failed', 'rejected', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses after which nothing happens to a request any more. */
export const FINAL_STATUSES: ReadonlySet<RequestStatus> = new Set(['succeeded', 'failed', 'rejected', 'expired']);

/**
 * Where a request came from: a check result (**Fix**), a finding (**Approve fix**), `/gdpr fix`, or
 * **Restore network access** on a succeeded isolation request (`restore`).
 */
export interface RequestSource {
  kind: 'check' | 'finding' | 'command' | 'restore';
  /** Check id, finding id, the command text, or (restore) the id of the isolation request being undone. */
  id: string;
}

/**
 * Whether the target names an account that did not come from the bot's own scans (a finding, or the
 * undo of a finding's fix), so the plan makes sure the credentials it runs with are that account's.
 */
export function targetFromOutside(source: RequestSource): boolean {
  switch (source.kind) {
    case 'finding':
    case 'restore':
      return true;
    case 'check':
    case 'command':
      return false;
  }
}

/** The check that must pass after the fix (a finding or a restore has none: every linked check runs). */
export function checkToVerify(source: RequestSource): string | undefined {
  switch (source.kind) {
    case 'check':
    case 'command':
      return source.id;
    case 'finding':
    case 'restore':
      return undefined;
    default: {
      // A new source kind must be sorted here: this line stops compiling until it is.
      const unknown: never = source.kind;
      throw new Error(`unknown request source ${String(unknown)}`);
    }
  }
}

/**
 * One approval as a remediation request stores it: the kernel's approval (src/approvals/) with its time
 * as an ISO string, as records already in Redis have it. A Slack user, or `policy` for fixes listed in
 * `remediation.auto`.
 */
export interface Approval extends StoredApproval<'user' | 'usergroup' | 'policy'> {
  at: string;
}

/** A request to apply one fix to one target, as stored in Redis. */
export interface RemediationRequest {
  id: string;
  /** Remediation id (see src/remediations/catalog/index.ts). */
  remediation: string;
  target: RemediationTarget;
  /** Slack user id of who asked, or `system` for the findings feed. */
  requestedBy: string;
  source: RequestSource;
  createdAt: string;
  expiresAt: string;
  updatedAt: string;
  /** Distinct approvals needed (from config when the request was made). */
  minApprovals: number;
  status: RequestStatus;
  approvals: Approval[];
  plan?: Plan;
  rejectedBy?: string;
  result?: ApplyResult;
  verification?: Verification;
  /** Why it failed (plan, apply or verification). */
  error?: string;
  /** The Slack message the request was made from, for replies in its thread. */
  origin?: { channel: string; ts?: string };
  /** Incremented on every change. */
  version: number;
}

/** What can happen to a request. Authorization decisions are made beforehand and passed in. */
export type RequestEvent =
  | { type: 'planned'; plan: Plan }
  | { type: 'plan-failed'; reason: string }
  | { type: 'approve'; by: string; authz: ApproverDecision }
  | { type: 'auto-approve' }
  | { type: 'reject'; by: string; authz: ApproverDecision }
  | { type: 'expire' }
  | { type: 'start' }
  | { type: 'succeed'; result: ApplyResult; verification: Verification }
  | { type: 'fail'; reason: string; result?: ApplyResult; verification?: Verification };

export type RequestEventType = RequestEvent['type'];

/** Why an event was refused (the kernel's refusals; `refusalText` in messages.ts words them). */
export type RemediationRefusal = Refusal;

/**
 * The outcome of a transition: the (possibly unchanged) request, and why the event was refused, if it was
 * (a request that expired on the way is changed and refused: `expired`).
 */
export interface TransitionResult {
  request: RemediationRequest;
  changed: boolean;
  refusal?: RemediationRefusal;
}

/** True when a request still waiting for a plan or approvals is past its expiry. */
export function isOverdue(request: RemediationRequest, now: Date): boolean {
  return (request.status === 'pending' || request.status === 'planning') && isExpired(Date.parse(request.expiresAt), now.getTime());
}

/** Distinct people (and policy) who approved. */
export function distinctApprovers(request: RemediationRequest): string[] {
  return distinct(request.approvals);
}

/**
 * The one place request statuses change: a pure function of the request, the event and the time.
 * Guards (the approvals kernel's, src/approvals/guards.ts): only a pending request can be approved or
 * rejected; the requester can never approve their own request (whatever their role); a refused
 * authorization (not an approver, a guest, …) is refused here too; the same person approving twice
 * counts once; a pending request past `expiresAt` expires instead of being approved. A refusal is
 * returned as data (`refusal`), never thrown.
 */
export function transition(request: RemediationRequest, event: RequestEvent, now: Date): TransitionResult {
  const same = (refusal?: RemediationRefusal): TransitionResult => ({ request, changed: false, ...(refusal ? { refusal } : {}) });
  const to = (patch: Partial<RemediationRequest>, refusal?: RemediationRefusal): TransitionResult => ({
    request: { ...request, ...patch, updatedAt: now.toISOString(), version: request.version + 1 },
    changed: true,
    ...(refusal ? { refusal } : {}),
  });
  const status = request.status;
  const wrongState: RemediationRefusal = { code: 'wrong-state', data: { status } };
  const expiredRefusal: RemediationRefusal = { code: 'expired', data: { expiresAt: Date.parse(request.expiresAt), now: now.getTime() } };
  if (FINAL_STATUSES.has(status)) return same(wrongState);
  const overdue = isOverdue(request, now);
  const at = now.getTime();

  switch (event.type) {
    case 'expire':
      return overdue ? to({ status: 'expired' }) : same(status === 'pending' || status === 'planning' ? undefined : wrongState);

    case 'planned': {
      if (status !== 'planning') return same(wrongState);
      // What the plan resolved (e.g. the exact access keys a selector matched) becomes part of the target.
      const target = event.plan.resolved ? { ...request.target, ...event.plan.resolved } : request.target;
      if (overdue) return to({ status: 'expired', plan: event.plan, target }, expiredRefusal);
      return to({ status: 'pending', plan: event.plan, target });
    }

    case 'plan-failed':
      if (status !== 'planning') return same(wrongState);
      return to({ status: 'failed', error: event.reason });

    case 'approve': {
      const refused = firstRefusal(refuseSelfApproval(event.by, request.requestedBy), refuseUnauthorized(event.by, event.authz));
      if (refused || !event.authz.allowed) return same(refused);
      if (status !== 'pending') return same(wrongState);
      if (overdue) return to({ status: 'expired' }, expiredRefusal);
      const repeat = refuseRepeat(request.approvals, event.by);
      if (repeat) return same(repeat);
      const added = addApproval(request.approvals, isoApproval(approvalBy(event.by, event.authz.via, at)), request.minApprovals);
      return to({ approvals: added.approvals, status: added.reached ? 'approved' : 'pending' });
    }

    case 'auto-approve':
      if (status !== 'pending') return same(wrongState);
      if (overdue) return to({ status: 'expired' }, expiredRefusal);
      return to({ status: 'approved', approvals: [...request.approvals, isoApproval(approvalBy('policy', 'policy', at))] });

    case 'reject': {
      // The requester may withdraw their own request; anyone else must be allowed to approve it.
      const withdraw = event.by === request.requestedBy;
      const refused = withdraw ? undefined : refuseUnauthorized(event.by, event.authz);
      if (refused) return same(refused);
      if (status !== 'pending' && status !== 'planning') return same(wrongState);
      if (overdue) return to({ status: 'expired' }, expiredRefusal);
      return to({ status: 'rejected', rejectedBy: event.by });
    }

    case 'start':
      if (status === 'running') return same(); // a retry of the same job
      if (status !== 'approved') return same(wrongState);
      return to({ status: 'running' });

    case 'succeed':
      if (status !== 'running') return same(wrongState);
      if (event.verification.status !== 'pass') {
        return to({
          status: 'failed',
          result: event.result,
          verification: event.verification,
          error: `the fix was applied but the check does not pass: ${event.verification.message}`,
        });
      }
      return to({ status: 'succeeded', result: event.result, verification: event.verification });

    case 'fail':
      if (status !== 'running' && status !== 'approved') return same(wrongState);
      return to({ status: 'failed', error: event.reason, result: event.result ?? request.result, verification: event.verification ?? request.verification });
  }
}
