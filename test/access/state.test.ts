import { describe, expect, it } from 'vitest';
import { AccessError, dueEvent, nextDeadline, transition, type AccessEvent, type AccessRequest, type AccessStatus } from '../../src/access/state.js';
import { active, MIN, request, T0, yes } from '../helpers/access-requests.js';

const guest = { allowed: false, reason: 'guest accounts cannot approve' } as const;

type Row = { name: string; from: AccessRequest; event: AccessEvent; at?: number; to?: AccessStatus; error?: AccessError['code'] };

const rows: Row[] = [
  { name: 'an approver approves (quorum 1)', from: request(), event: { type: 'approve', by: 'UAPP1', decision: yes }, to: 'approved' },
  {
    name: 'first of two approvals keeps it pending',
    from: request({ minApprovals: 2 }),
    event: { type: 'approve', by: 'UAPP1', decision: yes },
    to: 'pending',
  },
  {
    name: 'second distinct approver reaches quorum',
    from: request({ minApprovals: 2, approvals: [{ by: 'UAPP1', at: T0, via: 'user' }] }),
    event: { type: 'approve', by: 'UAPP2', decision: yes },
    to: 'approved',
  },
  {
    name: 'the same approver twice does not count twice',
    from: request({ minApprovals: 2, approvals: [{ by: 'UAPP1', at: T0, via: 'user' }] }),
    event: { type: 'approve', by: 'UAPP1', decision: yes },
    error: 'already-approved',
  },
  {
    name: 'the requester cannot approve, even when the rules allow them',
    from: request(),
    event: { type: 'approve', by: 'UREQ', decision: yes },
    error: 'self-approval',
  },
  { name: 'a guest is refused', from: request(), event: { type: 'approve', by: 'UGUEST', decision: guest }, error: 'not-authorized' },
  {
    name: 'a pending request past its TTL cannot be approved',
    from: request(),
    event: { type: 'approve', by: 'UAPP1', decision: yes },
    at: T0 + 120 * MIN,
    error: 'request-expired',
  },
  {
    name: 'an approved request cannot be approved again (double click)',
    from: request({ status: 'approved' }),
    event: { type: 'approve', by: 'UAPP2', decision: yes },
    error: 'invalid-status',
  },
  { name: 'deny by an approver', from: request(), event: { type: 'deny', by: 'UAPP1', decision: yes }, to: 'denied' },
  {
    name: 'deny by a non-approver is refused',
    from: request(),
    event: { type: 'deny', by: 'UX', decision: { allowed: false, reason: 'you are not an approver for this' } },
    error: 'not-authorized',
  },
  { name: 'the requester cannot deny (they cancel)', from: request(), event: { type: 'deny', by: 'UREQ', decision: yes }, error: 'self-approval' },
  { name: 'cancel by the requester', from: request(), event: { type: 'cancel', by: 'UREQ' }, to: 'cancelled' },
  { name: 'cancel by someone else is refused', from: request(), event: { type: 'cancel', by: 'UAPP1' }, error: 'not-requester' },
  { name: 'cancel after approval is refused', from: request({ status: 'approved' }), event: { type: 'cancel', by: 'UREQ' }, error: 'invalid-status' },
  { name: 'breakglass self-grant', from: request({ breakglass: true }), event: { type: 'self-grant', by: 'UREQ' }, to: 'approved' },
  { name: 'self-grant on a normal role is refused', from: request(), event: { type: 'self-grant', by: 'UREQ' }, error: 'not-breakglass' },
  { name: 'self-grant for someone else is refused', from: request({ breakglass: true }), event: { type: 'self-grant', by: 'UAPP1' }, error: 'not-requester' },
  { name: 'auto-approve', from: request(), event: { type: 'auto-approve', by: 'UREQ' }, to: 'approved' },
  { name: 'activate an approved request', from: request({ status: 'approved' }), event: { type: 'activate' }, to: 'active' },
  { name: 'a pending request cannot be activated', from: request(), event: { type: 'activate' }, error: 'invalid-status' },
  { name: 'pending expires at its TTL', from: request(), event: { type: 'expire' }, at: T0 + 120 * MIN, to: 'expired' },
  { name: 'pending does not expire early', from: request(), event: { type: 'expire' }, at: T0 + 119 * MIN, error: 'not-due' },
  { name: 'an active grant expires at its end', from: active(), event: { type: 'expire' }, at: T0 + 60 * MIN, to: 'expired' },
  { name: 'an active grant does not expire early', from: active(), event: { type: 'expire' }, at: T0 + 59 * MIN, error: 'not-due' },
  { name: 'the requester revokes', from: active(), event: { type: 'revoke', by: 'UREQ', as: 'requester' }, to: 'revoked' },
  { name: 'an admin revokes an approved grant', from: request({ status: 'approved' }), event: { type: 'revoke', by: 'UADM', as: 'admin' }, to: 'revoked' },
  { name: 'a stranger cannot revoke', from: active(), event: { type: 'revoke', by: 'UX' }, error: 'not-authorized' },
  {
    name: 'revoke twice is refused (one effect)',
    from: active({ status: 'revoked' }),
    event: { type: 'revoke', by: 'UREQ', as: 'requester' },
    error: 'invalid-status',
  },
  {
    name: 'an expired grant cannot be revoked',
    from: active({ status: 'expired' }),
    event: { type: 'revoke', by: 'UREQ', as: 'requester' },
    error: 'invalid-status',
  },
  { name: 'warn an active grant once', from: active(), event: { type: 'warn' }, at: T0 + 50 * MIN, to: 'active' },
  { name: 'warn twice is refused', from: active({ warnedAt: T0 + 50 * MIN }), event: { type: 'warn' }, at: T0 + 51 * MIN, error: 'not-due' },
  { name: 'extend an active grant', from: active(), event: { type: 'extend', extensionId: 'ax-1', byMs: 30 * MIN }, at: T0 + 50 * MIN, to: 'active' },
  {
    name: 'the same extension cannot be applied twice',
    from: active({ extensions: ['ax-1'] }),
    event: { type: 'extend', extensionId: 'ax-1', byMs: 30 * MIN },
    at: T0 + 50 * MIN,
    error: 'already-approved',
  },
  {
    name: 'an ended grant cannot be extended',
    from: active(),
    event: { type: 'extend', extensionId: 'ax-1', byMs: 30 * MIN },
    at: T0 + 60 * MIN,
    error: 'grant-ended',
  },
  {
    name: 'a denied request stays denied',
    from: request({ status: 'denied' }),
    event: { type: 'approve', by: 'UAPP1', decision: yes },
    error: 'invalid-status',
  },
];

