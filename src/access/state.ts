import type { ApproverDecision } from './approvers.js';

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
 * `transition` never reads the clock: `now` is given, so every guard is testable.
 */
export type AccessStatus = 'pending' | 'approved' | 'active' | 'expired' | 'revoked' | 'denied' | 'cancelled';

/** States after which nothing can happen to a request any more. */
export const TERMINAL_STATUSES: ReadonlySet<AccessStatus> = new Set<AccessStatus>(['expired', 'revoked', 'denied', 'cancelled']);

/** States in which a grant counts as open (shown in lists, revocable). */
export const OPEN_STATUSES: ReadonlySet<AccessStatus> = new Set<AccessStatus>(['approved', 'active']);

/** How an approval was given. */
export type ApprovalVia = 'user' | 'usergroup' | 'auto-approve' | 'breakglass';

/** One approval: who, when, and through which rule. */
export interface Approval {
  by: string;
  at: number;
  via: ApprovalVia;
}

/** A request for access to one role for a time window; once approved it is also the grant. */
export interface AccessRequest {
  id: string;
  kind: 'grant' | 'extension';
  /** For an extension: the grant it extends. */
  grantId?: string;
  /** Slack user id of the person who asked (and who alone may use the grant). */
  requester: string;
  /** Role name from the configuration, and its ARN when the request was made. */
  role: string;
  roleArn: string;
  /** Length of the grant window (for an extension: how much longer). */
  durationMs: number;
  justification: string;
  ticket?: string;
  /** Self-granted through a breakglass role. */
  breakglass: boolean;
  /** Distinct approvals needed. */
  minApprovals: number;
  status: AccessStatus;
  createdAt: number;
  /** A request still pending at this time is expired. */
  pendingUntil: number;
  approvals: Approval[];
  /** Who denied, cancelled or revoked it, and when. */
  decidedBy?: string;
  decidedAt?: number;
  reason?: string;
  /** The grant window, set on activation (ms since epoch). */
  grantStart?: number;
  grantEnd?: number;
  /** When the requester was told the grant is about to end. */
  warnedAt?: number;
  /** Ids of approved extensions applied to this grant. */
  extensions?: string[];
  /** Bumped by every transition; the Redis store uses it for compare-and-set. */
  version: number;
}

/** Something that happens to a request. Authorization decisions are made before (they need Slack) and passed in. */
export type AccessEvent =
  | { type: 'approve'; by: string; decision: ApproverDecision }
  | { type: 'auto-approve'; by: string }
  | { type: 'self-grant'; by: string }
  | { type: 'deny'; by: string; decision: ApproverDecision; reason?: string }
  | { type: 'cancel'; by: string }
  | { type: 'activate' }
  | { type: 'warn' }
  | { type: 'extend'; extensionId: string; byMs: number }
  | { type: 'expire' }
  | { type: 'revoke'; by: string; as?: 'requester' | 'approver' | 'admin' };

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

/** A refused transition; `message` is written for the person who clicked. */
export class AccessError extends Error {
  constructor(
    readonly code: AccessErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccessError';
  }
}

function requireStatus(request: AccessRequest, allowed: readonly AccessStatus[], doing: string): void {
  if (!allowed.includes(request.status)) {
    throw new AccessError('invalid-status', `Request ${request.id} is ${request.status}; it cannot be ${doing}.`);
  }
}

function requirePendingInTime(request: AccessRequest, now: number, doing: string): void {
  requireStatus(request, ['pending'], doing);
  if (now >= request.pendingUntil) throw new AccessError('request-expired', `Request ${request.id} has expired; it cannot be ${doing}.`);
}

function next(request: AccessRequest, changes: Partial<AccessRequest>): AccessRequest {
  return { ...request, ...changes, version: request.version + 1 };
}

/**
 * Applies `event` to `request` at time `now` (ms since epoch) and returns the new request, or throws an
 * {@link AccessError} naming why not. Pure: same input, same output.
 */
