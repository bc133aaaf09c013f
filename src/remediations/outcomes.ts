import type { SealProblem } from '../redis/integrity.js';
import type { RequestStatus } from './state.js';

/**
 * What the remediation flow tells the person who clicked or typed, as data: the flow decides, and
 * src/remediations/messages.ts renders (`decisionText`, `fixAskText`, `restoreAskText`), so the flow
 * never writes mrkdwn.
 */

/** A stored request failed its integrity check (changed outside gdpr-bot, or stored before seals existed). */
export interface TamperedOutcome {
  kind: 'tampered';
  id: string;
  problem: SealProblem;
}

/** What became of an approver's click on Approve or Reject. */
export type DecisionOutcome =
  | TamperedOutcome
  | { kind: 'not-found' }
  | { kind: 'unknown-fix'; remediation: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'rejected'; requestId: string }
  /** `queued`: the quorum was reached and the fix is queued; else `remaining` approvals are still needed. */
  | { kind: 'approved'; requestId: string; queued: boolean; remaining: number };

/** A request was created, or one for the same fix and target was already open; `approvalsChannel` is where approvers see it. */
export type AskedOutcome =
  | { kind: 'requested'; requestId: string; approvalsChannel?: string }
  | { kind: 'already-open'; requestId: string; status: RequestStatus; approvalsChannel?: string };

/** What became of asking for the fix of a failing check (the Fix button or `/gdpr fix`). */
export type FixAskOutcome = { kind: 'guest' } | { kind: 'no-fix'; checkId: string; error: string } | { kind: 'not-created'; error: string } | AskedOutcome;

/** What became of asking to restore an isolated instance's network access. */
export type RestoreAskOutcome =
  | { kind: 'guest' }
  | TamperedOutcome
  | { kind: 'no-isolation'; isolationId: string }
  | { kind: 'nothing-to-restore'; error: string }
  | { kind: 'not-created'; error: string }
  | (AskedOutcome & { instance: string });
