import { describe, expect, it } from 'vitest';
import type { ApproverDecision } from '../../src/access/approvers.js';
import { refusalText } from '../../src/remediations/messages.js';
import {
  checkToVerify,
  REQUEST_STATUSES,
  targetFromOutside,
  transition as pureTransition,
  type RemediationRequest,
  type RequestEvent,
  type RequestEventType,
  type RequestStatus,
} from '../../src/remediations/state.js';
import type { ApplyResult, Plan } from '../../src/remediations/types.js';

/** The transition with its typed refusal in the words the clicker reads (`refusalText` of messages.ts), as the store returns it. */
function transition(request: RemediationRequest, event: RequestEvent, now: Date) {
  const result = pureTransition(request, event, now);
  return { ...result, refused: result.refusal ? refusalText(result.refusal, event.type) : undefined };
}

const T0 = new Date('2026-01-01T10:00:00Z');
const LATER = new Date('2026-01-01T11:00:00Z');
const AFTER_EXPIRY = new Date('2026-01-02T10:00:01Z');
const ALLOWED: ApproverDecision = { allowed: true, via: 'user' };
const PLAN: Plan = { compliant: false, current: 'off', calls: [{ action: 'ec2:EnableEbsEncryptionByDefault', params: {} }] };
const RESULT: ApplyResult = { outcome: 'changed', summary: 'on now', calls: PLAN.calls };

function request(status: RequestStatus, patch: Partial<RemediationRequest> = {}): RemediationRequest {
  return {
    id: 'R0000000001',
    remediation: 'ebs-enable-default-encryption',
    target: { region: 'eu-west-1' },
    requestedBy: 'UREQUESTER',
    source: { kind: 'check', id: 'ebs_default_encryption' },
    createdAt: T0.toISOString(),
    expiresAt: new Date(T0.getTime() + 24 * 3600_000).toISOString(),
    updatedAt: T0.toISOString(),
    minApprovals: 1,
    status,
    approvals: [],
    version: 1,
    ...(status === 'pending' ? { plan: PLAN } : {}),
    ...patch,
  };
}

const EVENTS: Record<RequestEventType, RequestEvent> = {
  planned: { type: 'planned', plan: PLAN },
  'plan-failed': { type: 'plan-failed', reason: 'AccessDenied' },
  approve: { type: 'approve', by: 'UAPPROVER1', authz: ALLOWED },
  'auto-approve': { type: 'auto-approve' },
  reject: { type: 'reject', by: 'UAPPROVER1', authz: ALLOWED },
  expire: { type: 'expire' },
  start: { type: 'start' },
  succeed: { type: 'succeed', result: RESULT, verification: { status: 'pass', message: 'ok' } },
  fail: { type: 'fail', reason: 'boom' },
};

/** Status after each event from each status at LATER (before expiry); `=` means unchanged. */
const TABLE: Record<RequestStatus, Record<RequestEventType, RequestStatus | '='>> = {
  planning: {
    planned: 'pending',
    'plan-failed': 'failed',
    approve: '=',
    'auto-approve': '=',
    reject: 'rejected',
    expire: '=',
    start: '=',
    succeed: '=',
    fail: '=',
  },
  pending: {
    planned: '=',
    'plan-failed': '=',
    approve: 'approved',
    'auto-approve': 'approved',
    reject: 'rejected',
    expire: '=',
    start: '=',
    succeed: '=',
    fail: '=',
  },
  approved: { planned: '=', 'plan-failed': '=', approve: '=', 'auto-approve': '=', reject: '=', expire: '=', start: 'running', succeed: '=', fail: 'failed' },
  running: { planned: '=', 'plan-failed': '=', approve: '=', 'auto-approve': '=', reject: '=', expire: '=', start: '=', succeed: 'succeeded', fail: 'failed' },
  succeeded: { planned: '=', 'plan-failed': '=', approve: '=', 'auto-approve': '=', reject: '=', expire: '=', start: '=', succeed: '=', fail: '=' },
  failed: { planned: '=', 'plan-failed': '=', approve: '=', 'auto-approve': '=', reject: '=', expire: '=', start: '=', succeed: '=', fail: '=' },
  rejected: { planned: '=', 'plan-failed': '=', approve: '=', 'auto-approve': '=', reject: '=', expire: '=', start: '=', succeed: '=', fail: '=' },
  expired: { planned: '=', 'plan-failed': '=', approve: '=', 'auto-approve': '=', reject: '=', expire: '=', start: '=', succeed: '=', fail: '=' },
};

