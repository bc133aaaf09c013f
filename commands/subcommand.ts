import type { RespondArguments, SlashCommand } from '@slack/bolt';
import type { Logger } from '../src/log.js';
import type { Audience } from './audience.js';
import type { Services } from '../src/services.js';

/** Answers the user who ran the command: Bolt's `respond`, or the acknowledgement (see `answerInAck`). */
export type Reply = (message: string | RespondArguments) => Promise<unknown>;

/**
 * What a `/gdpr <sub>` handler is given. The dispatcher has already acknowledged the command, unless the
 * subcommand is marked `answerInAck`: then its first `respond` is the acknowledgement.
 */
export interface SubcommandContext {
  /** Words after the subcommand name. */
  args: string[];
  /** Everything after the subcommand name, as typed. */
  rest: string;
  command: SlashCommand;
  userId: string;
  channelId: string;
  respond: Reply;
  services: Services;
  log: Logger;
  /** Every registered subcommand (for help). */
  subcommands: readonly Subcommand[];
}

/** One file in commands/gdpr/ per subcommand. */
export interface Subcommand {
  name: string;
  /** Arguments as shown in help, e.g. `[md | csv | json]`. */
  usage?: string;
  summary: string;
  /** Who may run it (checked by the dispatcher, on the server); default `members` (no guests). */
  audience?: Audience;
  /**
   * An answer computed without any I/O (help, a usage error), sent in the acknowledgement itself so
   * Slack gets it in one round trip. Return `undefined` to go on to `run`.
   */
  immediate?(ctx: Pick<SubcommandContext, 'args' | 'rest' | 'userId' | 'subcommands'>): RespondArguments | undefined;
  /**
   * The first answer of `run` goes in the acknowledgement itself when it comes within the dispatcher's
   * budget (one round trip, no response_url post); later ones go to the response_url. For subcommands
   * whose answer is a few fast reads.
   */
  answerInAck?: boolean;
  run(ctx: SubcommandContext): Promise<void>;
}
