import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { WebClient } from '@slack/web-api';
import { mockClient } from 'aws-sdk-client-mock';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anchorText, AuditAnchors, signAnchor } from '../../src/audit/anchor.js';
import { verifySummary } from '../../src/audit/export.js';
import { AuditLog, GENESIS_HASH, hashEntry, type AuditEntry } from '../../src/audit/log.js';
import { AwsClients } from '../../src/aws/clients.js';
import { Queues } from '../../src/queues/queues.js';
import { Keys } from '../../src/redis/keys.js';
import { SlackOutbox } from '../../src/slack/outbound.js';
import { testAuditKey } from '../helpers/audit-key.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { SlackTestServer } from '../helpers/slack-server.js';

const s3 = mockClient(S3Client);
const silent = pino({ level: 'silent' });
const CHANNEL = 'C0000AUDT';

describe('audit anchors outside Redis', () => {
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  let audit: AuditLog;
  let queues: Queues;
  let slack: SlackTestServer;
  const objects = new Map<string, string>();

  const anchors = (where: { channel?: boolean; s3?: boolean }) =>
    new AuditAnchors({
      redis,
      keys,
      audit,
      key: testAuditKey(),
      slack: new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl }),
      outbox: new SlackOutbox(redis, keys, queues),
      aws: new AwsClients({ defaultRegion: 'eu-west-1' }),
      log: silent,
      now: () => new Date(),
      ...(where.channel ? { channel: CHANNEL } : {}),
      ...(where.s3 ? { s3: { bucket: 'acme-audit', prefix: 'gdpr-bot/audit/' } } : {}),
    });
  /** Posts a message in the audit channel as the bot (what an outbox job forged in Redis would make it do). */
  const botPosts = (text: string) => {
    const list = slack.history.get(CHANNEL) ?? [];
    list.push({ ts: `${1_800_000_000 + list.length}.000100`, text, user: 'UBOT000001', bot_id: 'BBOT000001' });
    slack.history.set(CHANNEL, list);
  };
  const fill = async (n: number) => {
    for (let i = 0; i < n; i++) await audit.append({ actor: 'system', action: 'test.event', subject: `e-${i}` });
  };

  beforeAll(async () => {
    slack = await new SlackTestServer().start();
  });
  beforeEach(() => {
    redis = testRedis();
    prefix = uniquePrefix('anchor');
    keys = new Keys(prefix);
    audit = new AuditLog(redis, keys, { key: testAuditKey() });
    queues = new Queues(redis, prefix);
    slack.history.clear();
    objects.clear();
    s3.reset();
    s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
      objects.set(input.Key!, String(input.Body));
      return {};
    });
    s3.on(ListObjectsV2Command).callsFake((input: { Prefix?: string; StartAfter?: string }) => ({
      Contents: [...objects.keys()]
        .sort()
        .filter((k) => k.startsWith(input.Prefix ?? '') && (!input.StartAfter || k > input.StartAfter))
        .map((Key) => ({ Key })),
      IsTruncated: false,
    }));
    // The part of the SDK's stream body the reader uses.
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => ({ Body: { transformToString: () => Promise.resolve(objects.get(input.Key) ?? '') } }));
  });
  afterEach(async () => {
    await audit.close();
    await queues.close();
    redis.disconnect();
    await cleanupPrefix(prefix);
  });
  afterAll(async () => {
    s3.restore();
    await slack.close();
  });

  it('writes the anchor to S3 and names a cut-off tail from the S3 copy alone', async () => {
    await fill(4);
    expect((await anchors({ s3: true }).anchor()).anchored).toMatchObject({ seq: 4 });
    expect([...objects.keys()]).toEqual(['gdpr-bot/audit/anchors/000000000004.json']);
    expect(verifySummary(await anchors({ s3: true }).verify())).toMatch(
      /intact: 4 entries.*matches the last anchor outside Redis \(#4 in s3:\/\/acme-audit\/gdpr-bot\/audit\/anchors\/000000000004\.json/,
    );

    // Cut the tail and rewrite the head (and the Redis hint of the anchor, too).
    const listKey = keys.key('audit', 'log');
    await redis.ltrim(listKey, 0, 1);
    const second = JSON.parse((await redis.lindex(listKey, 1))!) as AuditEntry;
    await redis.set(keys.key('audit', 'head'), JSON.stringify({ seq: 2, hash: second.hash }));
    await redis.del(keys.key('audit', 'anchors'));
    expect(verifySummary(await audit.verify())).toMatch(/intact: 2 entries/);
    expect(verifySummary(await anchors({ s3: true }).verify())).toMatch(
      /NOT intact: truncated after #2 \(the log ends at entry #2, but the anchor in s3:\/\/acme-audit\/gdpr-bot\/audit\/anchors\/000000000004\.json/,
    );
  });

  it('ignores anchors in the channel that the bot did not MAC, and an old one posted again does not hide a cut', async () => {
    await fill(5);
    const key = testAuditKey();
    const real = signAnchor(key, { seq: 5, head: (await audit.tail(1))[0]!.hash, keyedFrom: 1, at: new Date().toISOString() });
    botPosts(anchorText(real));
    const older = signAnchor(key, { seq: 3, head: (await audit.tail(3))[0]!.hash, keyedFrom: 1, at: new Date().toISOString() });
    // Someone with Redis write makes the bot post a forged anchor (no valid MAC) and re-post an old, genuine one.
    botPosts(anchorText({ ...real, seq: 2, mac: 'f'.repeat(64) }));
    botPosts(anchorText(older));
    // Another member posts a perfect copy of an anchor text with a higher seq: not the bot's message.
    slack.history.get(CHANNEL)!.push({ ts: '1900000000.000100', text: anchorText({ ...real, seq: 9 }), user: 'U0000EVIL', bot_id: '' });

    const v = await anchors({ channel: true }).verify();
    expect(v.anchor).toMatchObject({ seq: 5 });
    expect(verifySummary(v)).toMatch(/intact: 5 entries.*\(#5 in <#C0000AUDT>/);
    await redis.ltrim(keys.key('audit', 'log'), 0, 2);
    await redis.set(keys.key('audit', 'head'), JSON.stringify({ seq: 3, hash: older.head }));
    expect(verifySummary(await anchors({ channel: true }).verify())).toMatch(/NOT intact: truncated after #3/);
  });

  it('never calls entries written before the chain was keyed proven, and says where the keyed part starts', async () => {
    // Three entries as the old code wrote them (SHA-256, no key), then the keyed bot appends two.
    const listKey = keys.key('audit', 'log');
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const body = { seq, at: new Date(0).toISOString(), actor: 'system', action: 'legacy.event', subject: `old-${seq}`, detail: {}, prevHash: prev };
      const hash = hashEntry(body);
      await redis.rpush(listKey, JSON.stringify({ ...body, hash }));
      await redis.set(keys.key('audit', 'head'), JSON.stringify({ seq, hash }));
      prev = hash;
    }
    expect(verifySummary(await audit.verify())).toMatch(/consistent \(3 entries.*NOT proven: no entry is keyed/);
    await fill(2);
    const text = verifySummary(await anchors({}).verify());
    expect(text).toMatch(/intact: 5 entries, keyed \(HMAC-SHA256\) from #4/);
    expect(text).toMatch(/Entries #1–#3 were written before the chain was keyed: .* but not proven before that/);
    expect(text).toMatch(/no anchor outside Redis is configured/);
    expect(text).not.toMatch(/#1–#3[^.]*proven\./);

    // An unkeyed entry after the keyed part starts is a rewrite.
    const fifth = JSON.parse((await redis.lindex(listKey, 4))!) as AuditEntry;
    const { hash: _h, alg: _a, kid: _k, ...body } = fifth;
    await redis.lset(listKey, 4, JSON.stringify({ ...body, hash: hashEntry(body) }));
    expect(verifySummary(await audit.verify())).toMatch(/NOT intact: rewritten at #5 \(entry #5 is not keyed, but the chain is keyed from #4\)/);
  });
});