export function transition(request: AccessRequest, event: AccessEvent, now: number): AccessRequest {
  switch (event.type) {
    case 'approve': {
      requirePendingInTime(request, now, 'approved');
      // Checked before the decision: even an approver (or an admin) never approves their own request.
      if (event.by === request.requester) throw new AccessError('self-approval', 'You cannot approve your own request.');
      if (!event.decision.allowed) throw new AccessError('not-authorized', `You cannot approve this request: ${event.decision.reason}.`);
      if (request.approvals.some((a) => a.by === event.by)) {
        throw new AccessError('already-approved', `You have already approved request ${request.id}.`);
      }
      const approvals = [...request.approvals, { by: event.by, at: now, via: event.decision.via }];
      const distinct = new Set(approvals.map((a) => a.by)).size;
      return next(request, { approvals, status: distinct >= request.minApprovals ? 'approved' : 'pending' });
    }
    case 'auto-approve': {
      requirePendingInTime(request, now, 'approved');
      return next(request, { approvals: [{ by: event.by, at: now, via: 'auto-approve' }], status: 'approved' });
    }
    case 'self-grant': {
      requirePendingInTime(request, now, 'self-granted');
      if (!request.breakglass) throw new AccessError('not-breakglass', `Role ${request.role} is not a breakglass role; it needs an approver.`);
      if (event.by !== request.requester) throw new AccessError('not-requester', 'Only the requester can self-grant a breakglass request.');
      return next(request, { approvals: [{ by: event.by, at: now, via: 'breakglass' }], status: 'approved' });
    }
    case 'deny': {
      requirePendingInTime(request, now, 'denied');
      if (event.by === request.requester) throw new AccessError('self-approval', 'You cannot decide on your own request; cancel it instead.');
      if (!event.decision.allowed) throw new AccessError('not-authorized', `You cannot deny this request: ${event.decision.reason}.`);
      return next(request, { status: 'denied', decidedBy: event.by, decidedAt: now, reason: event.reason });
    }
    case 'cancel': {
      requireStatus(request, ['pending'], 'cancelled');
      if (event.by !== request.requester) throw new AccessError('not-requester', 'Only the requester can cancel a request.');
      return next(request, { status: 'cancelled', decidedBy: event.by, decidedAt: now });
    }
    case 'activate': {
      requireStatus(request, ['approved'], 'activated');
      return next(request, { status: 'active', grantStart: now, grantEnd: now + request.durationMs });
    }
    case 'warn': {
      requireStatus(request, ['active'], 'warned about');
      if (request.warnedAt !== undefined) throw new AccessError('not-due', `The requester of ${request.id} was already warned.`);
      return next(request, { warnedAt: now });
    }
    case 'extend': {
      requireStatus(request, ['active'], 'extended');
      if (request.kind !== 'grant') throw new AccessError('invalid-status', 'Only a grant can be extended.');
      if (now >= (request.grantEnd ?? 0)) throw new AccessError('grant-ended', `Grant ${request.id} has already ended.`);
      if (request.extensions?.includes(event.extensionId)) {
        throw new AccessError('already-approved', `Extension ${event.extensionId} is already applied.`);
      }
      return next(request, {
        grantEnd: (request.grantEnd ?? now) + event.byMs,
        warnedAt: undefined,
        extensions: [...(request.extensions ?? []), event.extensionId],
      });
    }
    case 'expire': {
      if (request.status === 'pending') {
        if (now < request.pendingUntil) throw new AccessError('not-due', `Request ${request.id} is still within its time to be decided.`);
        return next(request, { status: 'expired', decidedAt: now });
      }
      requireStatus(request, ['active'], 'expired');
      if (now < (request.grantEnd ?? 0)) throw new AccessError('not-due', `Grant ${request.id} has not ended yet.`);
      return next(request, { status: 'expired', decidedAt: now });
    }
    case 'revoke': {
      requireStatus(request, ['approved', 'active'], 'revoked');
      if (!event.as) throw new AccessError('not-authorized', 'Only the requester, an approver for this role or an admin can revoke a grant.');
      return next(request, { status: 'revoked', decidedBy: event.by, decidedAt: now });
    }
  }
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