describe('transition: every status × event', () => {
  const cases = REQUEST_STATUSES.flatMap((status) =>
    (Object.keys(EVENTS) as RequestEventType[]).map((event) => [status, event, TABLE[status][event]] as const),
  );
  it.each(cases)('%s + %s → %s', (status, event, expected) => {
    const before = request(status);
    const result = transition(before, EVENTS[event], LATER);
    if (expected === '=') {
      expect(result.changed).toBe(false);
      expect(result.request).toBe(before);
    } else {
      expect(result.changed).toBe(true);
      expect(result.request.status).toBe(expected);
      expect(result.request.version).toBe(before.version + 1);
      expect(result.request.updatedAt).toBe(LATER.toISOString());
      expect(result.refused).toBeUndefined();
    }
  });

  it('every final status refuses every event with a reason', () => {
    for (const status of ['succeeded', 'failed', 'rejected', 'expired'] as const) {
      for (const event of Object.values(EVENTS)) expect(transition(request(status), event, LATER).refused).toMatch(/this request is/);
    }
  });
});

describe('transition: what a plan resolved becomes part of the target', () => {
  const selector = { resource: 'arn:aws:iam::111122223333:user/alice', keySelector: { kind: 'older-than', days: 90 } } as const;
  const keyPlan: Plan = { ...PLAN, resolved: { accessKeyIds: ['AKIAOLDOLDEXAMPLE001'] } };

  it('records the exact keys the plan selected on the target, keeping the rest of it', () => {
    const result = transition(request('planning', { target: selector }), { type: 'planned', plan: keyPlan }, LATER);
    expect(result.request.status).toBe('pending');
    expect(result.request.target).toEqual({ ...selector, accessKeyIds: ['AKIAOLDOLDEXAMPLE001'] });
  });

  it('leaves the target alone for a plan that resolved nothing, and never changes it after planning', () => {
    expect(transition(request('planning', { target: selector }), EVENTS.planned, LATER).request.target).toEqual(selector);
    const pending = request('pending', { target: { ...selector, accessKeyIds: ['AKIAOLDOLDEXAMPLE001'] } });
    const again = transition(pending, { type: 'planned', plan: { ...PLAN, resolved: { accessKeyIds: ['AKIAFRESHFEXAMPLE002'] } } }, LATER);
    expect(again.changed).toBe(false);
    expect(again.request.target.accessKeyIds).toEqual(['AKIAOLDOLDEXAMPLE001']);
  });
});

describe('transition: who may approve', () => {
  it('refuses self-approval, even from someone the rules allow (an admin)', () => {
    const result = transition(request('pending'), { type: 'approve', by: 'UREQUESTER', authz: ALLOWED }, LATER);
    expect(result).toMatchObject({ changed: false, refused: 'you cannot approve your own request' });
    expect(result.refusal).toEqual({ code: 'self-approval', data: { by: 'UREQUESTER' } });
  });

  it('refuses a non-approver with the authorization reason', () => {
    const result = transition(
      request('pending'),
      { type: 'approve', by: 'UOTHER', authz: { allowed: false, reason: 'you are not an approver for this' } },
      LATER,
    );
    expect(result).toMatchObject({ changed: false, refused: 'you are not an approver for this' });
  });

  it('refuses a guest', () => {
    const result = transition(request('pending'), { type: 'approve', by: 'UGUEST', authz: { allowed: false, reason: 'guest accounts cannot approve' } }, LATER);
    expect(result).toMatchObject({ changed: false, refused: 'guest accounts cannot approve' });
  });

  it('refuses a rejection from a non-approver but lets the requester withdraw', () => {
    expect(transition(request('pending'), { type: 'reject', by: 'UOTHER', authz: { allowed: false, reason: 'nope' } }, LATER).changed).toBe(false);
    const withdrawn = transition(
      request('pending'),
      { type: 'reject', by: 'UREQUESTER', authz: { allowed: false, reason: 'you cannot approve your own request' } },
      LATER,
    );
    expect(withdrawn.request).toMatchObject({ status: 'rejected', rejectedBy: 'UREQUESTER' });
  });

  it('records "policy" as the approver of an automatic fix', () => {
    const result = transition(request('pending'), { type: 'auto-approve' }, LATER);
    expect(result.request.approvals).toEqual([{ by: 'policy', at: LATER.toISOString(), via: 'policy' }]);
  });
});

