import {
  addApproval,
  approvalBy,
  firstRefusal,
  refuseExpired,
  refuseNotDue,
  refuseRepeat,
  refuseSelfApproval,
  refuseStatus,
  refuseUnauthorized,
  refuseUnlessRequester,
} from '../approvals/guards.js';
import type { Checked } from '../approvals/refusal.js';
import { refusalText } from './messages.js';
import type { AccessEvent, AccessRefusal, AccessRequest, AccessStatus } from './request.js';

export type { AccessEvent, AccessRefusal, AccessRequest, AccessStatus, Approval, ApprovalVia } from './request.js';

/**
 * The life of a just-in-time access request and of the grant it opens, as a pure state machine:
 *
 * ```
 * pending ──approve (quorum)──► approved ──activate──► active ──expire──► expired
 *    │  └─self-grant (breakglass) / auto-approve ─┘        └──revoke──► revoked
 *    ├─deny──► denied      ├─cancel──► cancelled     └─expire (request TTL)──► expired
 * ```
 *
 * An extension request (`kind: 'extension'`) goes through the same approval; once approved, the
 * lifecycle job moves its grant's end with an `extend` event and activates the extension.
 * `step` never reads the clock: `now` is given, so every guard is testable. The guards are the approvals
 * kernel's (src/approvals/guards.ts) and return their refusal; `transition` throws it as an
 * {@link AccessError} for the flows.
 */

/** States after which nothing can happen to a request any more. */
export const TERMINAL_STATUSES: ReadonlySet<AccessStatus> = new Set<AccessStatus>(['expired', 'revoked', 'denied', 'cancelled']);

/** States in which a grant counts as open (shown in lists, revocable). */
export const OPEN_STATUSES: ReadonlySet<AccessStatus> = new Set<AccessStatus>(['approved', 'active']);

/** Why a transition was refused. */
export type AccessErrorCode =
  | 'invalid-status'
  | 'self-approval'
  | 'not-authorized'
  | 'already-approved'
  | 'request-expired'
  | 'grant-ended'
  | 'not-requester'
  | 'not-breakglass'
  | 'not-due'
  /** The stored record failed its integrity check (src/redis/integrity.ts). */
  | 'tampered';

/** A refused transition; `message` is written for the person who clicked. `refusal` is the typed refusal, when a transition refused it. */
export class AccessError extends Error {
  constructor(
    readonly code: AccessErrorCode,
    message: string,
    readonly refusal?: AccessRefusal,
  ) {
    super(message);
    this.name = 'AccessError';
  }
}

/** The error code a refusal has always been thrown with (commands and tests read `AccessError.code`). */
export function errorCodeOf(refusal: AccessRefusal): AccessErrorCode {
  switch (refusal.code) {
    case 'self-approval':
    case 'not-requester':
    case 'not-breakglass':
    case 'grant-ended':
    case 'not-due':
      return refusal.code;
    case 'not-an-approver':
    case 'guest':
    case 'not-a-revoker':
      return 'not-authorized';
    case 'already-decided':
    case 'extension-applied':
      return 'already-approved';
    case 'expired':
      return 'request-expired';
    case 'wrong-state':
    case 'not-a-grant':
      return 'invalid-status';
    case 'already-warned':
      return 'not-due';
  }
}

/** Refused unless the request is pending and within its time to be decided. */
function pendingInTime(request: AccessRequest, now: number): AccessRefusal | undefined {
  return firstRefusal<AccessRefusal>(refuseStatus(request.status, ['pending']), refuseExpired(request.pendingUntil, now));
}

function next(request: AccessRequest, changes: Partial<AccessRequest>): Checked<AccessRequest, AccessRefusal> {
  return { ok: true, value: { ...request, ...changes, version: request.version + 1 } };
}

function refused(refusal: AccessRefusal | undefined): { ok: false; refusal: AccessRefusal } | undefined {
  return refusal ? { ok: false, refusal } : undefined;
}

/**
 * Applies `event` to `request` at time `now` (ms since epoch): the new request, or the refusal naming
 * why not (returned, never thrown). Pure: same input, same output.
 */
