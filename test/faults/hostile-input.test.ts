import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/slack/limits.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { viewSubmission } from '../helpers/slack-request.js';

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

describe('fault: hostile text in the /gdpr access request form (signed view_submission)', () => {
  let t: TestBot;
  let n = 0;
  const field = (value: string | null) => ({ value: { type: 'plain_text_input', value } });
  const submit = (userId: string, values: { role?: string; duration?: string; justification?: string; ticket?: string | null }) =>
    t.post(
      viewSubmission({
        userId,
        callbackId: 'access_request_modal',
        values: {
          role: { value: { type: 'static_select', selected_option: { value: values.role ?? 'prod-readonly' } } },
          duration: field(values.duration ?? '30m'),
          justification: field(values.justification ?? 'routine check'),
          ticket: field(values.ticket ?? null),
        },
      }),
    );
  /** The approval message of the request `userId` filed, once posted. */
  const approvalOf = async (userId: string) => {
    await t.slack.waitFor(
      () => t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === 'C0000APPR' && JSON.stringify(c.args.blocks ?? []).includes(`<@${userId}>`)),
      `the approval message of ${userId}`,
    );
    return t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0000APPR' && JSON.stringify(c.args.blocks ?? []).includes(`<@${userId}>`))!
      .args;
  };

  beforeAll(async () => {
    t = await startTestBot({
      config: {
        access: {
          revokers: [{ account: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/gdpr-bot-jit-revoker' }],
          roles: [{ name: 'prod-readonly', arn: 'arn:aws:iam::123456789012:role/gdpr-jit-readonly', maxDuration: '4h' }],
        },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(HOSTILE)('a justification and ticket of <%s> are refused beside the field, or shown escaped to approvers', async (_what, text) => {
    const user = `U0000HOST${String(++n).padStart(2, '0')}`;
    const res = await submit(user, { justification: text, ticket: text });
    expect(res.status).toBe(200);
    const body = await res.text();
    if (body.trim()) {
      // Refused with the reason beside the justification field (plain text in the modal, nothing is rendered).
      const answer = JSON.parse(body) as { response_action: string; errors: Record<string, string> };
      expect(answer.response_action).toBe('errors');
      expect(answer.errors.justification).toMatch(/too long|required/);
      await new Promise((r) => setTimeout(r, 100));
      expect(t.slack.callsTo('chat.postMessage').some((c) => JSON.stringify(c.args).includes(`<@${user}>`))).toBe(false);
      return;
    }
    const approval = await approvalOf(user);
    assertHarmless({ text: approval.text, blocks: approval.blocks });
    for (const block of (approval.blocks ?? []) as { text?: { text?: string } }[])
      expect((block.text?.text ?? '').length).toBeLessThanOrEqual(LIMITS.sectionText);
  });

  it.each([
    ['role', { role: '<!channel>' }, /Unknown role/],
    ['role', { role: '{"role":"admin"}' }, /Unknown role/],
    ['duration', { duration: '<!here> 1h' }, /is not a duration/],
    ['duration', { duration: 'A'.repeat(10_000) }, /is not a duration/],
    ['duration', { duration: '1h\u0000\u001b[31m' }, /is not a duration/],
  ] as const)('a hostile %s (%j) is refused beside the field', async (name, values, why) => {
    const res = await submit(`U0000HOSTX${++n}`, values);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(answer.errors[name]).toMatch(why);
    expect(answer.errors[name]!.length).toBeLessThan(300);
  });

  it('is still healthy afterwards, with no listener crash in the logs', async () => {
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    expect(t.logs.entries().filter((e) => e.msg === 'request failed' || e.msg === 'unhandled error in a Slack listener' || e.level === 50)).toEqual([]);
  });
});
