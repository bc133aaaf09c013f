/**
 * Why the approvals kernel refused a step, as data: a code and what the text needs. The kernel's guards
 * and the features' transitions return a refusal (never throw one); each feature's messages.ts renders
 * it for the person who clicked (`refusalText` in src/remediations/messages.ts and src/access/messages.ts),
 * so the words users read stay in one place per feature.
 */
export type Refusal =
  /** The requester tried to approve (or decide on) their own request, whatever their role. */
  | { code: 'self-approval'; data: { by: string } }
  /** The approver look-up said no: not listed, deactivated, a bot (`reason` is its explanation). */
  | { code: 'not-an-approver'; data: { by: string; reason: string } }
  /** A guest or a Slack Connect account (from another organisation). */
  | { code: 'guest'; data: { by: string; reason: string } }
  /** This person already approved. */
  | { code: 'already-decided'; data: { by: string } }
  /** The request was past its time to be decided (`now >= expiresAt`). */
  | { code: 'expired'; data: { expiresAt: number; now: number } }
  /** The request is not in a status that allows the step. */
  | { code: 'wrong-state'; data: { status: string } }
  /** Only the requester may take this step. */
  | { code: 'not-requester'; data: { by: string; requester: string } }
  /** A time-driven step asked for before its time. */
  | { code: 'not-due'; data: { dueAt: number; now: number } };

export type RefusalCode = Refusal['code'];

/** The refusal of `code`, typed. */
export type RefusalOf<C extends RefusalCode> = Extract<Refusal, { code: C }>;

/** A step's answer: the value, or why not. */
export type Checked<T, R extends { code: string } = Refusal> = { ok: true; value: T } | { ok: false; refusal: R };
