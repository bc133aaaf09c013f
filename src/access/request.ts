import type { Approval as KernelApproval } from '../approvals/approval.js';
import type { ApproverDecision } from '../approvals/guards.js';
import type { IdScheme } from '../approvals/ids.js';
import type { Refusal } from '../approvals/refusal.js';

/**
 * The data of just-in-time access (the state machine over it is state.ts): what is stored, what can
 * happen to it and why that can be refused. In a module of its own so that messages.ts, which words the
 * refusals, and state.ts, which returns them, do not import each other.
 */

/** Access request ids: `ax-` and 8 hex digits, short enough to type in `/gdpr access revoke <id>`. */
export const ACCESS_IDS: IdScheme = { prefix: 'ax-', bytes: 4 };

/** Where a request is in its life (state.ts draws it). */
export type AccessStatus = 'pending' | 'approved' | 'active' | 'expired' | 'revoked' | 'denied' | 'cancelled';

/** How an approval was given. */
export type ApprovalVia = 'user' | 'usergroup' | 'auto-approve' | 'breakglass';

/** One approval: who, when (ms since epoch), and through which rule (the approvals kernel's approval). */
export type Approval = KernelApproval<ApprovalVia>;

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

/**
 * Why a transition was refused: the approvals kernel's refusals (src/approvals/refusal.ts) and the ones
 * only access has. `refusalText` in messages.ts words them.
 */
export type AccessRefusal =
  | Refusal
  | { code: 'not-breakglass'; data: { role: string } }
  | { code: 'grant-ended'; data: { grantEnd: number } }
  | { code: 'not-a-grant'; data: { kind: 'extension' } }
  | { code: 'already-warned'; data: { warnedAt: number } }
  | { code: 'extension-applied'; data: { extensionId: string } }
  | { code: 'not-a-revoker'; data: { by: string } };
