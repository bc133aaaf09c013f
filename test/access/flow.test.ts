import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApproverDecision } from '../../src/approvals/guards.js';
import { AccessFlow, type AccessDeps } from '../../src/access/flow.js';
import { AccessError } from '../../src/access/state.js';
import { AuditLog } from '../../src/audit/log.js';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import type { OutboundMessage } from '../../src/notify/outbox.js';
import { Keys } from '../../src/redis/keys.js';
import { testAuditKey } from '../helpers/audit-key.js';
import { testIntegrity } from '../helpers/integrity.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const H = 3_600_000;
const ROLE_ARN = 'arn:aws:iam::123456789012:role/gdpr-jit-prod';

/**
 * The access flow on its own: the real store on the test Redis, the real audit log, fakes for the
 * approvers, the outbox, the queues and Slack, and a clock the test moves. No bot is started.
 */
describe('AccessFlow (fake clock, fakes around the real store)', () => {
  const prefix = uniquePrefix('access-flow');
  const keys = new Keys(prefix);
  const redis = testRedis();
  let now = Date.UTC(2026, 11, 3, 9);
  const audit = new AuditLog(redis, keys, { key: testAuditKey(), now: () => new Date(now) });
  let sent: OutboundMessage[] = [];
  let jobs: { queue: string; name: string; data: unknown; opts: { delay?: number; jobId?: string } }[] = [];
  const config = configSchema.parse({
    approvers: { users: ['U0APPR1', 'U0APPR2'] },
    channels: { approvals: 'C0APPR' },
    access: {
      revokers: [{ account: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/gdpr-bot-jit-revoker' }],
      roles: [{ name: 'prod', arn: ROLE_ARN, maxDuration: '4h', minApprovals: 2 }],
    },
  });
  const role = config.access.roles[0]!;
  const approvers = {
    isGuest: async (user: string) => user.startsWith('UGUEST'),
    check: async (user: string, rules: { users: string[] }): Promise<ApproverDecision> =>
      rules.users.includes(user) ? { allowed: true, via: 'user' } : { allowed: false, reason: 'you are not an approver for this' },
  };
  const deps = {
    config,
    log: createLogger('silent'),
    redis,
    keys,
    integrity: testIntegrity(),
    audit,
    approvers,
    now: () => new Date(now),
    outbox: { send: async (...m: OutboundMessage[]) => void sent.push(...m) },
    slack: { conversations: { open: async ({ users }: { users: string }) => ({ channel: { id: `D${users.slice(1)}` } }) } },
    queues: {
      get: (queue: string) => ({
        add: async (name: string, data: unknown, opts: { delay?: number; jobId?: string } = {}) => {
          jobs.push({ queue, name, data, opts });
          return { remove: async () => undefined };
        },
      }),
    },
  } as unknown as AccessDeps;
  const flow = new AccessFlow(deps);

  beforeEach(() => {
    sent = [];
    jobs = [];
  });
  afterAll(async () => {
    await audit.close();
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  const actions = async (id: string) => (await audit.tail(200)).filter((e) => e.subject === id).map((e) => e.action);

  it('waits for two approvers; the requester, a non-approver and a second click of the same approver do not count', async () => {
    const request = await flow.submit('U0REQ', { role, durationMs: 2 * H, justification: 'migrate the orders table' });
    expect(request.status).toBe('pending');
    expect(sent.some((m) => m.kind === 'post' && m.channel === 'C0APPR')).toBe(true);
    // The look at it when its time to be decided runs out, with ids only in the job.
    expect(jobs).toEqual([
      { queue: 'access-lifecycle', name: 'advance', data: { requestId: request.id }, opts: expect.objectContaining({ delay: config.access.requestTtl }) },
    ]);

    await expect(flow.approve(request.id, 'U0REQ')).rejects.toBeInstanceOf(AccessError);
    await expect(flow.approve(request.id, 'U0NOBODY')).rejects.toThrow(/not an approver/);
    expect((await flow.approve(request.id, 'U0APPR1')).after).toMatchObject({ status: 'pending', approvals: [expect.objectContaining({ by: 'U0APPR1' })] });
    await expect(flow.approve(request.id, 'U0APPR1')).rejects.toBeInstanceOf(AccessError);
    jobs = [];
    expect((await flow.approve(request.id, 'U0APPR2')).after.status).toBe('approved');
    expect(jobs.map((j) => [j.name, j.opts.delay])).toEqual([['advance', 0]]);
    expect(await actions(request.id)).toEqual(['access.requested', 'access.approved', 'access.approved', 'access.granted']);
  });

  it('time moves a grant on: activated, warned before its end, expired, each once however often it is advanced', async () => {
    const request = await flow.submit('U0REQ', { role, durationMs: 2 * H, justification: 'rotate the database password' });
    await flow.approve(request.id, 'U0APPR1');
    await flow.approve(request.id, 'U0APPR2');
    expect(await flow.advance(request.id)).toEqual(['activate']);
    const active = (await flow.store.get(request.id))!;
    expect(active).toMatchObject({ status: 'active', grantStart: now, grantEnd: now + 2 * H });
    expect(await flow.advance(request.id)).toEqual([]);
    // The next look is scheduled for the warning.
    expect(jobs.at(-1)).toMatchObject({ name: 'advance', opts: { delay: 2 * H - config.access.expiryWarning } });

    now = active.grantEnd! - config.access.expiryWarning;
    sent = [];
    expect(await flow.advance(request.id)).toEqual(['warn']);
    expect(sent).toEqual([expect.objectContaining({ kind: 'post', channel: 'D0REQ' })]);
    expect(await flow.advance(request.id)).toEqual([]);

    now = active.grantEnd! + 1;
    expect(await flow.advance(request.id)).toEqual(['expire']);
    expect((await flow.store.get(request.id))!.status).toBe('expired');
    expect(await flow.advance(request.id)).toEqual([]);
    expect(await actions(request.id)).toEqual(expect.arrayContaining(['access.activated', 'access.warned', 'access.expired']));
    await expect(flow.requestCredentials({ grantId: request.id, userId: 'U0REQ', kind: 'cli', clickId: 'c1' })).rejects.toThrow(/no longer gives credentials/);
  });

  it('a request nobody decides lapses at the end of requestTtl, and the sweep finds it without its job', async () => {
    const request = await flow.submit('U0REQ', { role, durationMs: H, justification: 'look at a customer ticket' });
    now += config.access.requestTtl - 1;
    await flow.sweep();
    expect((await flow.store.get(request.id))!.status).toBe('pending');
    now += 1;
    expect(await flow.sweep()).toBeGreaterThanOrEqual(1);
    expect((await flow.store.get(request.id))!.status).toBe('expired');
    expect(await actions(request.id)).toContain('access.expired');
    await expect(flow.approve(request.id, 'U0APPR1')).rejects.toBeInstanceOf(AccessError);
  });

  it('refuses a guest before anything is stored', async () => {
    await expect(flow.submit('UGUEST1', { role, durationMs: H, justification: 'curious' })).rejects.toThrow(/Guest accounts/);
    expect(jobs).toEqual([]);
    expect(sent).toEqual([]);
  });
});
