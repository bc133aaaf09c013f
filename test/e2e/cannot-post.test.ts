import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { mockSyntheticAccount } from '../helpers/synthetic-aws.js';

describe('a scan typed in a channel the bot is not in', () => {
  let t: TestBot;
  let aws: ReturnType<typeof mockSyntheticAccount>;
  const channel = 'C0000NOTIN';
  const user = 'U0000ASKER';

  beforeAll(async () => {
    aws = mockSyntheticAccount({ buckets: 1, users: 2, keys: 1 });
    // A members-only channel (so the scan posts there, not by DM) that the bot was never invited to.
    t = await startTestBot({ config: { channels: { approvals: 'C0000APPR', findings: 'C0000FIND', audit: 'C0000AUDT', private: [channel] } } });
    t.slack.notInChannel.add(channel);
  });
  afterAll(async () => {
    await t?.close();
    aws?.restore();
  });

  it('tells the requester by DM, once, how to invite the bot, and counts the dead letters on /metrics', async () => {
    const answer = await t.ask('scan', { channel, user });
    const scanId = /`(scan-[a-z0-9-]+)`/.exec(String(answer.text))?.[1];
    expect(scanId).toBeDefined();
    // The progress message and then the summary are refused: not_in_channel.
    await t.slack.waitFor(() => t.slack.refused.filter((c) => c.args.channel === channel).length >= 2, 'the progress and the summary to be refused', 20_000);
    await t.slack.waitFor(() => t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === user), 'a DM to the requester');
    const dms = t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === user);
    expect(dms).toHaveLength(1);
    expect(String(dms[0]!.args.text)).toContain(`<#${channel}>`);
    expect(String(dms[0]!.args.text)).toContain('`/invite @gdpr-bot`');
    expect(String(dms[0]!.args.text)).toContain('not a member');

    // Each refusal is counted once its dead letter is stored, which may come just after Slack answered.
    const deadLetters = async () => {
      const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
      return Number(/gdpr_bot_slack_dead_letters_total\{reason="not_in_channel"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    };
    let dead = await deadLetters();
    for (let i = 0; i < 100 && dead < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      dead = await deadLetters();
    }
    expect(dead).toBeGreaterThanOrEqual(2);
  });
});