describe('access state machine', () => {
  it.each(rows)('$name', ({ from, event, at, to, error }) => {
    const now = at ?? T0 + MIN;
    if (error) {
      let thrown: unknown;
      try {
        transition(from, event, now);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(AccessError);
      expect((thrown as AccessError).code).toBe(error);
    } else {
      const next = transition(from, event, now);
      expect(next.status).toBe(to);
      expect(next.version).toBe(from.version + 1);
    }
  });

  it('opens the grant window at activation and moves its end on extension', () => {
    const activated = transition(request({ status: 'approved' }), { type: 'activate' }, T0 + 5 * MIN);
    expect(activated.grantStart).toBe(T0 + 5 * MIN);
    expect(activated.grantEnd).toBe(T0 + 65 * MIN);
    const warned = transition(activated, { type: 'warn' }, T0 + 55 * MIN);
    const extended = transition(warned, { type: 'extend', extensionId: 'ax-2', byMs: 30 * MIN }, T0 + 56 * MIN);
    expect(extended.grantEnd).toBe(T0 + 95 * MIN);
    expect(extended.warnedAt).toBeUndefined(); // warned again before the new end
  });

  it('records who approved and through which rule', () => {
    const next = transition(request(), { type: 'approve', by: 'UAPP1', decision: { allowed: true, via: 'usergroup' } }, T0 + MIN);
    expect(next.approvals).toEqual([{ by: 'UAPP1', at: T0 + MIN, via: 'usergroup' }]);
  });

  it('does not change its input', () => {
    const from = request();
    const copy = structuredClone(from);
    transition(from, { type: 'approve', by: 'UAPP1', decision: yes }, T0 + MIN);
    expect(from).toEqual(copy);
  });

  it.each([
    { name: 'pending before TTL', req: request(), now: T0 + MIN, due: undefined, deadline: T0 + 120 * MIN },
    { name: 'pending after TTL', req: request(), now: T0 + 121 * MIN, due: 'expire', deadline: T0 + 120 * MIN },
    { name: 'approved', req: request({ status: 'approved' }), now: T0 + MIN, due: 'activate', deadline: T0 },
    { name: 'active, before the warning', req: active(), now: T0 + 49 * MIN, due: undefined, deadline: T0 + 50 * MIN },
    { name: 'active, warning due', req: active(), now: T0 + 50 * MIN, due: 'warn', deadline: T0 + 50 * MIN },
    { name: 'active, warned', req: active({ warnedAt: T0 + 50 * MIN }), now: T0 + 55 * MIN, due: undefined, deadline: T0 + 60 * MIN },
    { name: 'active, ended', req: active({ warnedAt: T0 + 50 * MIN }), now: T0 + 60 * MIN, due: 'expire', deadline: T0 + 60 * MIN },
    { name: 'revoked', req: active({ status: 'revoked' }), now: T0 + 60 * MIN, due: undefined, deadline: undefined },
  ])('time-driven events: $name', ({ req, now, due, deadline }) => {
    expect(dueEvent(req, now, 10 * MIN)?.type).toBe(due);
    expect(nextDeadline(req, 10 * MIN)).toBe(deadline);
  });
});
