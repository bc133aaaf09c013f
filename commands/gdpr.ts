import type { AckFn, AllMiddlewareArgs, RespondArguments, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { closest, distance } from 'fastest-levenshtein';
import { code } from '../src/slack/mrkdwn.js';
import type { Services } from '../src/services.js';
import { audienceRefusal, homeOf } from './audience.js';
import { replyWithError } from './errors.js';
import type { Reply, Subcommand } from './subcommand.js';

/** Suggests the nearest subcommand name when one is close enough to be a typo. */
export function suggest(name: string, subcommands: readonly Subcommand[]): string | undefined {
  const names = subcommands.map((s) => s.name);
  if (names.length === 0) return undefined;
  const best = closest(name, names);
  return distance(name, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * How long a subcommand that answers in the acknowledgement (`answerInAck`) may take to produce its first
 * answer. Slack gives 3 s for the acknowledgement, network included; past this budget the command is
 * acknowledged empty and the answer goes to the response_url when it comes.
 */
export const ACK_ANSWER_BUDGET_MS = 1000;

/**
 * A `respond` whose first answer goes in the acknowledgement while it is still open; later answers, and
 * any answer after `budgetMs`, go to the response_url. `settle` acknowledges empty if nothing did yet.
 */
export function answerInAck(ack: AckFn<string | RespondArguments>, respond: RespondFn, budgetMs: number): { respond: Reply; settle(): Promise<void> } {
  let open = true;
  const close = () => {
    const was = open;
    open = false;
    clearTimeout(timer);
    return was;
  };
  const settle = async () => {
    if (close()) await ack();
  };
  const timer = setTimeout(() => void settle().catch(() => undefined), budgetMs);
  return {
    settle,
    respond: async (message) => {
      if (!close()) return respond(message);
      // A command's acknowledgement is a new message: there is no original to replace or delete.
      const { replace_original: _replace, delete_original: _delete, ...content } = typeof message === 'string' ? { text: message } : message;
      await ack(content);
    },
  };
}

/**
 * The `/gdpr` slash command: routes `/gdpr <sub> …` to one handler per subcommand. It acknowledges at
 * once, or, for a subcommand marked `answerInAck`, with that subcommand's first answer when it comes
 * within {@link ACK_ANSWER_BUDGET_MS}. An unknown subcommand gets an ephemeral answer, never silence; a
 * failing handler gets an ephemeral error with a reference id.
 */
export function makeGdprCommand(services: Services, subcommands: readonly Subcommand[], options: { ackBudgetMs?: number } = {}) {
  return async ({ command, ack, respond: respondLater, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const words = command.text.trim().split(/\s+/).filter(Boolean);
    const name = (words[0] ?? 'help').toLowerCase();
    const rest = command.text
      .trim()
      .slice(words[0]?.length ?? 0)
      .trim();
    const sub = subcommands.find((s) => s.name === name);
    // Answers that need no I/O go in the acknowledgement itself: one round trip, nothing queued.
    if (!sub) {
      const guess = suggest(name, subcommands);
      await ack({
        response_type: 'ephemeral',
        text:
          `Unknown subcommand ${code(name.slice(0, 100))}.` +
          (guess ? ` Did you mean ${code(`/gdpr ${guess}`)}?` : '') +
          ` Type ${code('/gdpr help')} for the list.`,
      });
      return;
    }
    const immediate = sub.immediate?.({ args: words.slice(1), rest, userId: command.user_id, subcommands });
    if (immediate) {
      await ack(immediate);
      return;
    }
    const answer = sub.answerInAck ? answerInAck(ack, respondLater, options.ackBudgetMs ?? ACK_ANSWER_BUDGET_MS) : undefined;
    if (!answer) await ack();
    const respond = answer?.respond ?? respondLater;
    const log = services.log.child({ command: '/gdpr', sub: name, user: command.user_id, channel: command.channel_id });
    try {
      const refusal = await audienceRefusal(services, command.user_id, sub.audience ?? 'members', code(`/gdpr ${sub.name}`), {
        body: command,
        home: homeOf(context),
      });
      if (refusal) {
        await respond({ response_type: 'ephemeral', text: refusal });
        return;
      }
      await sub.run({
        args: words.slice(1),
        rest,
        command,
        userId: command.user_id,
        channelId: command.channel_id,
        respond,
        services,
        log,
        subcommands,
      });
    } catch (error) {
      await replyWithError({ error, respond, log, what: `/gdpr ${name}` });
    } finally {
      await answer?.settle();
    }
  };
}
