import { describe, expect, it } from 'vitest';
import { AccessError, step, transition, type AccessEvent, type AccessRequest } from '../../src/access/state.js';
import { active, MIN, request, T0, yes } from '../helpers/access-requests.js';

/**
 * The access state machine on the approvals kernel: `step` returns the typed refusal (never throws), and
 * `transition` throws it as an AccessError whose message is the text people have always read (rendered
 * by `refusalText` in src/access/messages.ts).
 */

const rows: { from: AccessRequest; event: AccessEvent; at?: number; code: string; text: string }[] = [
  { from: request(), event: { type: 'approve', by: 'UREQ', decision: yes }, code: 'self-approval', text: 'You cannot approve your own request.' },
  {
    from: request(),
    event: { type: 'deny', by: 'UREQ', decision: yes },
    code: 'self-approval',
    text: 'You cannot decide on your own request; cancel it instead.',
  },
  {
    from: request(),
    event: { type: 'approve', by: 'UX', decision: { allowed: false, reason: 'you are not an approver for this', code: 'not-an-approver' } },
    code: 'not-an-approver',
    text: 'You cannot approve this request: you are not an approver for this.',
  },
  {
    from: request(),
    event: { type: 'deny', by: 'UG', decision: { allowed: false, reason: 'guest accounts cannot approve', code: 'guest' } },
    code: 'guest',
    text: 'You cannot deny this request: guest accounts cannot approve.',
  },
  {
    from: request({ minApprovals: 2, approvals: [{ by: 'UAPP1', at: T0, via: 'user' }] }),
    event: { type: 'approve', by: 'UAPP1', decision: yes },
    code: 'already-decided',
    text: 'You have already approved request ax-0000aaaa.',
  },
  {
    from: request(),
    event: { type: 'approve', by: 'UAPP1', decision: yes },
    at: T0 + 120 * MIN,
    code: 'expired',
    text: 'Request ax-0000aaaa has expired; it cannot be approved.',
  },
  {
    from: request({ status: 'approved' }),
    event: { type: 'cancel', by: 'UREQ' },
    code: 'wrong-state',
    text: 'Request ax-0000aaaa is approved; it cannot be cancelled.',
  },
  { from: request(), event: { type: 'activate' }, code: 'wrong-state', text: 'Request ax-0000aaaa is pending; it cannot be activated.' },
  { from: request(), event: { type: 'cancel', by: 'UAPP1' }, code: 'not-requester', text: 'Only the requester can cancel a request.' },
  {
    from: request({ breakglass: true }),
    event: { type: 'self-grant', by: 'UAPP1' },
    code: 'not-requester',
    text: 'Only the requester can self-grant a breakglass request.',
  },
  {
    from: request(),
    event: { type: 'self-grant', by: 'UREQ' },
    code: 'not-breakglass',
    text: 'Role prod-readonly is not a breakglass role; it needs an approver.',
  },
  { from: request(), event: { type: 'expire' }, at: T0 + 119 * MIN, code: 'not-due', text: 'Request ax-0000aaaa is still within its time to be decided.' },
  { from: active(), event: { type: 'expire' }, at: T0 + 59 * MIN, code: 'not-due', text: 'Grant ax-0000aaaa has not ended yet.' },
  {
    from: active({ warnedAt: T0 + 50 * MIN }),
    event: { type: 'warn' },
    at: T0 + 51 * MIN,
    code: 'already-warned',
    text: 'The requester of ax-0000aaaa was already warned.',
  },
  {
    from: active({ kind: 'extension' }),
    event: { type: 'extend', extensionId: 'ax-1', byMs: MIN },
    code: 'not-a-grant',
    text: 'Only a grant can be extended.',
  },
  {
    from: active(),
    event: { type: 'extend', extensionId: 'ax-1', byMs: MIN },
    at: T0 + 60 * MIN,
    code: 'grant-ended',
    text: 'Grant ax-0000aaaa has already ended.',
  },
  {
    from: active({ extensions: ['ax-1'] }),
    event: { type: 'extend', extensionId: 'ax-1', byMs: MIN },
    code: 'extension-applied',
    text: 'Extension ax-1 is already applied.',
  },
  {
    from: active(),
    event: { type: 'revoke', by: 'UX' },
    code: 'not-a-revoker',
    text: 'Only the requester, an approver for this role or an admin can revoke a grant.',
  },
];

describe('access refusals: typed by step, worded by messages.ts', () => {
  it.each(rows)('$code: $text', ({ from, event, at, code, text }) => {
    const now = at ?? T0 + MIN;
    const result = step(from, event, now);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.refusal.code).toBe(code);
    let thrown: unknown;
    try {
      transition(from, event, now);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AccessError);
    expect((thrown as AccessError).message).toBe(text);
    expect((thrown as AccessError).refusal?.code).toBe(code);
  });

  it('a pending request is approvable one millisecond before its time runs out, and expired at it', () => {
    const from = request();
    expect(step(from, { type: 'approve', by: 'UAPP1', decision: yes }, T0 + 120 * MIN - 1)).toMatchObject({ ok: true, value: { status: 'approved' } });
    expect(step(from, { type: 'approve', by: 'UAPP1', decision: yes }, T0 + 120 * MIN)).toMatchObject({ ok: false, refusal: { code: 'expired' } });
  });
});
