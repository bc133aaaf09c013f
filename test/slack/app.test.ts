import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogCapture } from '../helpers/bot.js';
import { startSlackApp } from '../helpers/slack-app.js';
import { buttonClick, postSigned } from '../helpers/slack-request.js';
import { SlackTestServer } from '../helpers/slack-server.js';

describe('the Bolt app', () => {
  let slack: SlackTestServer;
  let app: App;
  let baseUrl: string;
  const logs = new LogCapture();

  beforeAll(async () => {
    slack = await new SlackTestServer().start();
    ({ app, baseUrl } = await startSlackApp(
      slack,
      logs,
      (a) =>
        a.action('explode', async ({ ack }) => {
          await ack();
          throw new Error('secret internals');
        }),
      { bodyLimit: 4096 },
    ));
  });
  afterAll(async () => {
    await app.stop();
    await slack.close();
  });

  it('tells the user about an error that escaped a listener, with a reference found in the logs', async () => {
    const res = await postSigned(baseUrl, buttonClick({ actionId: 'explode', value: 'x', userId: 'U0000USER', responseUrl: slack.responseUrl('boom') }));
    expect(res.status).toBe(200);
    await slack.waitFor(() => slack.responses.some((r) => r.id === 'boom'), 'the error reply');
    const reply = slack.responses.find((r) => r.id === 'boom')!.body;
    expect(reply.response_type).toBe('ephemeral');
    expect(String(reply.text)).not.toContain('secret internals');
    const ref = /ref `([0-9a-f]{8})`/.exec(String(reply.text))?.[1];
    expect(logs.entries().some((e) => e.ref === ref && JSON.stringify(e).includes('secret internals'))).toBe(true);
  });

  it('survives Slack being unreachable at first: the user is told at once, and the next request works', async () => {
    const { app: fresh, baseUrl: url } = await startSlackApp(
      slack,
      logs,
      (a) =>
        a.action('ping', async ({ ack, respond }) => {
          await ack();
          await respond('pong');
        }),
      { botToken: 'xoxb-test-app2' },
    );
    try {
      slack.failNext('auth.test', { times: 1, status: 200, error: 'fatal_error' });
      const refused = await postSigned(url, buttonClick({ actionId: 'ping', value: 'x', userId: 'U0000USER', responseUrl: slack.responseUrl('ping-1') }));
      expect(refused.status).toBe(200);
      await slack.waitFor(() => slack.responses.some((r) => r.id === 'ping-1'), 'the error reply');
      expect(String(slack.responses.find((r) => r.id === 'ping-1')!.body.text)).toMatch(/Something went wrong.*ref `[0-9a-f]{8}`/);
      expect(logs.text()).toContain("cannot reach Slack's API");
      // Slack is back: the next request is authorized and handled, without a restart.
      const ok = await postSigned(url, buttonClick({ actionId: 'ping', value: 'x', userId: 'U0000USER', responseUrl: slack.responseUrl('ping-2') }));
      expect(ok.status).toBe(200);
      await slack.waitFor(() => slack.responses.some((r) => r.id === 'ping-2'), 'the answer once Slack is back');
      expect(slack.responses.find((r) => r.id === 'ping-2')!.body.text).toBe('pong');
    } finally {
      await fresh.stop();
    }
  });

  it('refuses a body over the limit with 413 before looking at it', async () => {
    const res = await postSigned(baseUrl, `payload=${'x'.repeat(10_000)}`);
    expect(res.status).toBe(413);
  });
});
