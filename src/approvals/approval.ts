/**
 * The approvals kernel's vocabulary, shared by remediation requests (src/remediations/) and access
 * requests (src/access/): one approval, one refusal, one clock unit. The kernel counts time in
 * milliseconds since the epoch; a feature that stores ISO strings (remediation requests do, and their
 * records already in Redis must keep reading) converts at its edge with {@link approvalAt} and
 * {@link isoApproval}.
 */

/** How an approval was given: a listed user, a member of a listed user group, a policy (`remediation.auto`, `autoApprove`) or a breakglass self-grant. */
export type ApprovalVia = 'user' | 'usergroup' | 'policy' | 'auto-approve' | 'breakglass';

/** One approval: who, when (ms since epoch) and through which rule. */
export interface Approval<V extends ApprovalVia = ApprovalVia> {
  by: string;
  at: number;
  via: V;
}

/** An approval as a record stores it: `at` in ms (access requests) or as an ISO string (remediation requests). */
export interface StoredApproval<V extends ApprovalVia = ApprovalVia> {
  by: string;
  at: number | string;
  via: V;
}

/** The time of a stored approval in ms, whichever shape it was stored in. */
export function approvalAt(approval: StoredApproval): number {
  return typeof approval.at === 'number' ? approval.at : Date.parse(approval.at);
}

/** A stored approval in the kernel's shape (time in ms). */
export function readApproval<V extends ApprovalVia>(approval: StoredApproval<V>): Approval<V> {
  return { by: approval.by, at: approvalAt(approval), via: approval.via };
}

/** The ISO-time shape remediation requests store. */
export function isoApproval<V extends ApprovalVia>(approval: Approval<V>): { by: string; at: string; via: V } {
  return { by: approval.by, at: new Date(approval.at).toISOString(), via: approval.via };
}

/** Distinct people (and policies) who approved, in the order they first did. */
export function distinctApprovers(approvals: readonly { by: string }[]): string[] {
  return [...new Set(approvals.map((a) => a.by))];
}

/** True when `approvals` hold at least `minApprovals` distinct approvers. */
export function quorumReached(approvals: readonly { by: string }[], minApprovals: number): boolean {
  return distinctApprovers(approvals).length >= minApprovals;
}

/** How many distinct approvals are still missing (0 once the quorum is reached). */
export function approvalsMissing(approvals: readonly { by: string }[], minApprovals: number): number {
  return Math.max(0, minApprovals - distinctApprovers(approvals).length);
}