describe('transition: quorum of 2', () => {
  const pending = request('pending', { minApprovals: 2 });

  it('stays pending after one approval and is approved by a second, distinct approver', () => {
    const one = transition(pending, { type: 'approve', by: 'UAPPROVER1', authz: ALLOWED }, LATER);
    expect(one.request.status).toBe('pending');
    expect(one.request.approvals).toHaveLength(1);
    const two = transition(one.request, { type: 'approve', by: 'UAPPROVER2', authz: { allowed: true, via: 'usergroup' } }, LATER);
    expect(two.request.status).toBe('approved');
    expect(two.request.approvals.map((a) => a.by)).toEqual(['UAPPROVER1', 'UAPPROVER2']);
  });

  it('counts the same approver once (double click)', () => {
    const one = transition(pending, { type: 'approve', by: 'UAPPROVER1', authz: ALLOWED }, LATER);
    const again = transition(one.request, { type: 'approve', by: 'UAPPROVER1', authz: ALLOWED }, LATER);
    expect(again).toMatchObject({ changed: false, refused: 'you have already approved this request', refusal: { code: 'already-decided' } });
    expect(again.request.status).toBe('pending');
  });
});

describe('transition: expiry', () => {
  it('expires a pending request past its TTL instead of approving it', () => {
    const result = transition(request('pending'), EVENTS.approve, AFTER_EXPIRY);
    expect(result.changed).toBe(true);
    expect(result.request.status).toBe('expired');
    expect(result.refused).toMatch(/expired/);
    expect(result.refusal).toMatchObject({ code: 'expired' });
  });

  it('expires pending and planning requests on the sweep only once they are due', () => {
    expect(transition(request('pending'), EVENTS.expire, LATER).changed).toBe(false);
    expect(transition(request('pending'), EVENTS.expire, AFTER_EXPIRY).request.status).toBe('expired');
    expect(transition(request('planning'), EVENTS.expire, AFTER_EXPIRY).request.status).toBe('expired');
  });

  it('never expires an approved or running request', () => {
    expect(transition(request('approved'), EVENTS.expire, AFTER_EXPIRY).request.status).toBe('approved');
    expect(transition(request('running'), EVENTS.expire, AFTER_EXPIRY).request.status).toBe('running');
  });
});

describe('transition: verification decides the outcome', () => {
  it.each(['fail', 'error'] as const)('a fix whose verification is %s is failed, not succeeded', (status) => {
    const result = transition(request('running'), { type: 'succeed', result: RESULT, verification: { status, message: 'still public' } }, LATER);
    expect(result.request.status).toBe('failed');
    expect(result.request.error).toMatch(/still public/);
  });
});

describe('request sources', () => {
  it('checks the account of targets from findings and restores, and verifies by the check only for check and command requests', () => {
    expect(targetFromOutside({ kind: 'finding', id: 'gd-1' })).toBe(true);
    expect(targetFromOutside({ kind: 'restore', id: 'R0000000001' })).toBe(true);
    expect(targetFromOutside({ kind: 'check', id: 'ebs_default_encryption' })).toBe(false);
    expect(targetFromOutside({ kind: 'command', id: 'ebs_default_encryption' })).toBe(false);
    expect(checkToVerify({ kind: 'check', id: 'ebs_default_encryption' })).toBe('ebs_default_encryption');
    expect(checkToVerify({ kind: 'command', id: 'ebs_default_encryption' })).toBe('ebs_default_encryption');
    expect(checkToVerify({ kind: 'finding', id: 'gd-1' })).toBeUndefined();
    expect(checkToVerify({ kind: 'restore', id: 'R0000000001' })).toBeUndefined();
  });
});
