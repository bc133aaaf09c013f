import { PutObjectCommand, S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, type AuditEntry } from '../../src/audit/log.js';
import { AuditS3Shipper, batchKey } from '../../src/audit/s3-shipper.js';
import { AwsClients } from '../../src/aws/clients.js';
import { Keys } from '../../src/redis/keys.js';
import { testAuditKey } from '../helpers/audit-key.js';
import { startTestBot } from '../helpers/bot.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const s3 = mockClient(S3Client);
const silent = pino({ level: 'silent' });

describe('AuditS3Shipper', () => {
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  let audit: AuditLog;
  const stored = new Map<string, string>();
  const shipper = (batchSize = 3) =>
    new AuditS3Shipper(redis, keys, audit, new AwsClients({ defaultRegion: 'eu-west-1' }), silent, { bucket: 'acme-audit', prefix: 'audit/', batchSize });
  const append = async (count: number) => {
    for (let i = 0; i < count; i++) await audit.append({ actor: 'system', action: 'test.event', subject: `thing-${i}` });
  };

  beforeEach(() => {
    redis = testRedis();
    prefix = uniquePrefix('s3ship');
    keys = new Keys(prefix);
    audit = new AuditLog(redis, keys, { key: testAuditKey() });
    stored.clear();
    s3.reset();
    s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
      stored.set(input.Key!, String(input.Body));
      return {};
    });
  });
  afterEach(async () => {
    await audit.close();
    redis.disconnect();
    await cleanupPrefix(prefix);
  });
  afterAll(() => s3.restore());

  it('ships new entries in batches keyed by seq range, and only new ones next time', async () => {
    await append(7);
    const first = await shipper().ship();
    expect(first).toMatchObject({ shipped: 7, batches: 3, watermark: 7 });
    expect([...stored.keys()]).toEqual([batchKey('audit/', 1, 3), batchKey('audit/', 4, 6), batchKey('audit/', 7, 7)]);
    expect(batchKey('audit/', 1, 3)).toBe('audit/000000000001-000000000003.jsonl');
    const lines = stored.get('audit/000000000004-000000000006.jsonl')!.trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as AuditEntry).seq)).toEqual([4, 5, 6]);
    const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Bucket: 'acme-audit', ContentType: 'application/x-ndjson', ChecksumAlgorithm: 'SHA256' });

    await append(2);
    const second = await shipper().ship();
    expect(second).toMatchObject({ shipped: 2, batches: 1, watermark: 9 });
    expect(stored.has('audit/000000000008-000000000009.jsonl')).toBe(true);
    expect(await shipper().ship()).toMatchObject({ shipped: 0, batches: 0, watermark: 9 });
  });

  it('moves the watermark only after S3 accepted the batch, and ships the same range again after a failure', async () => {
    await append(4);
    s3.on(PutObjectCommand)
      .rejectsOnce(new Error('ServiceUnavailable'))
      .callsFake((input: PutObjectCommandInput) => {
        stored.set(input.Key!, String(input.Body));
        return {};
      });
    await expect(shipper().ship()).rejects.toThrow('ServiceUnavailable');
    expect((await shipper().watermark()).seq).toBe(0);
    expect(stored.size).toBe(0);
    expect(await shipper().ship()).toMatchObject({ shipped: 4, watermark: 4 });
    expect([...stored.keys()]).toEqual(['audit/000000000001-000000000003.jsonl', 'audit/000000000004-000000000004.jsonl']);
  });

  it('stops at an entry that was edited in Redis and ships nothing from it on', async () => {
    await append(5);
    const listKey = keys.key('audit', 'log');
    const third = JSON.parse((await redis.lindex(listKey, 2))!) as AuditEntry;
    await redis.lset(listKey, 2, JSON.stringify({ ...third, actor: 'U0000EVIL' }));
    const result = await shipper(10).ship();
    expect(result).toMatchObject({ shipped: 2, watermark: 2, broken: { seq: 3 } });
    expect([...stored.keys()]).toEqual(['audit/000000000001-000000000002.jsonl']);
  });

  it('does nothing while another process holds the shipping lock', async () => {
    await append(1);
    await redis.set(keys.key('audit', 's3', 'lock'), 'someone-else', 'PX', 10_000);
    expect(await shipper().ship()).toMatchObject({ shipped: 0, busy: true });
    expect(stored.size).toBe(0);
  });
});

describe('audit.s3Bucket in the configuration', () => {
  it('makes a scheduled job ship new entries to the bucket', async () => {
    const stored = new Map<string, string>();
    s3.reset();
    s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
      stored.set(input.Key!, String(input.Body));
      return {};
    });
    const t = await startTestBot({ config: { audit: { s3Bucket: 'acme-audit', shipEvery: '1s' } } });
    try {
      await t.bot.services.audit.append({ actor: 'system', action: 'test.shipped', subject: 'one' });
      await t.slack.waitFor(() => stored.size > 0, 'a batch in S3', 8000);
      // The batch, and the anchor of what was shipped (the S3 watermark that /gdpr audit verify compares with).
      await t.slack.waitFor(() => stored.size > 1, 'the anchor in S3', 8000);
      expect([...stored.keys()].sort()).toEqual(['gdpr-bot/audit/000000000001-000000000001.jsonl', 'gdpr-bot/audit/anchors/000000000001.json']);
      expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Bucket).toBe('acme-audit');
    } finally {
      await t.close();
    }
  });
});