export function step(request: AccessRequest, event: AccessEvent, now: number): Checked<AccessRequest, AccessRefusal> {
  switch (event.type) {
    case 'approve': {
      // Checked before the decision: even an approver (or an admin) never approves their own request.
      const no = refused(
        firstRefusal<AccessRefusal>(
          pendingInTime(request, now),
          refuseSelfApproval(event.by, request.requester),
          refuseUnauthorized(event.by, event.decision),
          refuseRepeat(request.approvals, event.by),
        ),
      );
      if (no) return no;
      if (!event.decision.allowed) return { ok: false, refusal: { code: 'not-an-approver', data: { by: event.by, reason: event.decision.reason } } }; // refused above
      const added = addApproval(request.approvals, approvalBy(event.by, event.decision.via, now), request.minApprovals);
      return next(request, { approvals: added.approvals, status: added.reached ? 'approved' : 'pending' });
    }
    case 'auto-approve': {
      const no = refused(pendingInTime(request, now));
      if (no) return no;
      return next(request, { approvals: [approvalBy(event.by, 'auto-approve', now)], status: 'approved' });
    }
    case 'self-grant': {
      const no = refused(
        firstRefusal<AccessRefusal>(
          pendingInTime(request, now),
          request.breakglass ? undefined : { code: 'not-breakglass', data: { role: request.role } },
          refuseUnlessRequester(event.by, request.requester),
        ),
      );
      if (no) return no;
      return next(request, { approvals: [approvalBy(event.by, 'breakglass', now)], status: 'approved' });
    }
    case 'deny': {
      const no = refused(
        firstRefusal<AccessRefusal>(pendingInTime(request, now), refuseSelfApproval(event.by, request.requester), refuseUnauthorized(event.by, event.decision)),
      );
      if (no) return no;
      return next(request, { status: 'denied', decidedBy: event.by, decidedAt: now, reason: event.reason });
    }
    case 'cancel': {
      const no = refused(firstRefusal<AccessRefusal>(refuseStatus(request.status, ['pending']), refuseUnlessRequester(event.by, request.requester)));
      if (no) return no;
      return next(request, { status: 'cancelled', decidedBy: event.by, decidedAt: now });
    }
    case 'activate': {
      const no = refused(refuseStatus(request.status, ['approved']));
      if (no) return no;
      return next(request, { status: 'active', grantStart: now, grantEnd: now + request.durationMs });
    }
    case 'warn': {
      const no = refused(
        firstRefusal<AccessRefusal>(
          refuseStatus(request.status, ['active']),
          request.warnedAt === undefined ? undefined : { code: 'already-warned', data: { warnedAt: request.warnedAt } },
        ),
      );
      if (no) return no;
      return next(request, { warnedAt: now });
    }
    case 'extend': {
      const no = refused(
        firstRefusal<AccessRefusal>(
          refuseStatus(request.status, ['active']),
          request.kind === 'grant' ? undefined : { code: 'not-a-grant', data: { kind: request.kind } },
          now >= (request.grantEnd ?? 0) ? { code: 'grant-ended', data: { grantEnd: request.grantEnd ?? 0 } } : undefined,
          request.extensions?.includes(event.extensionId) ? { code: 'extension-applied', data: { extensionId: event.extensionId } } : undefined,
        ),
      );
      if (no) return no;
      return next(request, {
        grantEnd: (request.grantEnd ?? now) + event.byMs,
        warnedAt: undefined,
        extensions: [...(request.extensions ?? []), event.extensionId],
      });
    }
    case 'expire': {
      if (request.status === 'pending') {
        const no = refused(refuseNotDue(request.pendingUntil, now));
        if (no) return no;
        return next(request, { status: 'expired', decidedAt: now });
      }
      const no = refused(firstRefusal<AccessRefusal>(refuseStatus(request.status, ['active']), refuseNotDue(request.grantEnd ?? 0, now)));
      if (no) return no;
      return next(request, { status: 'expired', decidedAt: now });
    }
    case 'revoke': {
      const no = refused(
        firstRefusal<AccessRefusal>(
          refuseStatus(request.status, ['approved', 'active']),
          event.as ? undefined : { code: 'not-a-revoker', data: { by: event.by } },
        ),
      );
      if (no) return no;
      return next(request, { status: 'revoked', decidedBy: event.by, decidedAt: now });
    }
  }
}

/**
 * {@link step} for the flows: the new request, or an {@link AccessError} thrown with the refusal's code
 * and its text (`refusalText` of messages.ts) for the person who clicked.
 */
export function transition(request: AccessRequest, event: AccessEvent, now: number): AccessRequest {
  const result = step(request, event, now);
  if (result.ok) return result.value;
  throw new AccessError(errorCodeOf(result.refusal), refusalText(result.refusal, request, event), result.refusal);
}

/** Whether the grant can mint sessions at `now`: active and inside its window. */
export function isUsable(request: AccessRequest, now: number): boolean {
  return request.kind === 'grant' && request.status === 'active' && request.grantEnd !== undefined && now < request.grantEnd;
}

/** A grant is warned once per end time, unless it is shorter than the warning lead itself. */
function wantsWarning(request: AccessRequest, warningMs: number): boolean {
  return request.kind === 'grant' && request.warnedAt === undefined && (request.grantEnd ?? 0) - warningMs > (request.grantStart ?? 0);
}

/**
 * The time-driven event due for `request` at `now`, if any: activation of an approved request, the
 * expiry warning, or expiry (of a pending request past its TTL or of a grant past its end).
 */
export function dueEvent(request: AccessRequest, now: number, warningMs: number): AccessEvent | undefined {
  switch (request.status) {
    case 'pending':
      return now >= request.pendingUntil ? { type: 'expire' } : undefined;
    case 'approved':
      return { type: 'activate' };
    case 'active': {
      const end = request.grantEnd ?? 0;
      if (now >= end) return { type: 'expire' };
      if (wantsWarning(request, warningMs) && now >= end - warningMs) return { type: 'warn' };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** When `dueEvent` will next have something to do (ms since epoch), or undefined when never. */
export function nextDeadline(request: AccessRequest, warningMs: number): number | undefined {
  switch (request.status) {
    case 'pending':
      return request.pendingUntil;
    case 'approved':
      return request.createdAt;
    case 'active': {
      const end = request.grantEnd ?? 0;
      if (wantsWarning(request, warningMs)) return end - warningMs;
      return end;
    }
    default:
      return undefined;
  }
}
