import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Approvers } from '../../src/access/approvers.js';
import { AuditLog } from '../../src/audit/log.js';
import { ResultStore } from '../../src/checks/store.js';
import { summarize } from '../../src/checks/summary.js';
import type { CheckResult } from '../../src/checks/types.js';
import { parseConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log.js';
import type { OutboundMessage } from '../../src/notify/outbox.js';
import { Keys } from '../../src/redis/keys.js';
import type { Services } from '../../src/services.js';
import { grantWaiver, revokeWaiver, sweepWaivers, waiverStore, withWaivers } from '../../src/waivers/flow.js';
import { testAuditKey } from '../helpers/audit-key.js';
import { testIntegrity } from '../helpers/integrity.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const ACCOUNT = '111122223333';
const APPROVER = 'U0000APPR1';
const MEMBER = 'U0000USER1';
const BUCKET = 'arn:aws:s3:::static-assets';
const OTHER = 'arn:aws:s3:::customer-exports';

const result = (resource: string, status: CheckResult['status'], checkId = 's3_bucket_tls_only'): CheckResult => ({
  checkId,
  accountId: ACCOUNT,
  region: 'eu-west-1',
  status,
  resource,
  message: `${checkId}: ${resource} is ${status}`,
});

describe('waivers: grant, revoke, expiry (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let services: Pick<Services, 'redis' | 'keys' | 'integrity' | 'audit' | 'log' | 'config' | 'approvers' | 'outbox' | 'now'>;
  let clock: Date;
  let posted: OutboundMessage[];
  const audited: unknown[] = [];

  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(async () => {
    redis.disconnect();
  });
  beforeEach(async () => {
    if (prefix) await cleanupPrefix(prefix);
    prefix = uniquePrefix('waivers');
    const keys = new Keys(prefix);
    clock = new Date('2026-12-01T10:00:00Z');
    posted = [];
    const approvers = {
      check: async (user: string) => (user === APPROVER ? { allowed: true, via: 'user' } : { allowed: false, reason: 'you are not an approver for this' }),
    } as unknown as Approvers;
    services = {
      redis,
      keys,
      integrity: testIntegrity(audited as never[]),
      audit: new AuditLog(redis, keys, { key: testAuditKey(), now: () => clock }),
      log: createLogger('silent'),
      config: parseConfig({ approvers: { users: [APPROVER] }, channels: { approvals: 'C0000APPR' }, waivers: { maxDuration: '90d', warnBefore: '7d' } }),
      approvers,
      // The outbox's transaction, for real: the notice leaves its queue in the same MULTI as the hand-over.
      outbox: {
        send: async (...m: OutboundMessage[]) => void posted.push(...m),
        sendWith: async (m: readonly OutboundMessage[], also?: (tx: ReturnType<Redis['multi']>) => void) => {
          const tx = redis.multi();
          also?.(tx);
          await tx.exec();
          posted.push(...m);
        },
        lookupRef: async () => undefined,
      } as unknown as Services['outbox'],
      now: () => clock,
    };
    await new ResultStore(redis, keys).saveResults('scan-1', clock.toISOString(), [
      result(BUCKET, 'fail'),
      result(OTHER, 'fail'),
      result('arn:aws:s3:::ok', 'pass'),
      result('arn:aws:s3:::unreadable', 'error'),
    ]);
  });

  const latest = () => new ResultStore(services.redis, services.keys).latest();
  const auditActions = async () => (await services.audit.tail(100)).map((e) => e.action);

  it('an approver waives one failing resource: shown as waived, not passing; the others still fail; audited and announced', async () => {
    const outcome = await grantWaiver(services, {
      userId: APPROVER,
      checkId: 's3_bucket_tls_only',
      resource: 'static-assets',
      duration: '30d',
      justification: 'Public static assets only, no personal data.',
    });
    expect(outcome.kind).toBe('granted');
    const shown = await withWaivers(services, await latest());
    const byResource = new Map(shown.map((r) => [r.resource, r]));
    expect(byResource.get(BUCKET)!.status).toBe('fail'); // still a failure underneath
    expect(byResource.get(BUCKET)!.waiver).toMatchObject({
      grantedBy: APPROVER,
      justification: 'Public static assets only, no personal data.',
      expiresAt: '2026-12-31T10:00:00.000Z',
    });
    expect(byResource.get(OTHER)!.waiver).toBeUndefined();
    const summary = summarize(shown);
    expect(summary.resources).toMatchObject({ passed: 1, failed: 1, waived: 1, errors: 1 });
    expect(summary.checks.passed).toBe(0);
    expect(await auditActions()).toContain('waiver.granted');
    expect(posted.map((m) => m.text).join('\n')).toMatch(/Risk accepted.*static-assets/);
  });

  it('a non-approver is refused by the flow itself, and nothing is stored', async () => {
    const outcome = await grantWaiver(services, {
      userId: MEMBER,
      checkId: 's3_bucket_tls_only',
      resource: 'static-assets',
      duration: '30d',
      justification: 'I would like this to go away please.',
    });
    expect(outcome).toMatchObject({ kind: 'refused' });
    expect(await waiverStore(services).active()).toEqual([]);
    expect((await withWaivers(services, await latest())).some((r) => r.waiver)).toBe(false);
    const granted = await grantWaiver(services, {
      userId: APPROVER,
      checkId: 's3_bucket_tls_only',
      resource: 'static-assets',
      duration: '30d',
      justification: 'Public static assets only, no personal data.',
    });
    if (granted.kind !== 'granted') throw new Error(granted.kind);
    expect(await revokeWaiver(services, { userId: MEMBER, id: granted.waiver.id })).toMatchObject({ kind: 'refused' });
    expect((await waiverStore(services).get(granted.waiver.id))!.status).toBe('active');
  });

  it('never waives a result that could not be checked, nor one that passes; needs a justification and an expiry within the maximum', async () => {
    const ask = (resource: string, duration = '30d', justification = 'A justification long enough.') =>
      grantWaiver(services, { userId: APPROVER, checkId: 's3_bucket_tls_only', resource, duration, justification });
    expect(await ask('unreadable')).toMatchObject({ kind: 'invalid', problems: { target: expect.stringMatching(/could not be checked/) } });
    expect(await ask('ok')).toMatchObject({ kind: 'invalid', problems: { target: expect.stringMatching(/does not fail/) } });
    expect(await ask('static-assets', '91d')).toMatchObject({ kind: 'invalid', problems: { duration: expect.stringMatching(/at most 90d/) } });
    expect(await ask('static-assets', 'forever')).toMatchObject({ kind: 'invalid', problems: { duration: expect.any(String) } });
    expect(await ask('static-assets', '30d', 'ok')).toMatchObject({ kind: 'invalid', problems: { justification: expect.any(String) } });
    expect(await waiverStore(services).active()).toEqual([]);
  });

  it('a waiver of a whole account and region never turns an error into anything but an error', async () => {
    const outcome = await grantWaiver(services, {
      userId: APPROVER,
      checkId: 's3_bucket_tls_only',
      resource: `${ACCOUNT}/eu-west-1`,
      duration: '30d',
      justification: 'Sandbox region, being decommissioned.',
    });
    expect(outcome.kind).toBe('granted');
    const shown = await withWaivers(services, await latest());
    expect(
      shown
        .filter((r) => r.waiver)
        .map((r) => r.resource)
        .sort(),
    ).toEqual([OTHER, BUCKET]);
    expect(shown.find((r) => r.status === 'error')!.waiver).toBeUndefined();
    expect(summarize(shown).checks).toMatchObject({ errors: 1, passed: 0, waived: 0 });
  });

  it('one active waiver per target; of two concurrent revokes exactly one changes it', async () => {
    const ask = () =>
      grantWaiver(services, {
        userId: APPROVER,
        checkId: 's3_bucket_tls_only',
        resource: BUCKET,
        duration: '30d',
        justification: 'Public static assets only.',
      });
    const first = await ask();
    if (first.kind !== 'granted') throw new Error(first.kind);
    expect(await ask()).toMatchObject({ kind: 'exists', waiver: { id: first.waiver.id } });
    const outcomes = await Promise.all([
      revokeWaiver(services, { userId: APPROVER, id: first.waiver.id }),
      revokeWaiver(services, { userId: APPROVER, id: first.waiver.id }),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['ended', 'revoked']);
    expect((await auditActions()).filter((a) => a === 'waiver.revoked')).toHaveLength(1);
    expect((await withWaivers(services, await latest())).some((r) => r.waiver)).toBe(false);
    // The target is free again.
    expect((await ask()).kind).toBe('granted');
  });

  it('a waiver past its end (before the sweep saw it) does not block a new one, and its expiry leaves the new one alone', async () => {
    const ask = () =>
      grantWaiver(services, { userId: APPROVER, checkId: 's3_bucket_tls_only', resource: BUCKET, duration: '1d', justification: 'Public static assets only.' });
    const old = await ask();
    clock = new Date('2026-12-03T10:00:00Z');
    const renewed = await ask();
    if (old.kind !== 'granted' || renewed.kind !== 'granted') throw new Error(`${old.kind} ${renewed.kind}`);
    expect(renewed.waiver.id).not.toBe(old.waiver.id);
    expect(await sweepWaivers(services)).toMatchObject({ expired: 1 });
    expect((await waiverStore(services).active()).map((w) => w.id)).toEqual([renewed.waiver.id]);
    expect((await ask()).kind).toBe('exists');
  });

  it('a waiver edited in Redis is refused and never applied', async () => {
    const granted = await grantWaiver(services, {
      userId: APPROVER,
      checkId: 's3_bucket_tls_only',
      resource: BUCKET,
      duration: '1d',
      justification: 'Public static assets only.',
    });
    if (granted.kind !== 'granted') throw new Error(granted.kind);
    const key = services.keys.key('waiver', 'rec', granted.waiver.id);
    const record = JSON.parse((await redis.get(key))!) as Record<string, unknown>;
    await redis.set(key, JSON.stringify({ ...record, expiresAt: '2099-01-01T00:00:00.000Z' }));
    expect((await withWaivers(services, await latest())).some((r) => r.waiver)).toBe(false);
    // A forged waiver on an error result is not honoured either.
    const forged = {
      ...result('arn:aws:s3:::unreadable', 'error'),
      waiver: { id: 'w-00000000', grantedBy: APPROVER, grantedAt: '', expiresAt: '2099-01-01T00:00:00Z', justification: 'x' },
    };
    expect(summarize([forged]).checks).toMatchObject({ errors: 1, waived: 0 });
  });

  it('expires loudly: a warning before the end, then the failure is a plain failure again and the approvals channel is told', async () => {
    const granted = await grantWaiver(services, {
      userId: APPROVER,
      checkId: 's3_bucket_tls_only',
      resource: BUCKET,
      duration: '10d',
      justification: 'Public static assets only.',
    });
    if (granted.kind !== 'granted') throw new Error(granted.kind);
    posted = [];
    clock = new Date('2026-12-02T10:00:00Z'); // 9 days left: no warning yet
    expect(await sweepWaivers(services)).toMatchObject({ expired: 0, warned: 0 });
    clock = new Date('2026-12-05T10:00:00Z'); // 6 days left
    expect(await sweepWaivers(services)).toMatchObject({ expired: 0, warned: 1, notices: 1 });
    expect(await sweepWaivers(services)).toMatchObject({ warned: 0, notices: 0 }); // warned once
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ kind: 'post', channel: 'C0000APPR' });
    expect(posted[0]!.text).toMatch(/Waiver ending soon/);
    // Past the end, before the sweep ran: already not applied.
    clock = new Date('2026-12-11T10:00:01Z');
    expect((await withWaivers(services, await latest())).some((r) => r.waiver)).toBe(false);
    expect(await sweepWaivers(services)).toMatchObject({ expired: 1, notices: 1 });
    expect(posted[1]!.text).toMatch(/Waiver expired.*1 result\(s\) it covered fail and count as \*failures\* again/s);
    expect((await waiverStore(services).get(granted.waiver.id))!.status).toBe('expired');
    expect(await auditActions()).toEqual(expect.arrayContaining(['waiver.granted', 'waiver.expiring', 'waiver.expired']));
    expect(await sweepWaivers(services)).toMatchObject({ expired: 0, notices: 0 });
  });
});
