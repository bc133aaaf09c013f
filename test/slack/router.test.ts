import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.js';
import { ListenerRouter } from '../../src/slack/router.js';
import { LogCapture } from '../helpers/bot.js';
import { startSlackApp } from '../helpers/slack-app.js';
import { appHomeOpened, homeTabClick } from '../helpers/slack-events.js';
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
    router.action('answers', async ({ ack, respond }) => {
      await ack();
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'only for you' });
    });
    router.event('app_home_opened', async ({ event }) => {
      ran.push(`home of ${event.user}`);
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
    expect((await postSigned(baseUrl, buttonClick({ actionId: 'first', value: 'x', userId: 'U0000ONE', responseUrl: slack.responseUrl('r1') }))).status).toBe(
      200,
    );
    expect((await postSigned(baseUrl, buttonClick({ actionId: 'second', value: 'x', userId: 'U0000ONE', responseUrl: slack.responseUrl('r2') }))).status).toBe(
      200,
    );
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

  it('dispatches events by type', async () => {
    ran.length = 0;
    expect((await postSigned(baseUrl, appHomeOpened({ userId: 'U0000ONE' }), { contentType: 'application/json' })).status).toBe(200);
    await slack.waitFor(() => ran.length > 0, 'the event listener');
    expect(ran).toEqual(['home of U0000ONE']);
  });

  it('a click on the Home tab (no response_url) is answered by DM to the clicker alone', async () => {
    expect((await postSigned(baseUrl, homeTabClick({ userId: 'U0000TWO', actionId: 'answers', value: 'x' }))).status).toBe(200);
    await slack.waitFor(() => slack.callsTo('chat.postMessage').length > 0, 'the answer');
    expect(slack.callsTo('chat.postMessage').map((c) => [c.args.channel, c.args.text])).toEqual([['U0000TWO', 'only for you']]);
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

describe('respond, in every listener', () => {
  let slack: SlackTestServer;
  let app: App;
  let baseUrl: string;
  /** A response_url host that takes the request and never answers. */
  let silent: Server;
  let silentUrl: string;
  const logs = new LogCapture();
  const outcomes: string[] = [];

  beforeAll(async () => {
    slack = await new SlackTestServer().start();
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/response/silent`;
    const router = new ListenerRouter({ respondTimeoutMs: 300 });
    router.action('answer', async ({ ack, respond }) => {
      await ack();
      try {
        await respond({ response_type: 'ephemeral', replace_original: false, text: 'done' });
        outcomes.push('answered');
      } catch (error) {
        outcomes.push(`failed: ${(error as Error).name}`);
      }
    });
    ({ app, baseUrl } = await startSlackApp(slack, logs, (a) => router.attach(a, createLogger('info', logs))));
  });
  afterAll(async () => {
    await app.stop();
    await slack.close();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it("reaches the response_url with the listener's answer", async () => {
    outcomes.length = 0;
    await postSigned(baseUrl, buttonClick({ actionId: 'answer', value: 'x', userId: 'U0000ONE', responseUrl: slack.responseUrl('ok') }));
    await vi.waitFor(() => expect(outcomes).toEqual(['answered']));
    expect(slack.responses.filter((r) => r.id === 'ok').map((r) => r.body.text)).toEqual(['done']);
  });

  it('gives up on a response_url that never answers instead of waiting for ever, so the listener can go on', async () => {
    outcomes.length = 0;
    await postSigned(baseUrl, buttonClick({ actionId: 'answer', value: 'x', userId: 'U0000ONE', responseUrl: silentUrl }));
    await vi.waitFor(() => expect(outcomes).toEqual([expect.stringMatching(/^failed: /)]), { timeout: 5000 });
  });

  it("throws when Slack refuses the answer (a used response_url), as Bolt's respond does", async () => {
    outcomes.length = 0;
    slack.usedResponseUrls.add('used');
    await postSigned(baseUrl, buttonClick({ actionId: 'answer', value: 'x', userId: 'U0000ONE', responseUrl: slack.responseUrl('used') }));
    await vi.waitFor(() => expect(outcomes).toEqual(['failed: ResponseUrlRefusedError']));
  });
});
