import { describe, expect, it } from 'vitest';
import { assessmentProblems, BreachError, clockText, dueMarks, isLate, isOverdue, markOf, marks, transition, type Breach } from '../../src/breach/state.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const yes = { allowed: true, via: 'user' } as const;
const no = { allowed: false, reason: 'you are not an approver for this' } as const;

function breach(overrides: Partial<Breach> = {}): Breach {
  return {
    id: 'BR-0000abcd',
    title: 'Customer export bucket was public',
    openedBy: 'U0000RESP1',
    openedAt: T0,
    awareAt: T0,
    findings: [],
    resources: [],
    reminders: [24 * H, 48 * H, 60 * H],
    deadlineMs: 72 * H,
    status: 'open',
    assessment: {},
    phases: [],
    channel: 'C0000BRCH',
    version: 1,
    ...overrides,
  };
}

describe('breach state (pure, fake clock)', () => {
  it('has a mark per reminder and the deadline, at awareness + offset', () => {
    expect(marks(breach()).map((m) => [m.key, m.at - T0])).toEqual([
      ['r86400000', 24 * H],
      ['r172800000', 48 * H],
      ['r216000000', 60 * H],
      ['deadline', 72 * H],
    ]);
    // An earlier awareness time moves the whole clock.
    expect(markOf(breach({ awareAt: T0 - 10 * H }), 'deadline')!.at).toBe(T0 + 62 * H);
  });

  it('says how long is left, and overdue after 72 h', () => {
    const b = breach();
    expect(clockText(b, T0 + 31 * H)).toBe('41 h left');
    expect(clockText(b, T0 + 72 * H - 25 * 60_000)).toBe('25 min left');
    expect(isOverdue(b, T0 + 72 * H - 1)).toBe(false);
    expect(isOverdue(b, T0 + 72 * H)).toBe(true);
    expect(clockText(b, T0 + 75 * H + 1)).toBe('overdue by 3 h');
  });

  it('lists due marks that were not sent, and none once closed', () => {
    const b = breach();
    expect(dueMarks(b, {}, T0 + 23 * H)).toEqual([]);
    expect(dueMarks(b, {}, T0 + 50 * H).map((m) => m.key)).toEqual(['r86400000', 'r172800000']);
    expect(dueMarks(b, { r86400000: T0 + 24 * H }, T0 + 50 * H).map((m) => m.key)).toEqual(['r172800000']);
    expect(dueMarks({ ...b, status: 'closed' }, {}, T0 + 80 * H)).toEqual([]);
  });

  it('calls a reminder late only when it fires well after its time', () => {
    const m = markOf(breach(), 'r86400000')!;
    expect(isLate(m, m.at + 30_000)).toBe(false);
    expect(isLate(m, m.at + 5 * 60_000)).toBe(true);
    // Marks of seconds (drills, tests) still allow a few seconds of scheduling delay.
    const short = markOf(breach({ reminders: [3000], deadlineMs: 9000 }), 'r3000')!;
    expect(isLate(short, short.at + 1000)).toBe(false);
    expect(isLate(short, short.at + 6000)).toBe(true);
  });

  it('saves phases of the assessment, recording who, when and what changed', () => {
    const one = transition(
      breach(),
      { type: 'assess', by: 'U0000RESP1', decision: yes, fields: { nature: 'Bucket public for 3 days', subjects: 'about 1200' } },
      T0 + H,
    );
    expect(one.phases).toEqual([{ n: 1, by: 'U0000RESP1', at: T0 + H, changed: ['nature', 'subjects'] }]);
    expect(one.version).toBe(2);
    const two = transition(
      one,
      { type: 'assess', by: 'U0000APPR1', decision: yes, fields: { nature: 'Bucket public for 3 days', subjects: 'about 1300', decision: 'notify' } },
      T0 + 2 * H,
    );
    expect(two.phases.at(-1)).toEqual({ n: 2, by: 'U0000APPR1', at: T0 + 2 * H, changed: ['subjects', 'decision'] });
    expect(two.assessment).toEqual({ nature: 'Bucket public for 3 days', subjects: 'about 1300', decision: 'notify' });
  });

  it('refuses the unauthorized, over-long text and a no-risk decision without a reason', () => {
    const b = breach();
    expect(() => transition(b, { type: 'assess', by: 'U0000USER', decision: no, fields: {} }, T0)).toThrow(/not an approver/);
    expect(() => transition(b, { type: 'assess', by: 'U0000RESP1', decision: yes, fields: { nature: 'x'.repeat(2001) } }, T0)).toThrow(
      /At most 2000 characters/,
    );
    expect(assessmentProblems({ decision: 'no-risk' }).decisionReason).toMatch(/Say why/);
    expect(assessmentProblems({ decision: 'no-risk', decisionReason: 'encrypted, key not exposed' })).toEqual({});
  });

  it('closes only with a decision, a reason and an allowed closer; closed is final', () => {
    const b = breach();
    expect(() => transition(b, { type: 'close', by: 'U0000APPR1', decision: yes, reason: 'done' }, T0)).toThrow(/no decision yet/);
    const decided = transition(b, { type: 'assess', by: 'U0000RESP1', decision: yes, fields: { decision: 'no-risk', decisionReason: 'encrypted' } }, T0);
    expect(() => transition(decided, { type: 'close', by: 'U0000RESP1', decision: no, reason: 'done' }, T0)).toThrow(BreachError);
    expect(() => transition(decided, { type: 'close', by: 'U0000APPR1', decision: yes, reason: '  ' }, T0)).toThrow(/reason/);
    const closed = transition(decided, { type: 'close', by: 'U0000APPR1', decision: yes, reason: 'no risk, documented' }, T0 + H);
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'U0000APPR1', closedAt: T0 + H, closeReason: 'no risk, documented' });
    expect(() => transition(closed, { type: 'assess', by: 'U0000APPR1', decision: yes, fields: {} }, T0 + 2 * H)).toThrow(/closed/);
  });
});
