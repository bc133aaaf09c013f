import type { TestBot } from './bot.js';
import { buttonClick } from './slack-request.js';

/**
 * Clicks and answers on a running test bot: a signed button click whose ephemeral answer (posted to the
 * click's response_url) is awaited and returned, the latest version of a message naming an id, and the
 * audit actions about one subject.
 */
export function interactions(t: TestBot) {
  let n = 0;
  return {
    /** Clicks `actionId` (value `value`) as `userId` and returns the answer the clicker saw. */
    async click(actionId: string, value: string, userId: string, extra: { channelId?: string; messageTs?: string } = {}): Promise<Record<string, unknown>> {
      const id = `ix-${++n}`;
      const res = await t.post(buttonClick({ actionId, value, userId, responseUrl: t.slack.responseUrl(id), ...extra }));
      if (res.status !== 200) throw new Error(`${actionId} by ${userId} answered HTTP ${res.status}`);
      await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the answer to ${actionId} by ${userId}`);
      return t.slack.responses.find((r) => r.id === id)!.body;
    },
    /** The latest post or update in `channel` whose arguments mention `needle`. */
    latestMessage(channel: string, needle: string) {
      return t.slack.calls
        .filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === channel && JSON.stringify(c.args).includes(needle))
        .at(-1);
    },
    /** Audit actions whose subject is `subject`, oldest first. */
    async auditActions(subject: string): Promise<string[]> {
      return (await t.bot.services.audit.tail(1000)).filter((e) => e.subject === subject).map((e) => e.action);
    },
  };
}

/** Polls `check` every 20 ms until it is true; throws naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
