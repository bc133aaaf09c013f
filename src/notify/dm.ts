import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';

/** How long a user's DM channel id is remembered (it does not change, but a day bounds a stale entry). */
const DM_CHANNEL_TTL_SECONDS = 86_400;

/**
 * The id of the bot's DM channel with `userId` (`conversations.open`, remembered in Redis for a day).
 * Messages to a user go there rather than to the user id, because `chat.update` and file uploads need
 * the real channel.
 */
export async function dmChannel(deps: { redis: Redis; keys: Keys; slack: WebClient }, userId: string): Promise<string> {
  const key = deps.keys.key('slack', 'dm', userId);
  const known = await deps.redis.get(key);
  if (known) return known;
  const res = await deps.slack.conversations.open({ users: userId });
  const channel = res.channel?.id;
  if (!channel) throw new Error(`conversations.open gave no channel for ${userId}`);
  await deps.redis.set(key, channel, 'EX', DM_CHANNEL_TTL_SECONDS);
  return channel;
}
