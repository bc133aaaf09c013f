import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, TEST_BOT_TOKEN, type TestBot } from '../helpers/bot.js';
import { sign, slashCommand } from '../helpers/slack-request.js';

describe('the bot over its real HTTP endpoint', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /gdpr help with the list of subcommands, ephemerally, in the acknowledgement itself', async () => {
    const res = await t.command('help', { responseId: 'help-1' });
    expect(res.status).toBe(200);
    const reply = (await res.json()) as Record<string, unknown>;
    expect(reply.response_type).toBe('ephemeral');
    for (const sub of ['help', 'status', 'scan', 'report', 'fix', 'access', 'audit']) expect(JSON.stringify(reply.blocks)).toContain(`/gdpr ${sub}`);
  });

  it('treats a bare /gdpr as help', async () => {
    expect(JSON.stringify((await t.ask('')).blocks)).toContain('/gdpr help');
  });

  it('answers an unknown subcommand with a suggestion instead of silence', async () => {
    const reply = await t.ask('hlep me');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(/Unknown subcommand `hlep`/);
    expect(reply.text).toMatch(/Did you mean `\/gdpr help`/);
  });

  it('escapes mrkdwn control characters echoed back from the user', async () => {
    const reply = await t.ask('<!channel>');
    expect(reply.text).not.toContain('<!channel>');
    expect(reply.text).toContain('&lt;!channel&gt;');
  });

  it('rejects a forged signature with 401 and does nothing', async () => {
    const before = t.slack.calls.length + t.slack.responses.length;
    const res = await t.command('help', { responseId: 'forged', signature: 'v0=' + '0'.repeat(64) });
    expect(res.status).toBe(401);
    const wrongSecret = await t.command('help', { responseId: 'forged2', secret: 'not-the-secret' });
    expect(wrongSecret.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.slack.responses.filter((r) => r.id.startsWith('forged'))).toHaveLength(0);
    expect(t.slack.calls.length + t.slack.responses.length).toBe(before);
    const jobs = await t.bot.services.queues.get('slack-outbound').getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(jobs.filter((j) => j.name === 'drain')).toHaveLength(0);
  });

  it('rejects a request whose timestamp is older than 5 minutes, even when correctly signed', async () => {
    const res = await t.command('help', { responseId: 'stale', timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
  });

  it('rejects a body changed after signing', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const body = slashCommand({ text: 'help', response_url: t.slack.responseUrl('tampered') });
    const res = await t.post(body.replace('help', 'hacked'), { timestamp: ts, signature: sign(body, ts) });
    expect(res.status).toBe(401);
  });

  it('keeps an idle connection open for 65 s, longer than the proxy in front of it (ALB and nginx: 60 s)', async () => {
    const res = await t.command('help', { responseId: 'keep-alive' });
    expect(res.status).toBe(200);
    expect(res.headers.get('keep-alive')).toBe('timeout=65');
    await res.body?.cancel();
  });

  it('reports health and metrics', async () => {
    const health = await fetch(`${t.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', redis: 'up' });
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/gdpr_bot_slack_ack_seconds_count\{status="200"\} [1-9]/);
    expect(metrics).toMatch(/gdpr_bot_slack_ack_seconds_count\{status="401"\} [1-9]/);
    expect(metrics).toMatch(/gdpr_bot_queue_jobs\{queue="slack-outbound",state="waiting"\} \d+/);
    expect(metrics).toMatch(/gdpr_bot_slack_requests_total\{type="command"\} [1-9]/);
  });

  it('logs one line per Slack request and never the bot token', async () => {
    const requests = t.logs.entries().filter((e) => e.msg === 'slack request');
    expect(requests.length).toBeGreaterThanOrEqual(3);
    expect(requests[0]).toMatchObject({ slack: { type: 'command', command: '/gdpr' } });
    expect(t.logs.text()).not.toContain(TEST_BOT_TOKEN);
  });
});
