import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditInput } from '../../src/audit/log.js';
import type { AwsClients } from '../../src/aws/clients.js';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import type { OutboundMessage } from '../../src/notify/outbox.js';
import { Keys } from '../../src/redis/keys.js';
import type { Verification } from '../../src/remediations/engine.js';
import { StopRetrying } from '../../src/queues/retry.js';
import { leaseSlots, RemediationFlow, type RemediationDeps } from '../../src/remediations/flow.js';
import { RequestStore } from '../../src/remediations/store.js';
import type { ApplyResult, Plan, Remediation } from '../../src/remediations/types.js';
import { testIntegrity } from '../helpers/integrity.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const APPROVALS = 'C0APPROVALS';
const REQUESTER = 'U0REQUESTER';
const APPROVER_A = 'U0APPROVERA';
const APPROVER_B = 'U0APPROVERB';
const FIRST_TRY = { made: 0, max: 5 };

/** A fix of the catalog that touches nothing: its plan and apply say what the test wants. */
function fakeRemediation(behaviour: { plan?: () => Promise<Plan>; apply?: () => Promise<ApplyResult> } = {}): Remediation {
  return {
    id: 'kms-enable-key-rotation',
    fixes: ['kms_customer_keys_rotation'],
    title: 'Turn on key rotation',
    changes: 'Turns on yearly rotation of the key.',
    risk: 'low',
    permissions: ['kms:EnableKeyRotation'],
    target: 'resource',
    validate: (target) => (target.resource ? undefined : 'this fix needs the key'),
    plan:
      behaviour.plan ??
      (async () => ({ compliant: false, current: 'rotation is off', calls: [{ action: 'kms:EnableKeyRotation', params: { KeyId: 'key-1' } }] })),
    apply:
      behaviour.apply ??
      (async () => ({ outcome: 'changed', summary: 'rotation turned on', calls: [{ action: 'kms:EnableKeyRotation', params: { KeyId: 'key-1' } }] })),
  };
}

