import { describe, expect, it } from 'vitest';
import { approvalAt, approvalsMissing, distinctApprovers, isoApproval, quorumReached, readApproval, type Approval } from '../../src/approvals/approval.js';
import {
  addApproval,
  approvalBy,
  firstRefusal,
  isExpired,
  refuseExpired,
  refuseNotDue,
  refuseRepeat,
  refuseSelfApproval,
  refuseStatus,
  refuseUnauthorized,
  refuseUnlessRequester,
  type ApproverDecision,
} from '../../src/approvals/guards.js';
import type { Refusal, RefusalCode } from '../../src/approvals/refusal.js';

const T0 = Date.parse('2026-06-01T09:00:00Z');
const MIN = 60_000;

/** A fake clock: the kernel never reads the time itself, the tests move it. */
function fakeClock(start = T0) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

const ALLOWED: ApproverDecision = { allowed: true, via: 'user' };

/**
 * A small approval made of the kernel's guards, in the order both features apply them to a click:
 * status, expiry, self-approval, authorization, repeat; then the approval is added.
 */
function approve(
  req: { requester: string; status: string; expiresAt: number; minApprovals: number; approvals: Approval[] },
  by: string,
  decision: ApproverDecision,
  now: number,
) {
  const refusal = firstRefusal(
    refuseStatus(req.status, ['pending']),
    refuseExpired(req.expiresAt, now),
    refuseSelfApproval(by, req.requester),
    refuseUnauthorized(by, decision),
    refuseRepeat(req.approvals, by),
  );
  if (refusal || !decision.allowed) return { refusal };
  const added = addApproval(req.approvals, approvalBy(by, decision.via, now), req.minApprovals);
  return { approvals: added.approvals, status: added.reached ? 'approved' : 'pending' };
}

describe('approvals kernel: every refusal code', () => {
  const clock = fakeClock();
  const req = { requester: 'UREQ', status: 'pending', expiresAt: T0 + 60 * MIN, minApprovals: 1, approvals: [] as Approval[] };
  const cases: { code: RefusalCode; refusal: Refusal | undefined }[] = [
    { code: 'self-approval', refusal: refuseSelfApproval('UREQ', 'UREQ') },
    { code: 'not-an-approver', refusal: refuseUnauthorized('UX', { allowed: false, reason: 'you are not an approver for this' }) },
    { code: 'guest', refusal: refuseUnauthorized('UGUEST', { allowed: false, reason: 'guest accounts cannot approve', code: 'guest' }) },
    { code: 'already-decided', refusal: refuseRepeat([{ by: 'UA', at: T0, via: 'user' }], 'UA') },
    { code: 'expired', refusal: refuseExpired(T0, T0) },
    { code: 'wrong-state', refusal: refuseStatus<string>('approved', ['pending']) },
    { code: 'not-requester', refusal: refuseUnlessRequester('UA', 'UREQ') },
    { code: 'not-due', refusal: refuseNotDue(T0 + MIN, T0) },
  ];

  it.each(cases)('$code', ({ code, refusal }) => {
    expect(refusal?.code).toBe(code);
  });

  it('carries what the text needs', () => {
    expect(refuseSelfApproval('UREQ', 'UREQ')).toEqual({ code: 'self-approval', data: { by: 'UREQ' } });
    expect(refuseUnauthorized('UX', { allowed: false, reason: 'bots cannot approve', code: 'not-an-approver' })).toEqual({
      code: 'not-an-approver',
      data: { by: 'UX', reason: 'bots cannot approve' },
    });
    expect(refuseUnauthorized('UC', { allowed: false, reason: 'accounts from another organisation (Slack Connect) cannot approve', code: 'guest' })).toEqual({
      code: 'guest',
      data: { by: 'UC', reason: 'accounts from another organisation (Slack Connect) cannot approve' },
    });
    expect(refuseUnauthorized('UREQ', { allowed: false, reason: 'you cannot approve your own request', code: 'self-approval' })).toEqual({
      code: 'self-approval',
      data: { by: 'UREQ' },
    });
    expect(refuseExpired(T0, T0 + 5)).toEqual({ code: 'expired', data: { expiresAt: T0, now: T0 + 5 } });
    expect(refuseStatus('running', ['pending', 'planning'])).toEqual({ code: 'wrong-state', data: { status: 'running' } });
    expect(refuseUnlessRequester('UA', 'UREQ')).toEqual({ code: 'not-requester', data: { by: 'UA', requester: 'UREQ' } });
    expect(refuseNotDue(T0 + MIN, T0)).toEqual({ code: 'not-due', data: { dueAt: T0 + MIN, now: T0 } });
  });

  it('lets through what is allowed', () => {
    expect(refuseSelfApproval('UA', 'UREQ')).toBeUndefined();
    expect(refuseUnauthorized('UA', ALLOWED)).toBeUndefined();
    expect(refuseRepeat([{ by: 'UA', at: T0, via: 'user' }], 'UB')).toBeUndefined();
    expect(refuseStatus('pending', ['pending'])).toBeUndefined();
    expect(refuseUnlessRequester('UREQ', 'UREQ')).toBeUndefined();
    expect(refuseNotDue(T0, T0)).toBeUndefined();
    expect(approve(req, 'UA', ALLOWED, clock.now())).toEqual({ approvals: [{ by: 'UA', at: T0, via: 'user' }], status: 'approved' });
  });

  it('returns the first refusal in the order given, and refusals are returned, not thrown', () => {
    expect(firstRefusal(undefined, refuseSelfApproval('UREQ', 'UREQ'), refuseStatus<string>('approved', ['pending']))?.code).toBe('self-approval');
    expect(firstRefusal<Refusal>()).toBeUndefined();
    // An expired, already-approved request by its own requester: the status comes first.
    expect(approve({ ...req, status: 'approved' }, 'UREQ', ALLOWED, T0 + 2 * 60 * MIN).refusal?.code).toBe('wrong-state');
    expect(approve(req, 'UREQ', ALLOWED, T0 + 2 * 60 * MIN).refusal?.code).toBe('expired');
  });
});

