import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { closest, distance } from 'fastest-levenshtein';
import { code } from '../src/slack/mrkdwn.js';
import type { Services } from '../src/services.js';
import { audienceRefusal } from './audience.js';
import { replyWithError } from './errors.js';
import type { Subcommand } from './subcommand.js';

/** Suggests the nearest subcommand name when one is close enough to be a typo. */
export function suggest(name: string, subcommands: readonly Subcommand[]): string | undefined {
  const names = subcommands.map((s) => s.name);
  if (names.length === 0) return undefined;
  const best = closest(name, names);
  return distance(name, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * The `/gdpr` slash command: acknowledges at once, then routes `/gdpr <sub> …` to one handler per
 * subcommand. An unknown subcommand gets an ephemeral answer, never silence; a failing handler gets an
 * ephemeral error with a reference id.
 */
export function makeGdprCommand(services: Services, subcommands: readonly Subcommand[]) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const words = command.text.trim().split(/\s+/).filter(Boolean);
    const name = (words[0] ?? 'help').toLowerCase();
    const rest = command.text.trim().slice(words[0]?.length ?? 0).trim();
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
    await ack();
    const log = services.log.child({ command: '/gdpr', sub: name, user: command.user_id, channel: command.channel_id });
    try {
      const refusal = await audienceRefusal(services, command.user_id, sub.audience ?? 'members', code(`/gdpr ${sub.name}`));
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
    }
  };
}
