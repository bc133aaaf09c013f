import { WebClient } from '@slack/web-api';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeFindingsPollProcessor } from '../../jobs/findings-poll.js';
import { AuditLog } from '../../src/audit/log.js';
import { AwsClients } from '../../src/aws/clients.js';
import { configSchema } from '../../src/config/schema.js';
import { FindingsQueueConsumer, queueRegion } from '../../src/findings/sqs.js';
import { FindingStore } from '../../src/findings/store.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { Queues } from '../../src/queues/queues.js';
import { Keys } from '../../src/redis/keys.js';
import { Lease } from '../../src/redis/lease.js';
import { SlackDelivery } from '../../src/slack/delivery.js';
import { SlackOutbox } from '../../src/slack/outbound.js';
import { testAuditKey } from '../helpers/audit-key.js';
import { FakeFindingServices, gdFinding } from '../helpers/aws-findings.js';
import { LogCapture } from '../helpers/bot.js';
import { asffFinding, body, guardDutyEvent, macieEvent, securityHubEvent } from '../helpers/finding-events.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { SlackTestServer } from '../helpers/slack-server.js';
import { SqsStandIn } from '../helpers/sqs-server.js';

/** A real-looking queue URL: the SDK must be sent to the stand-in by AWS_ENDPOINT_URL_SQS, not by this host. */
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/111122223333/gdpr-bot-findings';
const KEYS = async () => ({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test-secret-EXAMPLE' });
const ENV = ['AWS_ENDPOINT_URL_SQS', 'AWS_ENDPOINT_URL', 'AWS_PROFILE', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'] as const;

describe('the findings queue (EventBridge → SQS) against an SQS stand-in', () => {
  let slack: SlackTestServer;
  let sqs: SqsStandIn;
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  let queues: Queues;
  let outbox: SlackOutbox;
  let audit: AuditLog;
  let logs: LogCapture;
  let metrics: Metrics;
  const saved: Partial<Record<(typeof ENV)[number], string | undefined>> = {};

  const config = (findings: Record<string, unknown> = {}) =>
    configSchema.parse({
      channels: { findings: 'C0FIND' },
      scan: { regions: ['eu-west-1'] },
      findings: { minSeverity: 'low', delivery: 'eventbridge', sqs: { queueUrl: QUEUE_URL }, ...findings },
    });

  function consumer(options: Partial<ConstructorParameters<typeof FindingsQueueConsumer>[1]> = {}, cfg = config()) {
    return new FindingsQueueConsumer(
      {
        config: cfg,
        redis,
        keys,
        outbox,
        log: createLogger('debug', logs),
        now: () => new Date(),
        aws: new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 1 }, {}, KEYS),
        metrics,
        audit,
      },
      { queueUrl: QUEUE_URL, region: queueRegion({ queueUrl: QUEUE_URL }, 'us-east-1'), waitTimeSeconds: 0, lockWaitMs: 200, ...options },
    );
  }

  /** One round of a consumer that then stops (and frees the queue's lease), as a worker shutting down would. */
  async function round(options: Parameters<typeof consumer>[0] = {}, cfg = config()) {
    const c = consumer(options, cfg);
    try {
      return await c.receiveOnce();
    } finally {
      await c.stop();
    }
  }

  /** Delivers everything waiting, as the slack-outbound workers would. */
  async function deliverAll() {
    const client = new WebClient('xoxb-test-sqs', { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    const delivery = new SlackDelivery(redis, keys, queues, client, createLogger('silent'), { postIntervalMs: 0, maxBatch: 10_000 });
    for (;;) {
      const channels = await redis.smembers(keys.key('slack', 'out-channels'));
      if (channels.length === 0) return;
      for (const channel of channels) await delivery.drain(channel);
    }
  }
  const findingPosts = () =>
    slack
      .callsTo('chat.postMessage')
      .map((c) => (c.args.blocks as { block_id?: string }[] | undefined)?.[0]?.block_id)
      .filter((b): b is string => Boolean(b?.startsWith('finding:')))
      .map((b) => b.slice('finding:'.length));
  const findingUpdates = () => slack.callsTo('chat.update').map((c) => String(c.args.text));

  beforeAll(async () => {
    slack = await new SlackTestServer().start();
    sqs = await new SqsStandIn().start();
    for (const name of ENV) saved[name] = process.env[name];
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
    process.env.AWS_ENDPOINT_URL_SQS = sqs.url;
  });
  afterAll(async () => {
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await sqs.close();
    await slack.close();
  });
  beforeEach(() => {
    prefix = uniquePrefix('findings-sqs');
    redis = testRedis('worker');
    keys = new Keys(prefix);
    queues = new Queues(redis, prefix);
    outbox = new SlackOutbox(redis, keys, queues);
    audit = new AuditLog(redis, keys, { key: testAuditKey() });
    logs = new LogCapture();
    metrics = new Metrics();
    slack.calls.length = 0;
    sqs.messages.length = 0;
    sqs.calls.length = 0;
    sqs.deleted.length = 0;
    sqs.receiveFault = undefined;
  });
  afterEach(async () => {
    await audit.close();
    await queues.close();
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  it('posts GuardDuty, Macie and Security Hub findings from the queue, through the SDK endpoint setting, and deletes them after the hand-over', async () => {
    sqs.send(body(guardDutyEvent(1)));
    sqs.send(body(macieEvent(2)));
    sqs.send(body(securityHubEvent([asffFinding(3)])));
    const outcome = await round();
    expect(outcome).toMatchObject({ received: 3, handled: 3, posted: 3, deleted: 3, malformed: 0, left: 0 });
    // What the SDK sent: long polling with the options the consumer asks for.
    expect(sqs.callsTo('ReceiveMessage')[0]).toMatchObject({
      QueueUrl: QUEUE_URL,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 60,
      MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
    });
    expect(sqs.messages).toHaveLength(0);
    await deliverAll();
    const posted = findingPosts();
    expect(posted).toHaveLength(3);
    expect(posted).toEqual(expect.arrayContaining(['gd000001', 'mc000002']));
    expect(posted.find((id) => id.startsWith('sh-'))).toBeDefined();
    const texts = slack.callsTo('chat.postMessage').map((c) => String(c.args.text));
    expect(texts.some((t) => t.startsWith('High Security Hub finding: Software and Configuration Checks/Vulnerabilities/CVE: CVE-2026-1003 - openssl'))).toBe(
      true,
    );
    // The poll's watermark is not moved by events: the poll still lists what EventBridge may not have delivered.
    expect(await new FindingStore(redis, keys).watermark('guardduty', '111122223333', 'eu-west-1')).toBeUndefined();
    expect(await new FindingStore(redis, keys).watermark('guardduty', 'self', 'eu-west-1')).toBeUndefined();
  });

  it('posts a finding delivered twice (EventBridge duplicates) and redelivered (not deleted in time) once', async () => {
    sqs.send(body(guardDutyEvent(1)));
    sqs.send(body(guardDutyEvent(1)));
    const c = consumer();
    expect(await c.receiveOnce()).toMatchObject({ received: 2, posted: 1, unchanged: 0, deleted: 2 });
    // The same finding again, later: an exact repeat is unchanged.
    sqs.send(body(guardDutyEvent(1)));
    expect(await c.receiveOnce()).toMatchObject({ received: 1, posted: 0, unchanged: 1, deleted: 1 });
    await c.stop();
    await deliverAll();
    expect(findingPosts()).toEqual(['gd000001']);
  });

  it('a crash after the hand-over and before the delete: the message comes back and is still posted once', async () => {
    sqs.send(body(guardDutyEvent(1)));
    sqs.send(body(macieEvent(2)));
    // A worker that dies between the commit and the delete: it never frees the queue's lease (a short one here).
    const crashing = consumer({
      leaseMs: 300,
      beforeDelete: async () => {
        throw new Error('worker killed');
      },
    });
    await expect(crashing.receiveOnce()).rejects.toThrow('worker killed');
    // Handed over (in the outbox), not deleted: the messages are in flight.
    expect(sqs.deleted).toEqual([]);
    expect(sqs.messages).toHaveLength(2);
    expect(await sqs.callsTo('ReceiveMessage')).toHaveLength(1);
    // Their visibility timeout runs out; the next consumer receives them again (ApproximateReceiveCount 2).
    sqs.expireVisibility();
    // The next worker stands by until the dead one's lease runs out, then takes the queue.
    const next = consumer();
    let outcome = await next.receiveOnce();
    while (outcome.busy) {
      await new Promise((r) => setTimeout(r, 50));
      outcome = await next.receiveOnce();
    }
    await next.stop();
    expect(outcome).toMatchObject({ received: 2, posted: 0, unchanged: 2, deleted: 2 });
    expect(sqs.messages).toHaveLength(0);
    await deliverAll();
    expect(findingPosts().sort()).toEqual(['gd000001', 'mc000002']);
  });

  it('an updated finding updates its message, as the poll does', async () => {
    sqs.send(body(guardDutyEvent(1)));
    const c = consumer();
    await c.receiveOnce();
    await deliverAll();
    const first = guardDutyEvent(1).detail as { service: Record<string, unknown> };
    sqs.send(
      body(guardDutyEvent(1, { updatedAt: '2026-01-01T01:00:00.000Z', service: { ...first.service, count: 7, eventLastSeen: '2026-01-01T01:00:00.000Z' } })),
    );
    expect(await c.receiveOnce()).toMatchObject({ updated: 1, posted: 0 });
    await c.stop();
    await deliverAll();
    expect(findingPosts()).toEqual(['gd000001']);
    expect(slack.callsTo('chat.update')).toHaveLength(1);
    expect(JSON.stringify(slack.callsTo('chat.update')[0]!.args.blocks)).toContain('count 1 → 7');
    expect(findingUpdates()).toHaveLength(1);
  });

  it('a finding that comes by both paths (the poll and EventBridge), in either order, is posted once', async () => {
    const aws = new FakeFindingServices();
    try {
      aws.addGuardDuty(gdFinding(1), gdFinding(2));
      const poll = makeFindingsPollProcessor({
        config: config(),
        redis,
        keys,
        outbox,
        log: createLogger('silent'),
        now: () => new Date(),
        aws: new AwsClients({ defaultRegion: 'eu-west-1' }),
        metrics,
      });
      const job = { data: { account: 'self', region: 'eu-west-1' } } as Job<{ account: string; region: string }, never, 'poll'>;
      // gd000001: the event first, then the poll. gd000002: the poll first, then the event.
      sqs.send(body(guardDutyEvent(1)));
      expect(await round()).toMatchObject({ posted: 1 });
      expect((await poll(job)).sources.guardduty).toMatchObject({ fetched: 2, posted: 1, unchanged: 1 });
      sqs.send(body(guardDutyEvent(2)));
      expect(await round()).toMatchObject({ posted: 0, unchanged: 1 });
      await deliverAll();
      expect(findingPosts().sort()).toEqual(['gd000001', 'gd000002']);
    } finally {
      aws.restore();
    }
  });

  it('waits for a running poll of the same account and region, and leaves the message for redelivery when it keeps the lock', async () => {
    const store = new FindingStore(redis, keys);
    const pollLock = await Lease.acquire(redis, store.lockKey('self', 'eu-west-1'), 60_000);
    sqs.send(body(guardDutyEvent(1)));
    const outcome = await round();
    expect(outcome).toMatchObject({ received: 1, left: 1, posted: 0, deleted: 0 });
    expect(sqs.messages).toHaveLength(1);
    await pollLock!.release();
    sqs.expireVisibility();
    expect(await round()).toMatchObject({ received: 1, posted: 1, deleted: 1 });
  });

  it('audits and deletes a malformed message without posting anything; the good ones in the same batch go through', async () => {
    sqs.send('not json');
    sqs.send(body({ ...guardDutyEvent(5), 'detail-type': 'GuardDuty Runtime Protection Unhealthy' }));
    const noUpdatedAt = guardDutyEvent(6);
    delete (noUpdatedAt.detail as Record<string, unknown>).updatedAt;
    sqs.send(body(noUpdatedAt));
    sqs.send(body(guardDutyEvent(7)));
    const outcome = await round();
    expect(outcome).toMatchObject({ received: 4, malformed: 3, handled: 1, posted: 1, deleted: 4 });
    await deliverAll();
    expect(findingPosts()).toEqual(['gd000007']);
    const rejected = (await audit.tail(10)).filter((e) => e.action === 'finding.event_rejected');
    expect(rejected).toHaveLength(3);
    expect(rejected.map((e) => String(e.detail.reason)).sort()).toEqual([
      'GuardDuty finding: updatedAt missing or not a time',
      'not a findings event (source aws.guardduty, detail-type GuardDuty Runtime Protection Unhealthy)',
      'the message is not JSON',
    ]);
    // The audit entries and logs name the message, never its body.
    expect(JSON.stringify(rejected)).not.toContain('198.51.100.7');
    expect(logs.text()).not.toContain('198.51.100.7');
    expect(await metrics.registry.getSingleMetricAsString('gdpr_bot_findings_queue_messages_total')).toMatch(/outcome="malformed"} 3/);
  });

  it('archived and below-threshold findings are acknowledged and not posted', async () => {
    sqs.send(body(macieEvent(1, { archived: true })));
    sqs.send(body(guardDutyEvent(2, { severity: 2 })));
    const outcome = await round({}, config({ minSeverity: 'medium' }));
    expect(outcome).toMatchObject({ received: 2, skipped: 2, posted: 0, deleted: 2, malformed: 0 });
    await deliverAll();
    expect(findingPosts()).toEqual([]);
  });

  it('the loop: one consumer per queue across processes, survives SQS errors, and stops cleanly', async () => {
    sqs.receiveFault = { times: 1, type: 'RequestThrottled', status: 400 };
    const a = consumer({ waitTimeSeconds: 1, standbyMs: 20 });
    const b = consumer({ waitTimeSeconds: 1, standbyMs: 20 });
    a.start();
    b.start();
    for (let i = 1; i <= 12; i++) sqs.send(body(guardDutyEvent(i)));
    const until = async (cond: () => boolean) => {
      while (!cond()) await new Promise((r) => setTimeout(r, 20));
    };
    await until(() => sqs.deleted.length === 12);
    expect([a.holding, b.holding].filter(Boolean)).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
    expect(a.holding || b.holding).toBe(false);
    await deliverAll();
    expect(findingPosts().sort()).toEqual(Array.from({ length: 12 }, (_, i) => `gd${String(i + 1).padStart(6, '0')}`));
    expect(logs.text()).toContain('findings queue round failed');
    expect(await metrics.registry.getSingleMetricAsString('gdpr_bot_findings_queue_rounds_total')).toMatch(/outcome="error"} 1/);
  });

  it('a queue that does not exist fails the round loudly and deletes nothing', async () => {
    const wrong = new FindingsQueueConsumer(
      {
        config: config(),
        redis,
        keys,
        outbox,
        log: createLogger('silent'),
        now: () => new Date(),
        aws: new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 1 }, {}, KEYS),
        metrics,
        audit,
      },
      { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/not-there', region: 'eu-west-1', waitTimeSeconds: 0 },
    );
    await expect(wrong.receiveOnce()).rejects.toThrow(/does not exist/);
    await wrong.stop();
  });
});

describe('queueRegion', () => {
  it.each([
    [{ queueUrl: 'https://sqs.eu-central-1.amazonaws.com/111122223333/q' }, 'eu-central-1'],
    [{ queueUrl: 'https://sqs.eu-central-1.amazonaws.com/111122223333/q', region: 'eu-west-3' }, 'eu-west-3'],
    [{ queueUrl: 'http://localhost:4566/000000000000/q' }, 'us-east-1'],
  ])('%j → %s', (sqs, region) => expect(queueRegion(sqs, 'us-east-1')).toBe(region));
});
