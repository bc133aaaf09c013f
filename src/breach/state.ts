import type { ApproverDecision } from '../access/approvers.js';

/**
 * A personal data breach assessment (GDPR Art. 33) and its clock, as pure data and transitions:
 *
 * ```
 * open ──assess (any number of phases, Art. 33(4))──► open ──close (an approver, a decision recorded)──► closed
 * ```
 *
 * The clock is a list of marks after the moment of awareness (reminders, then the deadline, 72 h by
 * default). Which marks were sent is kept beside the record (`sent`, see src/breach/store.ts), so that the
 * clock never competes with people editing the assessment. Nothing here reads the clock: `now` is given.
 */
export type BreachStatus = 'open' | 'closed';

/** The decision of Art. 33(1) / 34. */
export type BreachDecision = 'notify' | 'no-risk';

/** The Art. 33(3) content of a notification, as filled in (free text: user input, escaped when shown). */
export interface Assessment {
  /** (a) the nature of the breach. */
  nature?: string;
  /** (a) categories of data subjects and of personal data records concerned. */
  categories?: string;
  /** (a) approximate number of data subjects concerned. */
  subjects?: string;
  /** (a) approximate number of personal data records concerned. */
  records?: string;
  /** (b) name and contact details of the DPO or another contact point. */
  dpoContact?: string;
  /** (c) likely consequences. */
  consequences?: string;
  /** (d) measures taken or proposed, including to mitigate adverse effects. */
  measures?: string;
  decision?: BreachDecision;
  /** Why (required for `no-risk`: Art. 33(5) documents it). */
  decisionReason?: string;
  /** Art. 34: the data subjects are informed too. */
  notifySubjects?: boolean;
  /** Art. 33(1): reasons for a notification made after the deadline. */
  delayReason?: string;
}

export const ASSESSMENT_FIELDS = [
  'nature',
  'categories',
  'subjects',
  'records',
  'dpoContact',
  'consequences',
  'measures',
  'decision',
  'decisionReason',
  'notifySubjects',
  'delayReason',
] as const;
export type AssessmentField = (typeof ASSESSMENT_FIELDS)[number];

/** The longest text kept per field (the modal says so too; longer text is refused, not cut). */
export const FIELD_MAX: Record<Exclude<AssessmentField, 'decision' | 'notifySubjects'>, number> = {
  nature: 2000,
  categories: 1000,
  subjects: 100,
  records: 100,
  dpoContact: 500,
  consequences: 2000,
  measures: 2000,
  decisionReason: 1000,
  delayReason: 1000,
};

/** The longest title. */
export const TITLE_MAX = 150;
/** The longest reason for an earlier awareness time, or for closing. */
export const REASON_MAX = 500;

/** One saved phase of the assessment (who, when, which fields changed). */
export interface Phase {
  n: number;
  by: string;
  at: number;
  changed: AssessmentField[];
}

/** One assessment, as stored in Redis. */
export interface Breach {
  /** `BR-` and 8 hex digits. */
  id: string;
  title: string;
  openedBy: string;
  openedAt: number;
  /** The moment of awareness: the click, or an earlier time given with a reason. The clock runs from here. */
  awareAt: number;
  awareReason?: string;
  /** Linked findings (ids in the findings feed). */
  findings: string[];
  /** Resources involved, as the findings name them (AWS text). */
  resources: string[];
  /** Reminder marks (ms after awareness, ascending) and the deadline, fixed when the assessment was opened. */
  reminders: number[];
  deadlineMs: number;
  status: BreachStatus;
  assessment: Assessment;
  phases: Phase[];
  /** Where the status message went. */
  channel: string;
  closedBy?: string;
  closedAt?: number;
  closeReason?: string;
  /** Bumped by every transition; the store uses it for compare-and-set. */
  version: number;
}

/** Something that happens to an assessment. Authorization is decided before (it needs Slack) and passed in. */
export type BreachEvent =
  { type: 'assess'; by: string; decision: ApproverDecision; fields: Assessment } | { type: 'close'; by: string; decision: ApproverDecision; reason: string };

export type BreachErrorCode = 'invalid-status' | 'not-authorized' | 'invalid-input' | 'no-decision' | 'not-found';

/** A refused transition; `message` is plain text for the person who clicked (escaped when shown). */
export class BreachError extends Error {
  constructor(
    readonly code: BreachErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BreachError';
  }
}

/** Problems with an assessment's fields (field → sentence), or none. */
export function assessmentProblems(fields: Assessment): Partial<Record<AssessmentField, string>> {
  const problems: Partial<Record<AssessmentField, string>> = {};
  for (const [field, max] of Object.entries(FIELD_MAX) as [keyof typeof FIELD_MAX, number][]) {
    const value = fields[field];
    if (value !== undefined && value.length > max) problems[field] = `At most ${max} characters (this is ${value.length}).`;
  }
  if (fields.decision === 'no-risk' && !fields.decisionReason?.trim()) {
    problems.decisionReason = 'Say why the breach is unlikely to result in a risk to people (Art. 33(5) documents it).';
  }
  return problems;
}

