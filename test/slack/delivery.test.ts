import { WebClient } from '@slack/web-api';
import type { KnownBlock } from '@slack/types';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { makeSlackOutboundProcessor } from '../../jobs/slack-outbound.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { Queues } from '../../src/queues/queues.js';
import { freePort } from '../../src/redis/connection.js';
import { Keys } from '../../src/redis/keys.js';
import { SlackDelivery } from '../../src/slack/delivery.js';
import { SlackOutbox } from '../../src/slack/outbound.js';
import { ResponseUrlPolicy } from '../../src/slack/response-urls.js';
import { LogCapture } from '../helpers/bot.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { SlackTestServer } from '../helpers/slack-server.js';

describe('outbound Slack delivery', () => {
  let slack: SlackTestServer;
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  let queues: Queues;
  let outbox: SlackOutbox;
  let logs: LogCapture;
  const deliveries: SlackDelivery[] = [];

  function delivery(postIntervalMs = 20, extra: Partial<ConstructorParameters<typeof SlackDelivery>[5]> = {}) {
    const client = new WebClient('xoxb-test-delivery', { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    // The stand-in's response URLs are allowed as the bot allows them: from SLACK_API_URL's host.
    const responseUrls = ResponseUrlPolicy.fromSettings({ apiUrl: slack.apiUrl });
    const d = new SlackDelivery(redis, keys, queues, client, createLogger('debug', logs), { postIntervalMs, responseUrls, ...extra });
    deliveries.push(d);
    return d;
  }
  const posted = (channel: string) => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

  beforeAll(async () => {
    slack = await new SlackTestServer().start();
  });
  afterAll(async () => {
    await slack.close();
  });
  beforeEach(() => {
    prefix = uniquePrefix('delivery');
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    keys = new Keys(prefix);
    queues = new Queues(redis, prefix);
    outbox = new SlackOutbox(redis, keys, queues);
    logs = new LogCapture();
    slack.calls.length = 0;
    slack.responses.length = 0;
  });
  afterEach(async () => {
    await queues.close();
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  it("posts a channel's messages in order, no faster than the per-channel interval", async () => {
    await outbox.send(...Array.from({ length: 5 }, (_, i) => ({ kind: 'post' as const, channel: 'C1', text: `m${i}` })));
    const result = await delivery(60).drain('C1');
    expect(result.sent).toBe(5);
    const calls = posted('C1');
    expect(calls.map((c) => c.args.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(55);
    expect(await outbox.waiting('C1')).toBe(0);
  });

  it('waits out a 429 for its Retry-After and then delivers everything, in order', async () => {
    slack.failNext('chat.postMessage', { times: 1, status: 429, retryAfter: 1 });
    await outbox.send({ kind: 'post', channel: 'C2', text: 'first' }, { kind: 'post', channel: 'C2', text: 'second' });
    const started = Date.now();
    await delivery(10).drain('C2');
    expect(posted('C2').map((c) => c.args.text)).toEqual(['first', 'second']);
    expect(posted('C2')[0]!.at - started).toBeGreaterThanOrEqual(950);
  });

  it('hands a long Retry-After to a delayed job instead of holding the worker, keeping the message', async () => {
    slack.failNext('chat.postMessage', { times: 1, status: 429, retryAfter: 30 });
    await outbox.send({ kind: 'post', channel: 'C3', text: 'patient' });
    const result = await delivery(10).drain('C3');
    expect(result.sent).toBe(0);
    expect(result.deferredMs).toBeGreaterThan(25_000);
    expect(await outbox.waiting('C3')).toBe(1);
    const delayed = await queues.get('slack-outbound').getJobs(['delayed']);
    expect(delayed.some((j) => j.data.channel === 'C3')).toBe(true);
  });

  it('retries server errors and delivers once Slack recovers', async () => {
    slack.failNext('chat.postMessage', { times: 2, status: 503 });
    await outbox.send({ kind: 'post', channel: 'C4', text: 'eventually' });
    await delivery(10).drain('C4');
    expect(posted('C4').map((c) => c.args.text)).toEqual(['eventually']);
  });

  it('moves a message Slack refuses to the dead-letter list, logs it, and goes on with the next', async () => {
    slack.failNext('chat.postMessage', { times: 1, status: 200, error: 'channel_not_found' });
    await outbox.send({ kind: 'post', channel: 'C5', text: 'doomed' }, { kind: 'post', channel: 'C5', text: 'fine' });
    await delivery(10).drain('C5');
    expect(posted('C5').map((c) => c.args.text)).toEqual(['fine']);
    const dead = await redis.lrange(keys.key('slack', 'dead'), 0, -1);
    expect(dead.map((d) => JSON.parse(d).message.text)).toEqual(['doomed']);
    expect(logs.text()).toContain('channel_not_found');
  });

  it('tells the requester of a message Slack refuses as channel_not_found or is_archived, once per channel, and nobody when no one asked', async () => {
    const metrics = new Metrics();
    slack.failNext('chat.postMessage', { times: 3, status: 200, error: 'channel_not_found' });
    slack.failNext('chat.update', { times: 1, status: 200, error: 'is_archived' });
    await outbox.send(
      { kind: 'post', channel: 'C7', text: 'first', requestedBy: 'U0000ASK1' },
      { kind: 'post', channel: 'C7', text: 'second', requestedBy: 'U0000ASK1' },
      { kind: 'post', channel: 'C7', text: 'nobody asked' },
      { kind: 'update', channel: 'C7', ts: '1.2', text: 'archived now', requestedBy: 'U0000ASK2' },
    );
    const d = delivery(10, { metrics, botName: 'gdpr' });
    await d.drain('C7');
    await d.drain('U0000ASK1');
    await d.drain('U0000ASK2');
    const one = posted('U0000ASK1');
    expect(one).toHaveLength(1);
    expect(String(one[0]!.args.text)).toContain('I cannot see that channel');
    expect(String(one[0]!.args.text)).toContain('`/invite @gdpr`');
    const two = posted('U0000ASK2');
    expect(two).toHaveLength(1);
    expect(String(two[0]!.args.text)).toContain('archived');
    expect(slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('/invite'))).toHaveLength(2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('gdpr_bot_slack_dead_letters_total{reason="channel_not_found"} 3');
    expect(text).toContain('gdpr_bot_slack_dead_letters_total{reason="is_archived"} 1');
  });

  it('splits a message over 50 blocks: first part in the channel, the rest in its thread', async () => {
    const blocks: KnownBlock[] = Array.from({ length: 70 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `row ${i}` } }));
    await outbox.send({ kind: 'post', channel: 'C6', text: 'report', blocks, ref: 'report-1' });
    await delivery(10).drain('C6');
    const calls = posted('C6');
    expect(calls).toHaveLength(2);
    expect((calls[0]!.args.blocks as unknown[]).length).toBe(50);
    expect((calls[1]!.args.blocks as unknown[]).length).toBe(20);
    expect(calls[1]!.args.thread_ts).toBe((await outbox.lookupRef('report-1'))!.ts);
  });

  it('updates a message by ref, even when the update is queued before the post was delivered', async () => {
    await outbox.send(
      { kind: 'post', channel: 'C7', text: 'scan started', ref: 'scan-9' },
      { kind: 'update', channel: 'C7', text: 'scan 50%', ref: 'scan-9' },
      { kind: 'post', channel: 'C7', text: 'detail', thread: { ref: 'scan-9' } },
    );
    await delivery(10).drain('C7');
    const ts = (await outbox.lookupRef('scan-9'))!.ts;
    expect(slack.callsTo('chat.update').map((c) => [c.args.ts, c.args.text])).toEqual([[ts, 'scan 50%']]);
    expect(posted('C7').find((c) => c.args.text === 'detail')!.args.thread_ts).toBe(ts);
  });

  it('answers through response_url, then falls back to chat.update once the URL is used up', async () => {
    const url = slack.responseUrl('r1');
    const issuedAt = Date.now();
    const send = (text: string) => outbox.send({ kind: 'respond', channel: 'C8', responseUrl: url, issuedAt, text, fallback: { ts: '111.222' } });
    for (let i = 0; i < 6; i++) await send(`answer ${i}`);
    await delivery(0).drain('C8');
    expect(slack.responses.filter((r) => r.id === 'r1').map((r) => r.body.text)).toEqual(['answer 0', 'answer 1', 'answer 2', 'answer 3', 'answer 4']);
    expect(slack.callsTo('chat.update').map((c) => [c.args.ts, c.args.text])).toEqual([['111.222', 'answer 5']]);
  });

  it('does not pace response_url answers like channel posts (they keep their order)', async () => {
    const issuedAt = Date.now();
    await outbox.send(
      ...['one', 'two', 'three'].map((text, i) => ({
        kind: 'respond' as const,
        channel: 'C13',
        responseUrl: slack.responseUrl(`unpaced-${i}`),
        issuedAt,
        text,
      })),
    );
    // With a minute between channel posts, three answers still go out in one drain, none deferred.
    const result = await delivery(60_000).drain('C13');
    expect(result).toEqual({ sent: 3 });
    expect(slack.responses.filter((r) => r.id.startsWith('unpaced-')).map((r) => r.body.text)).toEqual(['one', 'two', 'three']);
  });

  it('retries a response_url that answers 5xx, and delivers the answer once', async () => {
    slack.failNext('response:flaky', { times: 2, status: 503 });
    await outbox.send({ kind: 'respond', channel: 'C14', responseUrl: slack.responseUrl('flaky'), issuedAt: Date.now(), text: 'after two 503s' });
    expect(await delivery(0).drain('C14')).toEqual({ sent: 1 });
    expect(slack.responses.filter((r) => r.id === 'flaky').map((r) => r.body.text)).toEqual(['after two 503s']);
    expect(slack.callsTo('chat.postEphemeral')).toHaveLength(0);
  });

  it('waits out a response_url 429 instead of posting again at once', async () => {
    slack.failNext('response:limited', { times: 1, status: 429, retryAfter: 1 });
    await outbox.send({ kind: 'respond', channel: 'C15', responseUrl: slack.responseUrl('limited'), issuedAt: Date.now(), text: 'after the limit' });
    const started = Date.now();
    expect(await delivery(0).drain('C15')).toEqual({ sent: 1 });
    const answers = slack.responses.filter((r) => r.id === 'limited');
    expect(answers.map((r) => r.body.text)).toEqual(['after the limit']);
    expect(answers[0]!.at - started).toBeGreaterThanOrEqual(950);
  });

  it('hands a long response_url 429 over to a later drain job, keeping the answer queued', async () => {
    slack.failNext('response:long-limit', { times: 1, status: 429, retryAfter: 30 });
    await outbox.send({ kind: 'respond', channel: 'C16', responseUrl: slack.responseUrl('long-limit'), issuedAt: Date.now(), text: 'later' });
    const result = await delivery(0).drain('C16');
    expect(result).toEqual({ sent: 0, deferredMs: 30_000 });
    expect(await outbox.waiting('C16')).toBe(1);
    const delayed = await queues.get('slack-outbound').getDelayed();
    expect(delayed.some((j) => j.data.channel === 'C16')).toBe(true);
  });

  it('treats a response_url that cannot be reached as a transient failure: retried, then deferred, never dropped', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/response/unreachable`;
    await outbox.send({ kind: 'respond', channel: 'C17', responseUrl: closed, issuedAt: Date.now(), text: 'nobody listens' });
    const result = await delivery(0, { inlineRetries: 1, deferOnFailureMs: 5000, responseUrls: ResponseUrlPolicy.of([new URL(closed).host]) }).drain('C17');
    expect(result).toEqual({ sent: 0, deferredMs: 5000 });
    expect(await outbox.waiting('C17')).toBe(1);
    expect(logs.entries().some((e) => e.msg === 'Slack delivery failed; will retry')).toBe(true);
  });

  it('respondNow answers at once without the outbox, counting the use of the response_url', async () => {
    const m = { kind: 'respond' as const, channel: 'C18', responseUrl: slack.responseUrl('now'), issuedAt: Date.now(), text: 'at once' };
    expect(await delivery(0).respondNow(m)).toBe(true);
    expect(slack.responses.filter((r) => r.id === 'now').map((r) => r.body.text)).toEqual(['at once']);
    expect(await outbox.waiting('C18')).toBe(0);
    expect(await queues.get('slack-outbound').getJobCounts('waiting', 'delayed')).toEqual({ waiting: 0, delayed: 0 });
    // Four more answers use the URL up; the sixth goes to its fallback, as a queued one would.
    for (let i = 0; i < 5; i++) await delivery(0).respondNow({ ...m, text: `again ${i}`, fallback: { user: 'U0000USER' } });
    expect(slack.responses.filter((r) => r.id === 'now')).toHaveLength(5);
    expect(slack.callsTo('chat.postEphemeral').map((c) => c.args.text)).toEqual(['again 4']);
  });

  it('respondNow says false when Slack does not take the answer, so the caller can queue it', async () => {
    slack.failNext('response:refused-now', { times: 1, status: 503 });
    const m = { kind: 'respond' as const, channel: 'C19', responseUrl: slack.responseUrl('refused-now'), issuedAt: Date.now(), text: 'later' };
    expect(await delivery(0).respondNow(m)).toBe(false);
    expect(slack.responses.filter((r) => r.id === 'refused-now')).toHaveLength(0);
    const closed = `http://127.0.0.1:${await freePort()}/response/nobody`;
    expect(await delivery(0, { responseUrls: ResponseUrlPolicy.of([new URL(closed).host]) }).respondNow({ ...m, responseUrl: closed })).toBe(false);
  });

  it('falls back when the response_url is older than 30 minutes or Slack says it is used', async () => {
    await outbox.send({
      kind: 'respond',
      channel: 'C9',
      responseUrl: slack.responseUrl('old'),
      issuedAt: Date.now() - 31 * 60_000,
      text: 'late',
      fallback: { user: 'U0000USER' },
    });
    slack.usedResponseUrls.add('used');
    await outbox.send({
      kind: 'respond',
      channel: 'C9',
      responseUrl: slack.responseUrl('used'),
      issuedAt: Date.now(),
      text: 'used',
      fallback: { user: 'U0000USER' },
    });
    await delivery(0).drain('C9');
    expect(slack.responses).toHaveLength(0);
    expect(slack.callsTo('chat.postEphemeral').map((c) => [c.args.user, c.args.text])).toEqual([
      ['U0000USER', 'late'],
      ['U0000USER', 'used'],
    ]);
  });

  it('delivers each message exactly once when several processes drain the same channel', async () => {
    const texts = Array.from({ length: 30 }, (_, i) => `n${i}`);
    await outbox.send(...texts.map((text) => ({ kind: 'post' as const, channel: 'C10', text })));
    const drainers = [delivery(5), delivery(5), delivery(5)];
    // Each "process" keeps trying until the list is empty, as queued drain jobs would.
    await Promise.all(
      drainers.map(async (d) => {
        while ((await outbox.waiting('C10')) > 0) {
          const r = await d.drain('C10');
          if (r.busy) await new Promise((res) => setTimeout(res, 20));
        }
      }),
    );
    expect(posted('C10').map((c) => c.args.text)).toEqual(texts);
  });

  it('when a drainer died holding a channel, the next drain is scheduled for when its lock runs out', async () => {
    await redis.set(keys.key('slack', 'out-lock', 'C12'), 'a-dead-worker', 'PX', 400);
    await outbox.send({ kind: 'post', channel: 'C12', text: 'after the crash' });
    const d = delivery(5);
    expect(await d.drain('C12')).toMatchObject({ busy: true });
    expect(await d.drain('C12')).toMatchObject({ busy: true });
    const delayed = (await queues.get('slack-outbound').getJobs(['delayed'])).filter((j) => j.data.channel === 'C12');
    expect(delayed).toHaveLength(1);
    expect(delayed[0]!.opts.delay).toBeLessThanOrEqual(450);
    await new Promise((r) => setTimeout(r, 500));
    expect(await d.drain('C12')).toMatchObject({ sent: 1 });
    expect(posted('C12').map((c) => c.args.text)).toEqual(['after the crash']);
  });

  it('a channel handed over after a full batch is taken by the next drain job at once, not after the lock runs out', async () => {
    const texts = Array.from({ length: 5 }, (_, i) => `batch ${i}`);
    await outbox.send(...texts.map((text) => ({ kind: 'post' as const, channel: 'C18', text })));
    const first = delivery(0, { maxBatch: 2, lockMs: 60_000 });
    const next = delivery(0, { maxBatch: 10, lockMs: 60_000 });
    // The drain job the hand-over queues, run by another worker the moment it is in the queue.
    const queue = queues.get('slack-outbound');
    const add = queue.add.bind(queue);
    let nextDrain: Promise<Awaited<ReturnType<SlackDelivery['drain']>>> | undefined;
    queue.add = (async (...args: Parameters<typeof add>) => {
      const job = await add(...args);
      if (!nextDrain && args[1].channel === 'C18') nextDrain = next.drain('C18');
      return job;
    }) as typeof add;
    try {
      expect(await first.drain('C18')).toMatchObject({ sent: 2, deferredMs: 0 });
      expect(nextDrain).toBeDefined();
      // It found the channel free: it delivered the rest instead of waiting out the first drainer's lock.
      expect(await nextDrain).toEqual({ sent: 3 });
      expect(posted('C18').map((c) => c.args.text)).toEqual(texts);
      const delayed = (await queue.getJobs(['delayed'])).filter((j) => j.data.channel === 'C18');
      expect(delayed).toEqual([]);
    } finally {
      queue.add = add;
    }
  });

  it('keeps one drain job waiting per channel, however many messages are sent', async () => {
    for (let i = 0; i < 100; i++) await outbox.send({ kind: 'post', channel: 'C14', text: `burst ${i}` });
    const waiting = (await queues.get('slack-outbound').getJobs(['waiting'])).filter((j) => j.data.channel === 'C14');
    expect(waiting).toHaveLength(1);
    expect(await outbox.waiting('C14')).toBe(100);
  });

  it('through real workers, bursts with pauses are all delivered once, in order, without waiting for the sweep', async () => {
    const workers = [0, 1].map(
      () =>
        new Worker('slack-outbound', makeSlackOutboundProcessor({ delivery: delivery(0) }) as (job: Job) => Promise<unknown>, {
          connection: redis.duplicate(),
          prefix,
          concurrency: 4,
        }),
    );
    try {
      const sent: Record<string, string[]> = { C15: [], C16: [] };
      for (let burst = 0; burst < 20; burst++) {
        for (const channel of ['C15', 'C16']) {
          const texts = Array.from({ length: 5 }, (_, i) => `${channel}-${burst}-${i}`);
          sent[channel]!.push(...texts);
          await outbox.send(...texts.map((text) => ({ kind: 'post' as const, channel, text })));
        }
        await new Promise((r) => setTimeout(r, (burst * 7) % 25));
      }
      // Well inside the 30 s sweep: a message stranded without a drain job would fail this wait.
      await slack.waitFor(() => posted('C15').length + posted('C16').length >= 200, 'every message', 10_000);
      for (const channel of ['C15', 'C16']) expect(posted(channel).map((c) => c.args.text)).toEqual(sent[channel]);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it('a message sent just as a drain job lets go of its channel still gets delivered (no wait for the sweep)', async () => {
    const processor = makeSlackOutboundProcessor({ delivery: delivery(0) });
    let raced = false;
    const worker = new Worker(
      'slack-outbound',
      async (job: Job) => {
        const result = await processor(job as Parameters<typeof processor>[0]);
        // The drainer has emptied and released the channel, but its job is not complete yet.
        if (!raced && job.data.channel === 'C17') {
          raced = true;
          await outbox.send({ kind: 'post', channel: 'C17', text: 'second' });
        }
        return result;
      },
      { connection: redis.duplicate(), prefix, concurrency: 1 },
    );
    try {
      await outbox.send({ kind: 'post', channel: 'C17', text: 'first' });
      await slack.waitFor(() => posted('C17').length >= 2, 'the message sent during the hand-back', 5_000);
      expect(posted('C17').map((c) => c.args.text)).toEqual(['first', 'second']);
    } finally {
      await worker.close();
    }
  });

  it('the sweep re-queues channels whose drainer died', async () => {
    await outbox.send({ kind: 'post', channel: 'C11', text: 'stranded' });
    await queues.get('slack-outbound').obliterate({ force: true });
    expect(await delivery().sweep()).toBe(1);
    const waiting = await queues.get('slack-outbound').getJobs(['waiting']);
    expect(waiting.map((j) => j.data.channel)).toContain('C11');
  });
  describe('response_urls that are not on an allowed Slack host', () => {
    let attacker: SlackTestServer;
    beforeAll(async () => {
      attacker = await new SlackTestServer().start();
    });
    afterAll(async () => {
      await attacker.close();
    });

    it('are refused before any request, dead-lettered with the reason, and logged without their path', async () => {
      const other = new URL(attacker.baseUrl);
      const forged = [
        attacker.responseUrl('stolen-1'), // another loopback port than the Slack stand-in
        `http://${new URL(slack.baseUrl).host}@${other.host}/response/stolen-2`, // user info: the host is the attacker's
        `https://hooks.slack.com@${other.host}/response/stolen-3`,
        'http://hooks.slack.com/actions/T1/1/secret-path-4', // Slack's host, but not https
        'https://hooks.slack.com.evil.example/actions/T1/1/secret-path-5',
        'https://evil.example/actions/T1/1/secret-path-6',
      ];
      await outbox.send(
        ...forged.map((responseUrl, i) => ({
          kind: 'respond' as const,
          channel: 'C40',
          responseUrl,
          issuedAt: Date.now(),
          text: `answer ${i}`,
          fallback: { user: 'U0000USER' },
        })),
      );
      const result = await delivery(0).drain('C40');
      expect(result.sent).toBe(0);
      expect(attacker.responses).toHaveLength(0);
      expect(attacker.calls).toHaveLength(0);
      // Not sent anywhere else either: no fallback is taken for a refused URL.
      expect(slack.callsTo('chat.postEphemeral')).toHaveLength(0);
      const dead = (await redis.lrange(`${prefix}:slack:dead`, 0, -1)).map((d) => JSON.parse(d) as { reason: string });
      expect(dead).toHaveLength(forged.length);
      for (const d of dead) expect(d.reason).toMatch(/^response_url refused: /);
      const refusals = logs.entries().filter((e) => e.msg === 'refused a response_url that is not on an allowed Slack host; nothing was sent to it');
      expect(refusals).toHaveLength(forged.length);
      expect(JSON.stringify(refusals)).not.toMatch(/secret-path|stolen/);
    });

    it('respondNow refuses them too (the caller then queues the answer, which is dead-lettered)', async () => {
      const m = { kind: 'respond' as const, channel: 'C41', responseUrl: attacker.responseUrl('stolen-now'), issuedAt: Date.now(), text: 'no' };
      expect(await delivery(0).respondNow(m)).toBe(false);
      expect(attacker.responses).toHaveLength(0);
    });

    it("with the default policy only Slack's own hosts are allowed: the loopback stand-in is refused", async () => {
      await outbox.send({ kind: 'respond', channel: 'C42', responseUrl: slack.responseUrl('default-policy'), issuedAt: Date.now(), text: 'no' });
      await delivery(0, { responseUrls: ResponseUrlPolicy.slack() }).drain('C42');
      expect(slack.responses.filter((r) => r.id === 'default-policy')).toHaveLength(0);
    });
  });
});
