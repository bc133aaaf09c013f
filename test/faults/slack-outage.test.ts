import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/bot.js';

/** Slack rate-limits and fails for a while; the outbound queue must wait it out without losing or reordering posts. */
describe('fault: Slack answers 429 and 5xx for a while', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('delays posts instead of dropping them, and keeps the order within each channel', async () => {
    t.slack.failNext('chat.postMessage', { times: 2, status: 429, retryAfter: 1 });
    t.slack.failNext('chat.postMessage', { times: 1, status: 503 });
    t.slack.failNext('chat.postMessage', { times: 1, status: 500 });
    t.slack.failNext('chat.postMessage', { times: 1, status: 200, error: 'service_unavailable' });

    const channels = ['C0000AAAA', 'C0000BBBB'];
    const sent = [1, 2, 3, 4, 5].flatMap((i) => channels.map((channel) => ({ kind: 'post' as const, channel, text: `${channel} message ${i}` })));
    // Several sends, each touching both channels, as successive jobs would.
    for (let i = 0; i < sent.length; i += 2) await t.bot.services.outbox.send(sent[i]!, sent[i + 1]!);

    await t.slack.waitFor(() => t.slack.callsTo('chat.postMessage').length >= sent.length, 'every message to be posted', 15_000);
    expect(t.slack.refused.filter((c) => c.method === 'chat.postMessage')).toHaveLength(5); // every fault was hit
    const posted = t.slack.callsTo('chat.postMessage').map((c) => ({ channel: String(c.args.channel), text: String(c.args.text) }));
    expect(posted).toHaveLength(sent.length); // nothing twice
    for (const channel of channels) {
      expect(posted.filter((p) => p.channel === channel).map((p) => p.text)).toEqual([1, 2, 3, 4, 5].map((i) => `${channel} message ${i}`));
    }
    // A message leaves its list right after Slack took it.
    const waiting = [-1, -1];
    await t.slack.waitFor(() => {
      channels.forEach((c, i) => void t.bot.services.outbox.waiting(c).then((n) => (waiting[i] = n)));
      return waiting.every((n) => n === 0);
    }, 'the outbound lists to empty');
    expect(await t.bot.services.redis.llen(`${t.prefix}:slack:dead`)).toBe(0);
  });
});