describe('RemediationFlow (fakes, a fake clock, the real request store)', () => {
  const prefix = uniquePrefix('remediation-flow');
  let redis: Redis;
  let clock: Date;
  let sent: OutboundMessage[];
  let queued: { name: 'plan' | 'apply'; requestId: string }[];
  let staged: AuditInput[];
  let appended: AuditInput[];
  let refused: AuditInput[];
  let slept: number[];
  let verification: Verification[];

  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
  });
  beforeEach(() => {
    clock = new Date('2026-03-01T09:00:00Z');
    sent = [];
    queued = [];
    staged = [];
    appended = [];
    refused = [];
    slept = [];
    verification = [];
  });

  function flow(options: { minApprovals?: number; verifyAttempts?: number; remediation?: Remediation } = {}): RemediationFlow {
    const keys = new Keys(`${prefix}:${Math.random().toString(36).slice(2)}`);
    const config = configSchema.parse({
      channels: { approvals: APPROVALS },
      approvers: { users: [APPROVER_A, APPROVER_B, REQUESTER] },
      remediation: { minApprovals: options.minApprovals ?? 1, requestTtl: '1h', verifyAttempts: options.verifyAttempts ?? 1, verifyDelay: '5s' },
    });
    const remediation = options.remediation ?? fakeRemediation();
    const deps: RemediationDeps = {
      config,
      log: createLogger('silent'),
      requests: new RequestStore(redis, keys, testIntegrity()),
      slots: leaseSlots(redis, keys),
      outbox: {
        send: async (...messages) => void sent.push(...messages),
        sendWith: async (messages) => void sent.push(...messages),
        lookupRef: async () => undefined,
      },
      audit: {
        stage: (input) => {
          staged.push(input);
          return JSON.stringify(input);
        },
        drain: async () => 0,
        append: async (input) => {
          appended.push(input);
          return { seq: appended.length, at: clock.toISOString(), ...input, detail: input.detail ?? {}, prev: '', hash: '' } as never;
        },
        refused: async (input) => void refused.push(input),
      },
      approvers: {
        check: async (userId, rules, { requester } = {}) =>
          userId === requester
            ? { allowed: false, reason: 'you cannot approve your own request' }
            : rules.users.includes(userId)
              ? { allowed: true, via: 'user' }
              : { allowed: false, reason: 'you are not an approver for this' },
        isGuest: async () => false,
      },
      now: () => clock,
      clientsFor: () => ({}) as AwsClients,
      defaultRegion: 'eu-west-1',
      jobs: {
        plan: async (requestId) => void queued.push({ name: 'plan', requestId }),
        apply: async (requestId) => void queued.push({ name: 'apply', requestId }),
        applyState: async () => ({ state: 'active' }),
      },
      fixResolver: { resolve: async () => ({ error: 'not used here' }) },
      fixVerifier: { verify: async () => verification.shift() ?? { status: 'error', message: 'no verification was scripted' } },
      findRemediation: (id) => (id === remediation.id ? remediation : undefined),
      sleep: async (ms) => {
        slept.push(ms);
        clock = new Date(clock.getTime() + ms);
      },
    };
    return new RemediationFlow(deps);
  }

  /** A request asked for by the requester and planned: `pending`. */
  async function pendingRequest(f: RemediationFlow): Promise<string> {
    const created = await f.create({
      remediationId: 'kms-enable-key-rotation',
      target: { resource: 'key-1' },
      requestedBy: REQUESTER,
      source: { kind: 'check', id: 'kms_key_rotation' },
    });
    if (!created.ok) throw new Error(created.error);
    expect(await f.plan(created.request.id, FIRST_TRY)).toEqual({ status: 'pending' });
    return created.request.id;
  }

  const lastApprovalMessage = (id: string) => sent.filter((m) => m.kind === 'update' && m.ref === `remediation:${id}:approval`).at(-1);

  it('plans a new request: pending, with the plan and Approve / Reject on its approval message', async () => {
    const f = flow();
    const created = await f.create({
      remediationId: 'kms-enable-key-rotation',
      target: { resource: 'key-1' },
      requestedBy: REQUESTER,
      source: { kind: 'check', id: 'kms_key_rotation' },
    });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.request.id : '';
    expect(queued).toEqual([{ name: 'plan', requestId: id }]);
    expect(sent[0]).toMatchObject({ kind: 'post', channel: APPROVALS, ref: `remediation:${id}:approval` });

    expect(await f.plan(id, FIRST_TRY)).toEqual({ status: 'pending' });
    const message = lastApprovalMessage(id);
    expect(message?.text).toMatch(/pending/);
    expect(JSON.stringify(message?.blocks)).toContain('rotation is off');
    expect(JSON.stringify(message?.blocks)).toContain('remediation_approve');
    expect(staged.map((e) => e.action)).toEqual(['remediation.requested', 'remediation.planned']);
    // Planning twice changes nothing.
    expect(await f.plan(id, FIRST_TRY)).toEqual({ status: 'pending', skipped: 'already planned' });

    // A second ask for the same fix and target while it is open gets the open request.
    const again = await f.create({
      remediationId: 'kms-enable-key-rotation',
      target: { resource: 'key-1' },
      requestedBy: APPROVER_A,
      source: { kind: 'check', id: 'kms_key_rotation' },
    });
    expect(again).toMatchObject({ ok: true, existing: true, request: { id } });
  });

  it('queues the fix only at the quorum, never counting the requester, then applies and verifies it', async () => {
    const f = flow({ minApprovals: 2 });
    const id = await pendingRequest(f);
    expect(await f.decide({ requestId: id, userId: REQUESTER, decision: 'approve' })).toEqual({
      kind: 'refused',
      reason: 'you cannot approve your own request',
    });
    expect(refused.map((e) => e.action)).toEqual(['remediation.approve-refused']);
    expect(await f.decide({ requestId: id, userId: APPROVER_A, decision: 'approve' })).toEqual({
      kind: 'approved',
      requestId: id,
      queued: false,
      remaining: 1,
    });
    // The same approver twice still counts once.
    expect(await f.decide({ requestId: id, userId: APPROVER_A, decision: 'approve' })).toMatchObject({ kind: 'refused' });
    expect(queued.filter((j) => j.name === 'apply')).toEqual([]);
    expect(await f.decide({ requestId: id, userId: APPROVER_B, decision: 'approve' })).toEqual({ kind: 'approved', requestId: id, queued: true, remaining: 0 });
    expect(queued.filter((j) => j.name === 'apply')).toEqual([{ name: 'apply', requestId: id }]);

    verification.push({ status: 'pass', message: 'key-1 rotates yearly' });
    expect(await f.apply(id, FIRST_TRY)).toEqual({ status: 'succeeded' });
    expect(appended.map((e) => e.action)).toEqual(['remediation.applied', 'remediation.verified']);
    expect(lastApprovalMessage(id)?.text).toMatch(/succeeded/);
    // The requester (no origin message) is told by DM.
    expect(sent.filter((m) => m.kind === 'post' && m.channel === REQUESTER).map((m) => m.text)).toEqual([expect.stringMatching(/done and verified/)]);
  });

  it('expires a pending request once the clock passes its expiry, and a late approval changes nothing', async () => {
    const f = flow();
    const id = await pendingRequest(f);
    expect(await f.sweep()).toEqual({ status: 'swept', expired: 0, requeued: 0 });

    clock = new Date(clock.getTime() + 60 * 60_000 + 1);
    expect(await f.sweep()).toEqual({ status: 'swept', expired: 1, requeued: 0 });
    expect(staged.map((e) => e.action)).toContain('remediation.expired');
    expect(lastApprovalMessage(id)?.text).toMatch(/expired/);
    expect(sent.filter((m) => m.kind === 'post' && m.channel === REQUESTER).map((m) => m.text)).toEqual([
      expect.stringMatching(/expired without enough approvals/),
    ]);

    expect(await f.decide({ requestId: id, userId: APPROVER_A, decision: 'approve' })).toMatchObject({ kind: 'refused' });
    expect(queued.filter((j) => j.name === 'apply')).toEqual([]);
  });

  it('fails the request when the fix cannot be verified, after trying again without a real timer', async () => {
    const f = flow({ verifyAttempts: 2 });
    const id = await pendingRequest(f);
    await f.decide({ requestId: id, userId: APPROVER_A, decision: 'approve' });
    verification.push({ status: 'fail', message: 'key-1 does not rotate' }, { status: 'fail', message: 'key-1 still does not rotate' });
    expect(await f.apply(id, FIRST_TRY)).toEqual({ status: 'failed' });
    expect(slept).toEqual([5000]);
    expect(staged.filter((e) => e.action === 'remediation.failed')).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ stage: 'verify' }) }),
    ]);
    expect(lastApprovalMessage(id)?.text).toMatch(/failed/);
    expect(sent.filter((m) => m.kind === 'post' && m.channel === REQUESTER).map((m) => m.text)).toEqual([expect.stringMatching(/your fix failed/)]);
  });

  it('stops retrying at once when AWS denies the fix, and names the missing permission', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform kms:EnableKeyRotation'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    const f = flow({ remediation: fakeRemediation({ apply: () => Promise.reject(denied) }) });
    const id = await pendingRequest(f);
    await f.decide({ requestId: id, userId: APPROVER_A, decision: 'approve' });
    await expect(f.apply(id, FIRST_TRY)).rejects.toBeInstanceOf(StopRetrying);
    expect(lastApprovalMessage(id)?.text).toMatch(/failed/);
    expect(JSON.stringify(lastApprovalMessage(id)?.blocks)).toContain('kms:EnableKeyRotation');
  });

  it('retries a throttled fix until its last attempt, then fails the request', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    const f = flow({ remediation: fakeRemediation({ apply: () => Promise.reject(throttled) }) });
    const id = await pendingRequest(f);
    await f.decide({ requestId: id, userId: APPROVER_A, decision: 'approve' });
    await expect(f.apply(id, { made: 0, max: 2 })).rejects.toBe(throttled);
    expect(lastApprovalMessage(id)?.text).toMatch(/running/);
    await expect(f.apply(id, { made: 1, max: 2 })).rejects.toBe(throttled);
    expect(lastApprovalMessage(id)?.text).toMatch(/failed/);
  });
});
