import { GetRoleCommand, GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Revocation, type RevocationDeps } from '../../src/access/revocation.js';
import { REVOCATION_POLICY_NAME } from '../../src/access/revoke.js';
import type { AccessRequest } from '../../src/access/state.js';
import type { AuditInput } from '../../src/audit/log.js';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import type { OutboundMessage } from '../../src/notify/outbox.js';
import { StopRetrying } from '../../src/queues/retry.js';
import { Keys } from '../../src/redis/keys.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/gdpr-jit-readonly`;
const AUDIT_CHANNEL = 'C0AUDIT';
const REVOKED_AT = Date.parse('2026-03-01T10:00:00Z');

const grant: AccessRequest = {
  id: 'ax-00000001',
  kind: 'grant',
  requester: 'U0GRANTEE',
  role: 'readonly',
  roleArn: ROLE_ARN,
  durationMs: 3_600_000,
  justification: 'incident 42',
  breakglass: false,
  minApprovals: 1,
  status: 'revoked',
  createdAt: REVOKED_AT - 600_000,
  pendingUntil: REVOKED_AT,
  approvals: [],
  decidedBy: 'system',
  decidedAt: REVOKED_AT,
  grantStart: REVOKED_AT - 300_000,
  grantEnd: REVOKED_AT + 3_300_000,
  version: 4,
};

describe('Revocation (IAM mocked, fakes for the rest, a fake clock)', () => {
  const iam = mockClient(IAMClient);
  const prefix = uniquePrefix('revocation');
  let redis: Redis;
  let policy: string | undefined;
  let audited: AuditInput[];
  let sent: OutboundMessage[];
  let recorded: string[];
  let resolved: string[];
  let cleanups: { grantId: string; issuedBefore: number; delayMs: number }[];

  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(async () => {
    iam.restore();
    await cleanupPrefix(prefix);
    redis.disconnect();
  });
  beforeEach(() => {
    policy = undefined;
    audited = [];
    sent = [];
    recorded = [];
    resolved = [];
    cleanups = [];
    iam.reset();
    iam.on(GetRoleCommand).resolves({ Role: { Arn: ROLE_ARN, RoleName: 'gdpr-jit-readonly', Path: '/', RoleId: 'AROA1', CreateDate: new Date(0) } });
    iam.on(GetRolePolicyCommand).callsFake(() => {
      if (!policy) throw Object.assign(new Error('no such policy'), { name: 'NoSuchEntityException' });
      return { RoleName: 'gdpr-jit-readonly', PolicyName: REVOCATION_POLICY_NAME, PolicyDocument: encodeURIComponent(policy) };
    });
    iam.on(PutRolePolicyCommand).callsFake((input: { PolicyDocument: string }) => {
      policy = input.PolicyDocument;
      return {};
    });
  });
  afterEach(() => iam.reset());

  function revocation(): Revocation {
    const config = configSchema.parse({
      channels: { audit: AUDIT_CHANNEL },
      access: {
        revokers: [{ account: ACCOUNT, roleArn: `arn:aws:iam::${ACCOUNT}:role/gdpr-bot-jit-revoker` }],
        roles: [{ name: 'readonly', arn: ROLE_ARN, maxDuration: '4h' }],
      },
    });
    const deps: RevocationDeps = {
      config,
      log: createLogger('silent'),
      metrics: { accessRevocations: { inc: () => undefined } as unknown as RevocationDeps['metrics']['accessRevocations'] },
      store: { get: async (id) => (id === grant.id ? grant : undefined) },
      failures: { record: async (id) => void recorded.push(id), resolve: async (id) => void resolved.push(id) },
      audit: { append: async (input) => (audited.push(input), { ...input }) as never },
      outbox: { send: async (...m) => void sent.push(...m), sendWith: async (m) => void sent.push(...m), lookupRef: async () => undefined },
      now: () => new Date(REVOKED_AT + 1000),
      revokerIam: async () => new IAMClient({ region: 'us-east-1' }),
      redis,
      keys: new Keys(prefix),
      dmChannel: async (user) => `D${user}`,
      queueCleanup: async (data, delayMs) => void cleanups.push({ ...data, delayMs }),
      sleep: async () => undefined,
    };
    return new Revocation(deps);
  }

  it('writes the deny, reads it back, audits it and schedules its cleanup after the last session', async () => {
    const result = await revocation().revoke(grant.id, { made: 0, max: 10 });
    expect(result.outcome).toBe('denied');
    expect(JSON.parse(policy!).Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { StringEquals: { 'aws:SourceIdentity': expect.any(String) } } });
    expect(audited.map((e) => e.action)).toEqual(['access.revocation.applied']);
    expect(resolved).toEqual([grant.id]);
    expect(cleanups).toHaveLength(1);
    expect(cleanups[0]!.delayMs).toBeGreaterThan(0);
  });

  it('fails at once, loudly, when IAM refuses the write: audited, alerted, kept unresolved, not retried', async () => {
    iam
      .on(PutRolePolicyCommand)
      .rejects(Object.assign(new Error('not authorized to perform iam:PutRolePolicy'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    await expect(revocation().revoke(grant.id, { made: 0, max: 10 })).rejects.toBeInstanceOf(StopRetrying);
    expect(audited.map((e) => e.action)).toEqual(['access.revocation.failed']);
    expect(recorded).toEqual([grant.id]);
    expect(sent.map((m) => m.kind === 'post' && m.channel)).toEqual([AUDIT_CHANNEL]);
    expect(sent[0]!.text).toMatch(/remain valid/);
  });

  it('retries a throttled write, and fails loudly on the last attempt', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    iam.on(PutRolePolicyCommand).rejects(throttled);
    await expect(revocation().revoke(grant.id, { made: 0, max: 10 })).rejects.toMatchObject({ name: 'Throttling' });
    expect(audited).toEqual([]);
    await expect(revocation().revoke(grant.id, { made: 9, max: 10 })).rejects.toBeInstanceOf(StopRetrying);
    expect(audited.map((e) => e.action)).toEqual(['access.revocation.failed']);
  });

  it('says loudly that a grant which is gone cannot be revoked, and writes nothing', async () => {
    await expect(revocation().revoke('ax-00000099', { made: 0, max: 10 })).rejects.toBeInstanceOf(StopRetrying);
    expect(policy).toBeUndefined();
    expect(audited).toEqual([
      expect.objectContaining({ action: 'access.revocation.failed', subject: 'ax-00000099', detail: expect.objectContaining({ grantUnreadable: true }) }),
    ]);
    expect(sent.map((m) => m.kind === 'post' && m.channel)).toEqual([AUDIT_CHANNEL]);
  });
});