/** The fields whose value differs between two versions. */
export function changedFields(before: Assessment, after: Assessment): AssessmentField[] {
  return ASSESSMENT_FIELDS.filter((f) => (before[f] ?? '') !== (after[f] ?? ''));
}

/**
 * Applies `event` to `breach` at `now` and returns the new record, or throws a {@link BreachError}.
 * Pure: same input, same output.
 */
export function transition(breach: Breach, event: BreachEvent, now: number): Breach {
  if (breach.status !== 'open') throw new BreachError('invalid-status', `Assessment ${breach.id} is closed; it cannot be changed.`);
  if (!event.decision.allowed) throw new BreachError('not-authorized', `You cannot do this: ${event.decision.reason}.`);
  switch (event.type) {
    case 'assess': {
      const problems = Object.values(assessmentProblems(event.fields));
      if (problems.length > 0) throw new BreachError('invalid-input', problems.join(' '));
      const assessment: Assessment = {};
      for (const f of ASSESSMENT_FIELDS) {
        const v = event.fields[f];
        if (v === undefined || v === '') continue;
        (assessment as Record<string, unknown>)[f] = typeof v === 'string' ? v.trim() : v;
      }
      const changed = changedFields(breach.assessment, assessment);
      const phase: Phase = { n: breach.phases.length + 1, by: event.by, at: now, changed };
      return { ...breach, assessment, phases: [...breach.phases, phase], version: breach.version + 1 };
    }
    case 'close': {
      if (!breach.assessment.decision) {
        throw new BreachError(
          'no-decision',
          `Assessment ${breach.id} has no decision yet (notify the authority, or not likely a risk and why): record it before closing.`,
        );
      }
      const reason = event.reason.trim();
      if (!reason) throw new BreachError('invalid-input', 'Give a reason for closing.');
      if (reason.length > REASON_MAX) throw new BreachError('invalid-input', `The reason is too long (at most ${REASON_MAX} characters).`);
      return { ...breach, status: 'closed', closedBy: event.by, closedAt: now, closeReason: reason, version: breach.version + 1 };
    }
  }
}

/** A mark of the clock: a reminder (by its offset) or the deadline. */
export interface Mark {
  /** Stable name, used in job ids and the sent-marks hash: `r<offset ms>` or `deadline`. */
  key: string;
  kind: 'reminder' | 'deadline';
  /** When it is due (ms since epoch). */
  at: number;
  /** Hours after awareness (for the message). */
  afterMs: number;
}

/** Every mark of the clock, in time order. */
export function marks(breach: Pick<Breach, 'awareAt' | 'reminders' | 'deadlineMs'>): Mark[] {
  const reminders = [...breach.reminders].sort((a, b) => a - b).map((ms): Mark => ({ key: `r${ms}`, kind: 'reminder', at: breach.awareAt + ms, afterMs: ms }));
  return [...reminders, { key: 'deadline', kind: 'deadline', at: breach.awareAt + breach.deadlineMs, afterMs: breach.deadlineMs }];
}

/** The mark named `key`, if the breach has it. */
export function markOf(breach: Pick<Breach, 'awareAt' | 'reminders' | 'deadlineMs'>, key: string): Mark | undefined {
  return marks(breach).find((m) => m.key === key);
}

/**
 * How late a mark may fire and still count as on time. A reminder later than this (its time passed
 * while no worker ran) is sent with a note saying so.
 */
export function lateAfterMs(mark: Pick<Mark, 'afterMs'>): number {
  return Math.max(5_000, Math.min(60_000, mark.afterMs / 10));
}

/** Whether a mark fired at `now` is late. */
export function isLate(mark: Mark, now: number): boolean {
  return now - mark.at > lateAfterMs(mark);
}

/** Marks due at `now` that were not sent, oldest first (the sweep's safety net). */
export function dueMarks(breach: Breach, sent: Readonly<Record<string, number>>, now: number): Mark[] {
  if (breach.status !== 'open') return [];
  return marks(breach).filter((m) => m.at <= now && sent[m.key] === undefined);
}

/** The deadline (ms since epoch). */
export function deadlineAt(breach: Pick<Breach, 'awareAt' | 'deadlineMs'>): number {
  return breach.awareAt + breach.deadlineMs;
}

/** Whether the deadline has passed at `now`. */
export function isOverdue(breach: Pick<Breach, 'awareAt' | 'deadlineMs'>, now: number): boolean {
  return now >= deadlineAt(breach);
}

/** `41 h`, `25 min`, `< 1 min`: a span as the status message shows it (rounded down). */
export function spanText(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 3_600_000) return `${Math.floor(abs / 3_600_000)} h`;
  if (abs >= 60_000) return `${Math.floor(abs / 60_000)} min`;
  return '< 1 min';
}

/** `41 h left` or `overdue by 3 h`. */
export function clockText(breach: Pick<Breach, 'awareAt' | 'deadlineMs'>, now: number): string {
  const left = deadlineAt(breach) - now;
  return left > 0 ? `${spanText(left)} left` : `overdue by ${spanText(left)}`;
}
