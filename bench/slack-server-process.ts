/**
 * The Slack test server (test/helpers/slack-server.ts) in a process of its own, so that answering the
 * bot's response_url posts and Web API calls does not share an event loop with the load generator.
 * Started by bench/index.ts with IPC: sends `{ type: 'ready', baseUrl }`, answers `{ type: 'stats' }`.
 */
import { SlackTestServer } from '../test/helpers/slack-server.js';

const slack = await new SlackTestServer().start();
let forgotten = { calls: 0, responses: 0, answers: 0 };

process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') {
    // Counts only; the recorded bodies are dropped so memory stays flat over a long run.
    // An answer reaches the user on the response_url or, once that URL's 5 uses are spent, as an ephemeral message.
    const ephemerals = slack.calls.filter((c) => c.method === 'chat.postEphemeral').length;
    forgotten = {
      calls: forgotten.calls + slack.calls.length,
      responses: forgotten.responses + slack.responses.length,
      answers: forgotten.answers + slack.responses.length + ephemerals,
    };
    slack.calls.length = 0;
    slack.responses.length = 0;
    process.send!({ type: 'stats', ...forgotten });
  }
});
process.on('disconnect', () => {
  void slack.close().then(() => process.exit(0));
});
process.send!({ type: 'ready', baseUrl: slack.baseUrl });
