import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import { errorText } from '../../commands/errors.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { createSlackApp, type SlackAppOptions } from '../../src/slack/app.js';
import type { LogCapture } from './bot.js';
import { TEST_SIGNING_SECRET } from './slack-request.js';
import type { SlackTestServer } from './slack-server.js';

/**
 * The bot's Bolt app (`createSlackApp`) alone, in HTTP mode on a free port, talking to the Slack test
 * server and logging into `logs`: for tests of the Slack layer without Redis or the rest of the bot.
 * `register` adds the listeners before it starts.
 */
export async function startSlackApp(
  slack: SlackTestServer,
  logs: LogCapture,
  register: (app: App) => void,
  options: Partial<SlackAppOptions> = {},
): Promise<{ app: App; baseUrl: string }> {
  const app = createSlackApp({
    botToken: 'xoxb-test-app',
    signingSecret: TEST_SIGNING_SECRET,
    apiUrl: slack.apiUrl,
    port: 0,
    log: createLogger('info', logs),
    metrics: new Metrics(),
    routes: [],
    errorReplyText: errorText,
    ...options,
  });
  register(app);
  const server = (await app.start(0)) as Server;
  return { app, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
