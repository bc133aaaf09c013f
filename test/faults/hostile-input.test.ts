import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/slack/limits.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';

const APPROVER = 'U0000APPR1';

const HOSTILE: [string, string][] = [
  ['a channel-wide ping', '<!channel>'],
  ['an @here with a label', '<!here|here>'],
  ['a user mention', '<@U0000BOSS>'],
  ['a disguised link', '<http://evil.example/login|Click to approve>'],
  ['a channel link', '<#C0000SECRET|security>'],
  ['10,000 characters', 'A'.repeat(10_000)],
  ['10,000 characters of mentions', '<!channel>'.repeat(1000)],
  ['unicode: astral, emoji, bidi override, zero-width', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢🙂‮evil‬​x 日本語 Ω'],
  ['control characters and an ANSI escape', 'ctrl\u0000\u0007\u001b[31mred\u007f\u0008'],
  ['JSON that looks like a Slack payload', '{"text":"<!channel>","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"<!here>"}}]}'],
  ['mrkdwn formatting and a code fence breaker', '`x` ```y``` *b* _i_ ~s~ > quote'],
  ['already-escaped entities', '&lt;!channel&gt; &amp;'],
  ['only whitespace and newlines', ' \r\n\t \n '],
];

/** Anything that would make Slack ping, link or render something the user did not type as plain text. */
function assertHarmless(reply: Record<string, unknown>): void {
  const shown = JSON.stringify({ text: reply.text, blocks: reply.blocks });
  expect(shown).not.toMatch(/<!(channel|here|everyone)/);
  expect(shown).not.toMatch(/<@U0000BOSS/);
  expect(shown).not.toMatch(/<http/);
  expect(shown).not.toMatch(/<#C/);
  // eslint-disable-next-line no-control-regex
  expect(String(reply.text ?? '')).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
  expect(shown).not.toMatch(/\\u00(0[0-8bcef]|1[0-9a-f])|\\u007f/);
  expect(String(reply.text ?? '').length).toBeLessThanOrEqual(LIMITS.fallbackText);
  expect(((reply.blocks as unknown[] | undefined) ?? []).length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
}

describe('fault: hostile text in slash commands', () => {
  let t: TestBot;
  const ask = (text: string, user = 'U0000USER') => t.ask(text, { user });

  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(HOSTILE)('/gdpr <%s> gets a clear, harmless answer', async (_what, text) => {
    const reply = await ask(text);
    expect(reply.response_type).toBe('ephemeral');
    assertHarmless(reply);
    expect(String(reply.text) + JSON.stringify(reply.blocks ?? '')).toMatch(/Unknown subcommand|gdpr-bot/);
  });

  it.each(HOSTILE)('/gdpr audit <%s> gets a clear, harmless answer', async (_what, text) => {
    const reply = await ask(`audit ${text}`, APPROVER);
    assertHarmless(reply);
    expect(String(reply.text) + JSON.stringify(reply.blocks ?? '')).toMatch(/Usage|audit log|too many arguments/i);
  });

  it('shows hostile text stored in the audit log as plain text', async () => {
    for (const [, text] of HOSTILE) await t.bot.services.audit.append({ actor: 'U0000USER', action: 'test.hostile', subject: text, detail: { text } });
    const reply = await ask('audit 13', APPROVER);
    const shown = JSON.stringify(reply.blocks);
    expect(shown).not.toMatch(/<!(channel|here)|<@U0000BOSS|<http|<#C/);
    expect(((reply.blocks as unknown[] | undefined) ?? []).length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  });

  it('is still healthy and answering afterwards', async () => {
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    const reply = await ask('help');
    expect(JSON.stringify(reply.blocks)).toContain('/gdpr audit');
    expect(t.logs.entries().filter((e) => e.msg === 'request failed' || e.msg === 'unhandled error in a Slack listener')).toEqual([]);
  });
});
