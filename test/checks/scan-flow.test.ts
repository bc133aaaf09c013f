import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountCoverage, ScanAccount } from '../../src/aws/collectors/targets.js';
import { ScanFlow, type ScanFlowDeps, type ScanJobHandle } from '../../src/checks/scan-flow.js';
import { ShardStore } from '../../src/checks/shards.js';
import { ResultStore, ScanState } from '../../src/checks/store.js';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import type { OutboundMessage } from '../../src/notify/outbox.js';
import type { JobData } from '../../src/queues/definitions.js';
import type { ParentJob } from '../../src/queues/producers.js';
import { StopRetrying } from '../../src/queues/retry.js';
import { Keys } from '../../src/redis/keys.js';
import { LogCapture } from '../helpers/bot.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const SELF = '111122223333';
const MEMBER = '444455556666';
const FINDINGS = 'C0FINDINGS';

describe('ScanFlow (fake AWS targets, a fake producer and outbox, a fake clock, the real result store)', () => {
  const prefix = uniquePrefix('scan-flow');
  const keys = new Keys(prefix);
  const redis = testRedis();
  const results = new ResultStore(redis, keys);
  let clock: Date;
  let sent: OutboundMessage[];
  let queued: { parent: ParentJob; targets: readonly JobData<'scan-target'>[] }[];
  let saved: JobData<'scan'>[];
  let refreshed: number;
  let accounts: () => Promise<ScanAccount[]>;
  let logs: LogCapture;

  const regionsOf: Record<string, string[]> = { [SELF]: ['eu-west-1', 'eu-central-1'], [MEMBER]: ['eu-west-1'] };
  const deps = (over: Partial<ScanFlowDeps> = {}): ScanFlowDeps => ({
    config: configSchema.parse({ channels: { findings: FINDINGS }, scan: { accounts: [{ id: MEMBER, roleArn: `arn:aws:iam::${MEMBER}:role/gdpr-bot` }] } }),
    log: createLogger('debug', logs),
    results,
    shards: new ShardStore(redis, keys),
    personal: async () => new Set(),
    outbox: { send: async (...m) => void sent.push(...m) },
    targets: {
      accounts: () => accounts(),
      regions: async (a): Promise<AccountCoverage> => ({ accountId: a.accountId, regions: regionsOf[a.accountId]!, skipped: [] }),
    },
    producer: { targets: async (parent, targets) => void queued.push({ parent, targets }) },
    withWaivers: async (r) => r,
    refreshHomes: async () => void refreshed++,
    now: () => clock,
    ...over,
  });
  const job = (id: string, attempt = { made: 0, max: 3 }): ScanJobHandle => ({ id, queue: `${prefix}:scan`, attempt, save: async (d) => void saved.push(d) });

  beforeEach(async () => {
    await cleanupPrefix(prefix);
    clock = new Date('2026-03-01T06:00:00Z');
    sent = [];
    queued = [];
    saved = [];
    refreshed = 0;
    logs = new LogCapture();
    accounts = async () => [{ accountId: SELF }, { accountId: MEMBER, roleArn: `arn:aws:iam::${MEMBER}:role/gdpr-bot` }];
  });
  afterAll(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  it('registers a scheduled scan at the clock, queues one child per account × region (home first) and posts its progress; a second one of the same scope is skipped', async () => {
    const flow = new ScanFlow(deps());
    const prepared = await flow.prepare(job('repeat:1'), { trigger: 'schedule' });
    const scanId = 'scheduled-repeat:1';
    expect(prepared).toEqual({ data: { trigger: 'schedule', scanId, selector: { kind: 'all' }, channel: FINDINGS, step: 'wait' } });
    expect(saved.map((d) => d.step)).toEqual(['plan', 'wait']);
    const meta = await results.meta(scanId);
    expect(meta).toMatchObject({ state: ScanState.Running, startedAt: '2026-03-01T06:00:00.000Z', total: 3, accounts: [SELF, MEMBER] });
    expect(queued).toHaveLength(1);
    expect(queued[0]!.parent).toEqual({ id: 'repeat:1', queue: `${prefix}:scan` });
    expect(queued[0]!.targets.map((t) => [t.accountId, t.region, t.home, t.roleArn])).toEqual([
      [SELF, 'eu-west-1', true, undefined],
      [SELF, 'eu-central-1', false, undefined],
      [MEMBER, 'eu-west-1', true, `arn:aws:iam::${MEMBER}:role/gdpr-bot`],
    ]);
    expect(sent).toEqual([
      expect.objectContaining({ kind: 'update', channel: FINDINGS, ref: `scan:${scanId}`, text: expect.stringContaining('0/3 account-region(s) done') }),
    ]);

    expect(await flow.prepare(job('repeat:2'), { trigger: 'schedule' })).toEqual({ skipped: `scan ${scanId} of the same scope is running` });
  });

  it('retries when the accounts cannot be resolved; on the last attempt it frees the scope at the clock, says why and stops retrying', async () => {
    accounts = async () => {
      throw Object.assign(new Error('The security token included in the request is invalid.'), { name: 'InvalidClientTokenId' });
    };
    const flow = new ScanFlow(deps());
    const data = { trigger: 'schedule' as const };
    await expect(flow.prepare(job('repeat:3'), data)).rejects.toThrow('The security token included in the request is invalid.');
    expect((await results.meta('scheduled-repeat:3'))?.state).toBe(ScanState.Running);
    const retried = { ...data, ...saved[0]! };
    clock = new Date('2026-03-01T06:00:30Z');
    await expect(flow.prepare(job('repeat:3', { made: 2, max: 3 }), retried)).rejects.toThrow(StopRetrying);
    expect(await results.meta('scheduled-repeat:3')).toMatchObject({ state: ScanState.Finished, finishedAt: '2026-03-01T06:00:30.000Z' });
    expect(sent).toEqual([
      expect.objectContaining({
        kind: 'update',
        ref: 'scan:scheduled-repeat:3',
        text: expect.stringMatching(/^:warning: Scan `scheduled-repeat:3` could not start: /),
      }),
    ]);
    expect(queued).toEqual([]);
  });

  it('finishes at the clock: history, summary message and the Home tabs; a failed refresh does not fail the scan', async () => {
    const flow = new ScanFlow(deps({ refreshHomes: async () => Promise.reject(new Error('views.publish failed')) }));
    await results.begin({
      id: 'scan-1',
      selector: { kind: 'checks', ids: ['iam_root_mfa_enabled'] },
      regions: [],
      state: ScanState.Running,
      startedAt: clock.toISOString(),
      total: 1,
      done: 1,
      accounts: [SELF],
      channel: FINDINGS,
      trigger: 'slack',
    });
    await results.saveResults('scan-1', clock.toISOString(), [
      { checkId: 'iam_root_mfa_enabled', accountId: SELF, region: 'global', status: 'pass', resource: SELF, message: 'root has MFA' },
    ]);
    clock = new Date('2026-03-01T06:07:00Z');
    sent = [];
    const done = await flow.finish(
      job('scan-1'),
      { scanId: 'scan-1', selector: { kind: 'checks', ids: ['iam_root_mfa_enabled'] }, channel: FINDINGS, trigger: 'slack', step: 'wait' },
      {},
    );
    expect(done).toEqual({ scanId: 'scan-1', score: 100, targets: 1 });
    expect(await results.history(1)).toEqual([expect.objectContaining({ scanId: 'scan-1', at: '2026-03-01T06:07:00.000Z', score: 100 })]);
    expect(sent).toEqual([
      expect.objectContaining({
        kind: 'update',
        channel: FINDINGS,
        ref: 'scan:scan-1',
        text: 'GDPR posture 100%: 0 failing check(s), 0 could not be checked.',
      }),
    ]);
    expect(logs.text()).toContain('could not refresh the Home tabs after the scan');
  });
});
