import { randomBytes } from 'node:crypto';
import type { Logger } from '../src/log.js';
import { isRedisUnavailable } from '../src/redis/connection.js';
import type { Reply } from './subcommand.js';

/** A short id that ties what the user sees to the log line with the details. */
export function newErrorRef(): string {
  return randomBytes(4).toString('hex');
}

/** The text a user sees when handling their request failed. Never contains the error's details. */
export function errorText(error: unknown, ref: string): string {
  if (isRedisUnavailable(error)) {
    return `:warning: gdpr-bot is temporarily unavailable (its job store does not answer). Nothing was changed; please try again in a minute. (ref \`${ref}\`)`;
  }
  return `:x: Something went wrong while handling this. Nothing further will happen for this request. An admin can find the details in the bot's logs under ref \`${ref}\`.`;
}

/** Logs the failure with a reference and answers the user ephemerally with that reference. */
export async function replyWithError(args: { error: unknown; respond?: Reply; log: Logger; what: string }): Promise<string> {
  const ref = newErrorRef();
  args.log.error({ err: args.error, ref, what: args.what }, 'request failed');
  if (args.respond) {
    await args.respond({ response_type: 'ephemeral', replace_original: false, text: errorText(args.error, ref) }).catch((err: unknown) =>
      args.log.error({ err, ref }, 'could not tell the user about the failure'),
    );
  }
  return ref;
}
