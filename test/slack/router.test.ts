import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { ListenerRouter } from '../../src/slack/router.js';
import { LogCapture } from '../helpers/bot.js';
import { startSlackApp } from '../helpers/slack-app.js';
import { buttonClick, postSigned, slashCommand, viewSubmission } from '../helpers/slack-request.js';
import { SlackTestServer } from '../helpers/slack-server.js';

describe('the listener router', () => {
  let slack: SlackTestServer;
  let app: App;
  let baseUrl: string;
  const logs = new LogCapture();
  const ran: string[] = [];

  beforeAll(async () => {
    slack = await new SlackTestServer().start();
    const router = new ListenerRouter();
    router.action('first', async ({ ack, body }) => {
      await ack();
      ran.push(`first by ${body.user.id}`);
    });
    router.action({ action_id: 'second' }, async ({ ack }) => {
      await ack();
      ran.push('second');
    });
    router.view('modal', async ({ ack, view }) => {
      await ack({ response_action: 'errors', errors: { reason: `checked ${view.callback_id}` } });
      ran.push('modal');
    });
    router.command('/gdpr', async ({ ack, command }) => {
      await ack({ text: `you said ${command.text}` });
      ran.push('command');
    });
    ({ app, baseUrl } = await startSlackApp(slack, logs, (a) => router.attach(a, createLogger('info', logs))));
  });
  afterAll(async () => {
    await app.stop();
    await slack.close();
  });

  it('runs only the listener registered for the clicked action', async () => {
    ran.length = 0;
    expect((await postSigned(baseUrl, buttonClick({ actionId: 'first', value: 'x', userId: 'U0000ONE', responseUrl: slack.responseUrl('r1') }))).status).toBe(200);
    expect((await postSigned(baseUrl, buttonClick({ actionId: 'second', value: 'x', userId: 'U0000ONE', responseUrl: slack.responseUrl('r2') }))).status).toBe(200);
    expect(ran).toEqual(['first by U0000ONE', 'second']);
  });

  it('dispatches view submissions and commands, and their ack answers reach Slack', async () => {
    ran.length = 0;
    const view = await postSigned(baseUrl, viewSubmission({ userId: 'U0000ONE', callbackId: 'modal', values: {} }));
    expect(await view.json()).toEqual({ response_action: 'errors', errors: { reason: 'checked modal' } });
    const command = await postSigned(baseUrl, slashCommand({ text: 'help', response_url: slack.responseUrl('c') }));
    expect(await command.json()).toMatchObject({ text: 'you said help' });
    expect(ran).toEqual(['modal', 'command']);
  });

  it('acknowledges a click nobody listens for at once, runs nothing, and logs it', async () => {
    ran.length = 0;
    const res = await postSigned(baseUrl, buttonClick({ actionId: 'retired_button', value: 'x', userId: 'U0000ONE', responseUrl: slack.responseUrl('r3') }));
    // Bolt alone would leave it unanswered and answer 404 after 3 s; Slack then shows the user an error.
    expect(res.status).toBe(200);
    expect(ran).toEqual([]);
    expect(logs.entries().some((e) => e.msg === 'no listener for this Slack request; acknowledged and ignored' && e.id === 'retired_button')).toBe(true);
  });

  it('refuses a second listener for the same id', () => {
    const router = new ListenerRouter();
    router.action('same', async ({ ack }) => ack());
    expect(() => router.action('same', async ({ ack }) => ack())).toThrow(/already registered/);
  });
});
