/**
 * The Slack test server (test/helpers/slack-server.ts) in a process of its own, so that answering the
 * bot's response_url posts and Web API calls does not share an event loop with the load generator.
 * Started by bench/index.ts with IPC: sends `{ type: 'ready', baseUrl }`, answers `{ type: 'stats' }`.
 * The findings section (bench/findings.ts) asks `{ type: 'posts' }` instead: every chat.postMessage so far
 * as `{ channel, at, threaded, blockId }` (its first block's id), the bodies dropped; `{ type: 'count', blockIdPrefix }`
 * answers how many of them have a first block id that starts so.
 */
import { SlackTestServer } from '../test/helpers/slack-server.js';

const slack = await new SlackTestServer().start();
let forgotten = { calls: 0, responses: 0, answers: 0 };

/** The posts the findings section counts, compact: it must not hold every body in memory either. */
const posts: { channel: string; at: number; threaded: boolean; blockId?: string }[] = [];

/** Moves the calls recorded so far into `posts`, compact. */
function takePosts(): void {
  for (const c of slack.calls) {
    if (c.method !== 'chat.postMessage') continue;
    const blockId = (c.args.blocks as { block_id?: string }[] | undefined)?.[0]?.block_id;
    posts.push({ channel: String(c.args.channel), at: c.at, threaded: Boolean(c.args.thread_ts), ...(blockId ? { blockId } : {}) });
  }
  slack.calls.length = 0;
  slack.responses.length = 0;
}

process.on('message', (message: { type: string; blockIdPrefix?: string }) => {
  if (message.type === 'posts') {
    takePosts();
    process.send!({ type: 'posts', posts });
  } else if (message.type === 'count') {
    takePosts();
    process.send!({ type: 'count', count: posts.filter((p) => p.blockId?.startsWith(message.blockIdPrefix ?? '')).length });
  } else if (message.type === 'stats') {
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
