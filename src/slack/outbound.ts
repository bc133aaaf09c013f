import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import type { Queues } from '../queues/queues.js';
import type { OutboundLane, OutboundMessage, Outbox } from '../notify/outbox.js';
import { stripBidi } from './mrkdwn.js';

/**
 * The key of a channel's list for a lane: the channel id itself for `alerts` (as before lanes existed),
 * `<channel>~user` for `user`. The delivery side treats the key as the unit of ordering, locking and
 * pacing, and takes the Slack channel from each message; so the user lane of a channel has its own pace
 * (its posts are bounded by the per-user rate limits, see src/slack/rate-limit.ts).
 */
export function laneKey(channel: string, lane: OutboundLane = 'alerts'): string {
  return lane === 'user' ? `${channel}~user` : channel;
}

/**
 * Drops bidirectional-text controls from everything a message shows (its notification `text` and every
 * string in its blocks): the bot never writes them, and in user or AWS text they can reorder what a
 * reader sees. The last line of defence behind `escapeMrkdwn` / `quoteUserText`.
 */
export function withoutBidi<T extends OutboundMessage>(message: T): T {
  const json = JSON.stringify(message);
  const clean = stripBidi(json);
  return clean === json ? message : (JSON.parse(clean) as T);
}

/** A message as stored in its channel's list. */
export interface QueuedMessage {
  id: string;
  enqueuedAt: number;
  message: OutboundMessage;
  /** How far a split message has got, so a retry does not post a part twice. */
  progress?: { parts: number; ts?: string };
}

/**
 * The BullMQ deduplication id of a channel's drain job: however many messages are sent, one drain job
 * per channel waits at a time. The drainer removes it just before it lets go of an empty channel (see
 * `SlackDelivery.drain`), so a message sent at that moment always gets a drain job of its own.
 */
export function drainDedupId(channel: string): string {
  return `drain:${channel}`;
}

/** Redis keys of the outbound machinery, shared by the producer and the delivery side. */
export function outboundKeys(keys: Keys) {
  return {
    list: (channel: string) => keys.key('slack', 'out', channel),
    pending: keys.key('slack', 'out-channels'),
    lock: (channel: string) => keys.key('slack', 'out-lock', channel),
    nextAt: (channel: string) => keys.key('slack', 'next-at', channel),
    ref: (ref: string) => keys.key('slack', 'ref', ref),
    dead: keys.key('slack', 'dead'),
    responseUses: (hash: string) => keys.key('slack', 'response-url', hash),
  };
}

/** The one way jobs send Slack messages (the {@link Outbox} the rest of the bot is given). */
export class SlackOutbox implements Outbox {
  private readonly k: ReturnType<typeof outboundKeys>;

  constructor(
    private readonly redis: Redis,
    keys: Keys,
    private readonly queues: Queues,
  ) {
    this.k = outboundKeys(keys);
  }

  /** Queues messages for delivery, in order. Returns once they are safely in Redis. */
  async send(...messages: OutboundMessage[]): Promise<void> {
    await this.sendWith(messages);
  }

  /**
   * Queues messages and runs `also` (more commands on the same MULTI) in one Redis transaction: either
   * the messages are queued and the caller's state is written, or neither. Callers use it to record
   * "handed to Slack" together with the hand-over, so a crash cannot lose or duplicate a message.
   * Keys written by `also` must share the prefix's hash tag (they do when they come from `Keys`).
   */
  async sendWith(messages: readonly OutboundMessage[], also?: (tx: ChainableCommander) => void): Promise<void> {
    if (messages.length === 0 && !also) return;
    const byChannel = new Map<string, QueuedMessage[]>();
    for (const message of messages) {
      const key = laneKey(message.channel, message.lane);
      const list = byChannel.get(key) ?? [];
      list.push({ id: randomUUID(), enqueuedAt: Date.now(), message: withoutBidi(message) });
      byChannel.set(key, list);
    }
    const tx = this.redis.multi();
    for (const [channel, list] of byChannel) {
      tx.rpush(this.k.list(channel), ...list.map((m) => JSON.stringify(m)));
      tx.sadd(this.k.pending, channel);
    }
    also?.(tx);
    const results = await tx.exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('Redis transaction was aborted');
    if (byChannel.size === 0) return;
    // If adding the job fails the messages are still in their list and the periodic sweep delivers them.
    const queue = this.queues.get('slack-outbound');
    await queue.addBulk(
      [...byChannel.keys()].map((channel) => ({ name: 'drain' as const, data: { channel }, opts: { deduplication: { id: drainDedupId(channel) } } })),
    );
  }

  /** The `ts` recorded for a ref, if its message has been posted. */
  async lookupRef(ref: string): Promise<{ channel: string; ts: string } | undefined> {
    const value = await this.redis.get(this.k.ref(ref));
    return value ? (JSON.parse(value) as { channel: string; ts: string }) : undefined;
  }

  /** Messages waiting for a channel in one lane (for tests, metrics and the operator). */
  async waiting(channel: string, lane: OutboundLane = 'alerts'): Promise<number> {
    return this.redis.llen(this.k.list(laneKey(channel, lane)));
  }
}