describe('approvals kernel: quorum of 2', () => {
  it('stays pending after one approval, is approved by a second distinct approver, and counts a repeat once', () => {
    const clock = fakeClock();
    const req = { requester: 'UREQ', status: 'pending', expiresAt: T0 + 60 * MIN, minApprovals: 2, approvals: [] as Approval[] };
    const one = approve(req, 'UA', ALLOWED, clock.now());
    expect(one.status).toBe('pending');
    expect(approvalsMissing(one.approvals!, 2)).toBe(1);
    clock.advance(MIN);
    const again = approve({ ...req, approvals: one.approvals! }, 'UA', ALLOWED, clock.now());
    expect(again.refusal).toEqual({ code: 'already-decided', data: { by: 'UA' } });
    const two = approve({ ...req, approvals: one.approvals! }, 'UB', { allowed: true, via: 'usergroup' }, clock.now());
    expect(two.status).toBe('approved');
    expect(two.approvals).toEqual([
      { by: 'UA', at: T0, via: 'user' },
      { by: 'UB', at: T0 + MIN, via: 'usergroup' },
    ]);
    expect(quorumReached(two.approvals!, 2)).toBe(true);
    expect(approvalsMissing(two.approvals!, 2)).toBe(0);
  });

  it('counts distinct people, not approvals', () => {
    const twice = [
      { by: 'UA', at: T0, via: 'user' as const },
      { by: 'UA', at: T0 + 1, via: 'user' as const },
    ];
    expect(distinctApprovers(twice)).toEqual(['UA']);
    expect(quorumReached(twice, 2)).toBe(false);
    expect(addApproval(twice, { by: 'UB', at: T0 + 2, via: 'user' }, 2).reached).toBe(true);
  });
});

describe('approvals kernel: expiry at the exact boundary', () => {
  it('is still open one millisecond before expiresAt and expired at expiresAt itself', () => {
    const expiresAt = T0 + 60 * MIN;
    const clock = fakeClock(expiresAt - 1);
    const req = { requester: 'UREQ', status: 'pending', expiresAt, minApprovals: 1, approvals: [] as Approval[] };
    expect(isExpired(expiresAt, clock.now())).toBe(false);
    expect(approve(req, 'UA', ALLOWED, clock.now()).status).toBe('approved');
    clock.advance(1);
    expect(isExpired(expiresAt, clock.now())).toBe(true);
    expect(approve(req, 'UA', ALLOWED, clock.now()).refusal).toEqual({ code: 'expired', data: { expiresAt, now: expiresAt } });
  });

  it('a time-driven step is due at its time exactly, not a millisecond before', () => {
    expect(refuseNotDue(T0, T0 - 1)?.code).toBe('not-due');
    expect(refuseNotDue(T0, T0)).toBeUndefined();
  });
});

describe('approvals kernel: one clock unit, both stored shapes read', () => {
  it('reads an approval stored with ISO time (remediation requests) and with ms (access requests) alike', () => {
    expect(readApproval({ by: 'UA', at: '2026-06-01T09:00:00.000Z', via: 'user' })).toEqual({ by: 'UA', at: T0, via: 'user' });
    expect(readApproval({ by: 'UA', at: T0, via: 'breakglass' })).toEqual({ by: 'UA', at: T0, via: 'breakglass' });
    expect(approvalAt({ by: 'UA', at: '2026-06-01T09:00:00Z', via: 'user' })).toBe(T0);
  });

  it('writes the ISO shape back unchanged', () => {
    const stored = { by: 'policy', at: '2026-06-01T09:00:00.000Z', via: 'policy' as const };
    expect(isoApproval(readApproval(stored))).toEqual(stored);
  });
});
