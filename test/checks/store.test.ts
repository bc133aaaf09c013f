import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ResultStore } from '../../src/checks/store.js';
import { summarize } from '../../src/checks/summary.js';
import type { CheckResult } from '../../src/checks/types.js';
import { Keys } from '../../src/redis/keys.js';
import { postureMessage } from '../../src/checks/messages.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('store');
const redis = testRedis();

function bucketResults(statuses: CheckResult['status'][]): CheckResult[] {
  return statuses.map((status, i) => ({
    checkId: 's3_bucket_default_encryption',
    accountId: '111122223333',
    region: 'eu-west-1',
    status,
    resource: `arn:aws:s3:::bucket-${String(i).padStart(5, '0')}`,
    message: `bucket ${i} is ${status}`,
  }));
}

describe('the stored posture results', () => {
  afterAll(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  it('keeps a waived failure as a failure in the history of an action item (a waiver never raises the trend)', async () => {
    const store = new ResultStore(redis, new Keys(`${prefix}:history`));
    const waived = {
      ...bucketResults(['fail'])[0]!,
      waiver: { id: 'w-1', grantedBy: 'U0000APPR1', grantedAt: '2026-11-01T00:00:00Z', expiresAt: '2027-01-01T00:00:00Z', justification: 'static assets only' },
    };
    const results = [waived, ...bucketResults(['pass', 'pass']).slice(1)];
    const summary = summarize(results);
    await store.finish('scan-w', summary, new Date('2026-11-30T10:00:00Z'), 90 * 86_400_000);
    const [entry] = await store.history(1);
    const item = String(12);
    expect(entry!.items[item]).toEqual([summary.byActionItem[12]!.passed, 1, 0]);
  });

  it('answers every reader with what the latest write stored, across stores of the same prefix', async () => {
    const writer = new ResultStore(redis, new Keys(prefix));
    const reader = new ResultStore(redis, new Keys(prefix));
    await writer.saveResults('scan-1', '2026-11-29T10:00:00Z', bucketResults(['fail', 'pass']));
    expect((await reader.latest()).map((r) => r.status)).toEqual(['fail', 'pass']);
    expect(postureMessage({ results: await reader.latest(), now: new Date() }).text).toMatch(/1 failing check/);

    // The fix was applied and re-checked: the same reader sees the new result, and so does the summary.
    await writer.saveResults('scan-2', '2026-11-29T11:00:00Z', bucketResults(['pass', 'pass']));
    expect((await reader.latest()).map((r) => [r.status, r.scanId])).toEqual([
      ['pass', 'scan-2'],
      ['pass', 'scan-2'],
    ]);
    expect(postureMessage({ results: await reader.latest(), now: new Date() }).text).toMatch(/0 failing check/);
  });

  it('does not serve results that were deleted and written again since they were read', async () => {
    const store = new ResultStore(redis, new Keys(prefix));
    await store.saveResults('scan-3', '2026-11-29T12:00:00Z', bucketResults(['error']));
    expect((await store.latest())[0]!.status).toBe('error');
    await cleanupPrefix(prefix);
    expect(await store.latest()).toEqual([]);
    await store.saveResults('scan-4', '2026-11-29T13:00:00Z', bucketResults(['fail']));
    expect((await store.latest())[0]!.scanId).toBe('scan-4');
  });

  it('keeps thousands of results of one check, sorted by resource, and hands them out read-only', async () => {
    const store = new ResultStore(redis, new Keys(prefix));
    const many = bucketResults(Array.from({ length: 5000 }, (_, i) => (i % 10 === 0 ? 'fail' : 'pass'))).reverse();
    await store.saveResults('scan-5', '2026-11-29T14:00:00Z', many);
    const latest = await store.latest();
    expect(latest).toHaveLength(5000);
    expect(latest[0]!.resource).toBe('arn:aws:s3:::bucket-00000');
    expect(latest[4999]!.resource).toBe('arn:aws:s3:::bucket-04999');
    expect(latest.filter((r) => r.status === 'fail')).toHaveLength(500);
    expect(Object.isFrozen(latest)).toBe(true);
  });

  it('reads results written without a version (by a bot from before it) every time, never from the cache', async () => {
    const keys = new Keys(uniquePrefix('store-old-writer'));
    const store = new ResultStore(redis, keys);
    // What an older bot writes: the results hash, and no version token.
    const field = '111122223333|eu-west-1|ebs_default_encryption';
    const write = (status: string, scanId: string) =>
      redis.hset(
        keys.key('posture', 'latest'),
        field,
        JSON.stringify({ scanId, at: '2026-11-29T09:00:00Z', findings: [[status, '111122223333/eu-west-1', `EBS default encryption ${status}`]] }),
      );
    try {
      await write('fail', 'old-1');
      expect((await store.latest()).map((r) => [r.status, r.scanId])).toEqual([['fail', 'old-1']]);
      await write('pass', 'old-2');
      expect((await store.latest()).map((r) => [r.status, r.scanId])).toEqual([['pass', 'old-2']]);
    } finally {
      await cleanupPrefix(keys.prefix);
    }
  });

  it('serialises a 10,000-bucket target with turns of the event loop in between, before it writes (issue #19)', async () => {
    const keys = new Keys(uniquePrefix('store-big'));
    const writerRedis = testRedis();
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    // The turns other work had got by the time the store sent its first command.
    let turnsBeforeWrite: number | undefined;
    const send = writerRedis.sendCommand.bind(writerRedis);
    writerRedis.sendCommand = ((...args: unknown[]) => {
      turnsBeforeWrite ??= turns;
      return (send as (...a: unknown[]) => unknown)(...args);
    }) as typeof writerRedis.sendCommand;
    const checks = ['s3_bucket_default_encryption', 's3_bucket_tls_only', 's3_bucket_public_access_blocked'];
    const results = checks.flatMap((checkId) => bucketResults(Array.from({ length: 10_000 }, () => 'pass' as const)).map((r) => ({ ...r, checkId })));
    try {
      await writerRedis.ping();
      turnsBeforeWrite = undefined;
      setImmediate(tick);
      await new ResultStore(writerRedis, keys).saveResults('scan-big', '2026-11-29T15:00:00Z', results);
      ticking = false;
      expect(turnsBeforeWrite).toBeGreaterThanOrEqual(2);
      const latest = await new ResultStore(redis, keys).latest();
      expect(latest).toHaveLength(30_000);
      expect(new Set(latest.map((r) => r.checkId))).toEqual(new Set(checks));
    } finally {
      ticking = false;
      writerRedis.disconnect();
      await cleanupPrefix(keys.prefix);
    }
  });

  describe('while a scan stores target after target and many /gdpr status requests read (issue #19)', () => {
    /** The commands a connection sends, by name (a MULTI's commands included). */
    function counted(connection: Redis): Map<string, number> {
      const counts = new Map<string, number>();
      const send = connection.sendCommand.bind(connection);
      connection.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
        counts.set(command.name, (counts.get(command.name) ?? 0) + 1);
        return (send as (...a: unknown[]) => unknown)(command, ...rest);
      }) as typeof connection.sendCommand;
      return counts;
    }
    const target = (accountId: string, region: string, n: number, status: CheckResult['status'] = 'pass'): CheckResult[] =>
      Array.from({ length: n }, (_, i) => ({
        checkId: i % 2 === 0 ? 'ebs_default_encryption' : 's3_bucket_default_encryption',
        accountId,
        region,
        status,
        resource: `arn:aws:s3:::${accountId}-${region}-${String(i).padStart(4, '0')}`,
        message: `resource ${i} of ${accountId} ${region} is ${status}`,
      }));

    it('concurrent readers of one version share one read of the results', async () => {
      const keys = new Keys(uniquePrefix('store-shared'));
      const readerRedis = testRedis();
      const reads = counted(readerRedis);
      try {
        await new ResultStore(redis, keys).saveResults('scan-a', '2026-11-29T10:00:00Z', target('111111111111', 'eu-west-1', 200));
        const answers = await Promise.all(Array.from({ length: 50 }, () => new ResultStore(readerRedis, keys).latest()));
        expect(reads.get('hgetall')).toBe(1);
        for (const a of answers) expect(a).toBe(answers[0]);
        expect(answers[0]).toHaveLength(200);
      } finally {
        readerRedis.disconnect();
        await cleanupPrefix(keys.prefix);
      }
    });

    it('each stored target is read once, on its own, and every answer holds every target stored before it was asked', async () => {
      const keys = new Keys(uniquePrefix('store-scan'));
      const readerRedis = testRedis();
      const reads = counted(readerRedis);
      const writer = new ResultStore(redis, keys);
      const regions = ['eu-west-1', 'eu-central-1', 'eu-north-1'];
      const accounts = Array.from({ length: 6 }, (_, i) => String(100000000000 + i));
      const stored: string[] = [];
      try {
        await writer.saveResults(
          'scan-old',
          '2026-11-28T10:00:00Z',
          accounts.flatMap((a) => regions.flatMap((g) => target(a, g, 20, 'fail'))),
        );
        expect(await new ResultStore(readerRedis, keys).latest()).toHaveLength(accounts.length * regions.length * 20);
        let fieldsRead = 0;
        const hmget = readerRedis.hmget.bind(readerRedis);
        readerRedis.hmget = ((...args: Parameters<typeof hmget>) => {
          fieldsRead += args.length - 1;
          return hmget(...args);
        }) as typeof hmget;
        for (const a of accounts) {
          for (const g of regions) {
            // Status requests arrive while the target is being stored and right after.
            const during = Array.from({ length: 10 }, () => new ResultStore(readerRedis, keys).latest());
            await writer.saveResults('scan-new', '2026-11-29T10:00:00Z', target(a, g, 20));
            stored.push(`${a}|${g}`);
            const expected = [...stored];
            const after = await Promise.all(Array.from({ length: 10 }, () => new ResultStore(readerRedis, keys).latest()));
            await Promise.all(during);
            for (const answer of after) {
              const fresh = new Set(answer.filter((r) => r.scanId === 'scan-new').map((r) => `${r.accountId}|${r.region}`));
              expect([...fresh].sort()).toEqual(expected.sort());
              expect(answer).toHaveLength(accounts.length * regions.length * 20);
            }
          }
        }
        // The first read read everything; since then only what each target wrote (2 checks per target).
        expect(reads.get('hgetall')).toBe(1);
        expect(fieldsRead).toBe(accounts.length * regions.length * 2);
        // And the view is what a full read of Redis gives: same results, same order.
        const all = await redis.hgetall(keys.key('posture', 'latest'));
        const view = await new ResultStore(readerRedis, keys).latest();
        expect(view.map((r) => `${r.checkId} ${r.accountId} ${r.resource} ${r.status} ${r.scanId}`)).toEqual(
          Object.entries(all)
            .flatMap(([field, value]) => {
              const [accountId, , checkId] = field.split('|');
              const { scanId, findings } = JSON.parse(value) as { scanId: string; findings: [string, string, string][] };
              return findings.map(([status, resource]) => ({
                key: `${checkId} ${accountId} ${resource}`,
                line: `${checkId} ${accountId} ${resource} ${status} ${scanId}`,
              }));
            })
            .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
            .map((x) => x.line),
        );
        expect(view.some((r) => r.status === 'fail')).toBe(false);
      } finally {
        readerRedis.disconnect();
        await cleanupPrefix(keys.prefix);
      }
    });
  });
});
