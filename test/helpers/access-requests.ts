import type { AccessRequest } from '../../src/access/state.js';

/** The moment the access test requests are made at, and a minute. */
export const T0 = Date.parse('2025-03-01T10:00:00Z');
export const MIN = 60_000;
/** An approver's decision that allows. */
export const yes = { allowed: true, via: 'user' } as const;

/** A pending one-hour grant request of `UREQ` for `prod-readonly`, with `overrides`. */
export function request(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: 'ax-0000aaaa',
    kind: 'grant',
    requester: 'UREQ',
    role: 'prod-readonly',
    roleArn: 'arn:aws:iam::123456789012:role/ro',
    durationMs: 60 * MIN,
    justification: 'incident',
    breakglass: false,
    minApprovals: 1,
    status: 'pending',
    createdAt: T0,
    pendingUntil: T0 + 120 * MIN,
    approvals: [],
    version: 1,
    ...overrides,
  };
}

/** That request approved by `UAPP1` and active from T0 for an hour. */
export const active = (o: Partial<AccessRequest> = {}) =>
  request({ status: 'active', approvals: [{ by: 'UAPP1', at: T0, via: 'user' }], grantStart: T0, grantEnd: T0 + 60 * MIN, ...o });
