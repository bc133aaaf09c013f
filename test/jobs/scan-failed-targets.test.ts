import type { Job } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { makeScanProcessor } from '../../jobs/scan.js';
import { selectChecks } from '../../src/checks/registry.js';
import { ResultStore, ScanState, type ScanMeta } from '../../src/checks/store.js';
import { summarize } from '../../src/checks/summary.js';
import { CheckScope, type CheckResult, type CheckStatus } from '../../src/checks/types.js';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import { Keys } from '../../src/redis/keys.js';
import type { Services } from '../../src/services.js';
import type { OutboundMessage } from '../../src/notify/outbox.js';
import { postureMessage } from '../../src/checks/messages.js';
import { LogCapture } from '../helpers/bot.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

/**
 * A scan whose (account, region) job failed every retry (issue #19 saw 63–84 of 93 targets fail under
 * load while the summary kept the old score): that target was not checked, and the posture says so.
 */
describe('a scan target that failed every retry', () => {
  const prefix = uniquePrefix('scan-failed');
  const keys = new Keys(prefix);
  const redis = testRedis();
  const store = new ResultStore(redis, keys);
  const account = '111122223333';
  const regions = ['eu-west-1', 'eu-central-1'];
  const selector = { kind: 'checks' as const, ids: ['ebs_default_encryption', 'guardduty_enabled', 'iam_root_mfa_enabled'] };
  const checks = selectChecks(selector);

  /** One target's results, as its scan-target job stores them: every check it runs, with `status`. */
  const targetResults = (region: string, home: boolean, status: CheckStatus): CheckResult[] =>
    checks
      .filter((c) => c.scope === CheckScope.Region || home)
      .map((c) => {
        const where = c.scope === CheckScope.Account ? 'global' : region;
        return { checkId: c.id, accountId: account, region: where, status, resource: `${account}/${where}`, message: `${c.id} ${status} in ${where}` };
      });

  afterAll(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  it('counts as not checked in the summary, the history and /gdpr status; no earlier pass stands for it', async () => {
    // Yesterday's scan passed everywhere.
    await store.saveResults('scan-old', '2026-12-01T06:00:00Z', [...targetResults('eu-west-1', true, 'pass'), ...targetResults('eu-central-1', false, 'pass')]);
    // Today's: eu-central-1 (the home region, first in the plan) failed every retry; eu-west-1 was scanned and passes.
    const scanId = 'scan-20261202-abcd1234';
    const meta: ScanMeta = {
      id: scanId,
      selector,
      regions: [],
      state: ScanState.Running,
      startedAt: '2026-12-02T06:00:00Z',
      total: 2,
      done: 1,
      accounts: [account],
      coverage: [{ accountId: account, regions: ['eu-central-1', 'eu-west-1'], skipped: [] }],
      channel: 'C0000SCAN',
      trigger: 'slack',
    };
    expect(await store.begin(meta)).toEqual({ started: true });
    await store.saveResults(scanId, '2026-12-02T06:01:00Z', targetResults('eu-west-1', false, 'pass'));

    const sent: OutboundMessage[] = [];
    const logs = new LogCapture();
    const services = {
      config: configSchema.parse({ scan: { regions } }),
      log: createLogger('debug', logs),
      redis,
      keys,
      outbox: { send: async (...m: OutboundMessage[]) => void sent.push(...m) },
      now: () => new Date('2026-12-02T06:05:00Z'),
    } as unknown as Services;
    const job = {
      id: scanId,
      name: 'scan',
      data: { scanId, selector, channel: 'C0000SCAN', trigger: 'slack', step: 'wait' },
      // What BullMQ keeps for a child that failed with ignoreDependencyOnFailure: its key and its last error.
      getIgnoredChildrenFailures: async () => ({ [`${prefix}:scan-target:${scanId}-${account}-eu-central-1`]: 'Command timed out' }),
    } as unknown as Parameters<ReturnType<typeof makeScanProcessor>>[0];
    await makeScanProcessor(services)(job as Job as typeof job);

    const latest = await store.latest();
    // Every check of the failed target (its regional ones, and the account-wide ones of the home region) says "not checked".
    const ofFailed = latest.filter((r) => r.region === 'eu-central-1' || r.region === 'global');
    expect(ofFailed.map((r) => r.checkId).sort()).toEqual(['ebs_default_encryption', 'guardduty_enabled', 'iam_root_mfa_enabled']);
    for (const r of ofFailed) {
      expect(r).toMatchObject({ status: 'error', scanId });
      expect(r.message).toMatch(/^Not checked: the scan of account 111122223333 in eu-central-1 failed after every retry \(Command timed out\)/);
    }
    expect(latest.filter((r) => r.scanId === 'scan-old')).toEqual([]);
    // The scanned region keeps what it found.
    expect(latest.filter((r) => r.region === 'eu-west-1').map((r) => r.status)).toEqual(['pass', 'pass']);

    // The summary in Slack says which target was not checked, and its score counts it against.
    const summary = sent.find((m) => m.kind === 'update' && JSON.stringify(m.blocks).includes('Scan finished'));
    expect(summary).toBeDefined();
    const text = JSON.stringify(summary!.blocks);
    expect(text).toMatch(/1 account-region\(s\) could not be scanned after retries and were \*not checked\*: 111122223333\/eu-central-1/);
    expect(text).not.toMatch(/previous results.*kept/);
    const own = latest.filter((r) => r.scanId === scanId);
    expect(summarize(own).score).toBeLessThan(100);
    // Some resources were checked (eu-west-1), so it is a score, with the three checks counted as could not check.
    expect(summary!.text).toBe(`GDPR posture ${summarize(own).score}%: 0 failing check(s), 3 could not be checked.`);
    // The history records the score with the unchecked target counted against it.
    const [entry] = await store.history(1);
    expect(entry).toMatchObject({ scanId, score: summarize(latest).score });
    expect(entry!.score).toBeLessThan(100);
    // /gdpr status shows them under "Could not check".
    const status = JSON.stringify(postureMessage({ results: latest, meta: await store.lastScan(), now: services.now() }).blocks);
    expect(status).toMatch(/Could not check\* \(3\)/);
    expect(status).toContain('Not checked: the scan of account 111122223333 in eu-central-1');
  });
});
