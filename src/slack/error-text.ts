import { randomBytes } from 'node:crypto';
import { isRedisUnavailable } from '../redis/connection.js';

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
