import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessProducer,
  auditProducer,
  breachProducer,
  findingsProducer,
  remediationProducer,
  scanProducer,
  uploadProducer,
} from '../../src/queues/producers.js';
import { Queues } from '../../src/queues/queues.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

describe('typed producers (real Redis, no worker)', () => {
  const prefix = uniquePrefix('producers');
  let redis: Redis;
  let queues: Queues;
  beforeAll(() => {
    redis = testRedis();
    queues = new Queues(redis, prefix);
  });
  afterAll(async () => {
    await queues.close();
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  it('queues one plan and one apply per remediation request, however often asked, with retries', async () => {
    const jobs = remediationProducer(queues);
    await Promise.all([jobs.plan('R00000000A1'), jobs.plan('R00000000A1'), jobs.apply('R00000000A1'), jobs.apply('R00000000A1')]);
    const waiting = await queues.get('remediation').getJobs(['waiting', 'delayed', 'prioritized']);
    expect(waiting.map((j) => [j.name, j.id, j.data, j.opts.attempts]).sort()).toEqual([
      ['apply', 'apply-R00000000A1', { requestId: 'R00000000A1' }, 5],
      ['plan', 'plan-R00000000A1', { requestId: 'R00000000A1' }, 5],
    ]);
    expect(await jobs.applyState('R00000000A1')).toEqual({ state: 'waiting' });
    expect(await jobs.applyState('R00000000B2')).toEqual({ state: 'missing' });
  });

  it('schedules one look at an access request per key, and one cleanup per grant', async () => {
    const jobs = accessProducer(queues);
    await Promise.all([jobs.advance('A1', 'v2', 60_000), jobs.advance('A1', 'v2', 60_000), jobs.advance('A1', 'v3')]);
    const looks = await queues.get('access-lifecycle').getJobs(['waiting', 'delayed']);
    expect(looks.map((j) => j.id).sort()).toEqual(['advance-A1-v2', 'advance-A1-v3']);
    await Promise.all([jobs.cleanup({ grantId: 'G1', issuedBefore: 1 }, 1000), jobs.cleanup({ grantId: 'G1', issuedBefore: 1 }, 1000)]);
    const cleanups = await queues.get('access-revoke').getJobs(['waiting', 'delayed']);
    expect(cleanups.map((j) => [j.id, j.opts.attempts])).toEqual([['revoke-cleanup-G1', 10]]);
  });

  it('queues a scan once under its id, its (account, region) and bucket jobs once each under the ids the scan reads back, with retries', async () => {
    const jobs = scanProducer(queues);
    const data = { scanId: 'scan-20260301-abcd1234', selector: { kind: 'all' as const }, trigger: 'slack' as const };
    await Promise.all([jobs.scan(data), jobs.scan(data)]);
    const scans = await queues.get('scan').getJobs(['waiting']);
    expect(scans.map((j) => [j.name, j.id, j.opts.attempts, j.opts.backoff])).toEqual([
      ['scan', 'scan-20260301-abcd1234', 3, { type: 'exponential', delay: 5000 }],
    ]);
    // Children need a parent that exists; the scan job stands for it here.
    const parent = { id: 'scan-20260301-abcd1234', queue: `${prefix}:scan` };
    const target = {
      scanId: 'scan-20260301-abcd1234',
      accountId: '111122223333',
      region: 'eu-west-1',
      home: true,
      regions: ['eu-west-1'],
      checkIds: ['iam_root_mfa_enabled'],
    };
    await jobs.targets(parent, [target, target]);
    await jobs.shards(parent, target, 2);
    const children = await queues.get('scan-target').getJobs(['waiting']);
    expect(children.map((j) => [j.name, j.id, j.data.shard, j.opts.attempts, j.opts.ignoreDependencyOnFailure, j.parent?.id]).sort()).toEqual([
      ['shard', 'scan-20260301-abcd1234-111122223333-eu-west-1-s3-shard0', 0, 3, true, parent.id],
      ['shard', 'scan-20260301-abcd1234-111122223333-eu-west-1-s3-shard1', 1, 3, true, parent.id],
      ['target', 'scan-20260301-abcd1234-111122223333-eu-west-1', undefined, 3, true, parent.id],
    ]);
  });

  it('queues one delayed job per breach clock mark, removes them, and one export per user within 30 s', async () => {
    const jobs = breachProducer(queues);
    await jobs.marks('BR-0000000a', [
      { key: 'h24', delayMs: 60_000 },
      { key: 'deadline', delayMs: -5 },
    ]);
    await jobs.marks('BR-0000000a', [{ key: 'h24', delayMs: 60_000 }]);
    const marks = await queues.get('breach').getJobs(['waiting', 'delayed']);
    expect(marks.map((j) => [j.id, j.data, j.opts.delay ?? 0, j.opts.attempts]).sort()).toEqual([
      ['breach-BR-0000000a-deadline', { breachId: 'BR-0000000a', mark: 'deadline' }, 0, 10],
      ['breach-BR-0000000a-h24', { breachId: 'BR-0000000a', mark: 'h24' }, 60_000, 10],
    ]);
    await jobs.removeMark('BR-0000000a', 'h24');
    await jobs.removeMark('BR-0000000a', 'deadline');
    expect(await queues.get('breach').getJobs(['waiting', 'delayed'])).toEqual([]);
    await Promise.all([jobs.export('BR-0000000a', 'U1'), jobs.export('BR-0000000a', 'U1'), jobs.export('BR-0000000a', 'U2')]);
    const exports = await queues.get('breach').getJobs(['waiting']);
    expect(exports.map((j) => [j.name, j.data.requestedBy, j.opts.attempts]).sort()).toEqual([
      ['export', 'U1', 3],
      ['export', 'U2', 3],
    ]);
  });

  it('asks for uploads with retries; one audit export per person and one archive per finding however often clicked; every verify click answered', async () => {
    await Promise.all([uploadProducer(queues).report({ channel: 'C1', user: 'U1', format: 'csv' }), uploadProducer(queues).chart({ user: 'U1' })]);
    const uploads = (await queues.get('scan').getJobs(['waiting'])).filter((j) => j.name !== 'scan');
    expect(uploads.map((j) => [j.name, j.data, j.opts.attempts]).sort()).toEqual([
      ['chart', { user: 'U1' }, 3],
      ['report', { channel: 'C1', user: 'U1', format: 'csv' }, 3],
    ]);
    const audit = auditProducer(queues);
    await Promise.all([
      audit.export('U1'),
      audit.export('U1'),
      audit.export('U2'),
      audit.verify({ requestedBy: 'U1' }),
      audit.verify({ requestedBy: 'U1' }),
      audit.anchor(),
      audit.anchor(),
    ]);
    const auditJobs = await queues.get('audit').getJobs(['waiting']);
    expect(auditJobs.map((j) => j.name).sort()).toEqual(['anchor', 'export', 'export', 'verify', 'verify']);
    const archive = findingsProducer(queues);
    await Promise.all([archive.archive('f1', 'U1'), archive.archive('f1', 'U2'), archive.archive('f2', 'U1')]);
    expect((await queues.get('findings-archive').getJobs(['waiting'])).map((j) => j.data.findingId).sort()).toEqual(['f1', 'f2']);
  });
});
