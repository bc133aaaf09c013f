/**
 * The floor for the ack-latency benchmark: a bare Bolt app on the same HTTP receiver, signing secret and
 * body limit as the bot, whose listeners only ack. Whatever the bot costs beyond this is ours.
 * Prints `LISTENING <port>` on stdout.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET!, endpoints: '/slack/events', bodyLimit: 256 * 1024 });
const app = new App({ token: 'xoxb-floor', receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: process.env.SLACK_API_URL } });
app.command('/gdpr', async ({ ack }) => {
  await ack();
});
app.action(/.*/, async ({ ack }) => {
  await ack();
});
const server = (await app.start(0)) as unknown as import('node:http').Server;
const address = server.address();
process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
