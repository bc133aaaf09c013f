import { createHash } from 'node:crypto';
import type { KnownBlock } from '@slack/types';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, type WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { deadLetterReason, type Metrics } from '../metrics.js';
import type { Keys } from '../redis/keys.js';
import { Lease } from '../redis/lease.js';
import { outboxPopHead, outboxReleaseIfEmpty, outboxSetHead } from '../redis/scripts.js';
import type { Queues } from '../queues/queues.js';
import { splitMessage } from './limits.js';
import { code } from './mrkdwn.js';
import type { OutboundMessage } from '../notify/outbox.js';
import { drainDedupId, outboundKeys, SlackOutbox, type QueuedMessage } from './outbound.js';
import { postToResponseUrl, redactUrl, ResponseUrlPolicy } from './response-urls.js';

/** How long a response_url stays usable, less a margin for clock skew and delivery time. */
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000 - 30_000;
const RESPONSE_URL_USES = 5;
const REF_TTL_SECONDS = 90 * 24 * 3600;
/** Slack platform errors worth retrying; every other `ok: false` is permanent for that message. */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

export interface DeliveryOptions {
  /** Minimum gap between two messages to one channel (ms). */
  postIntervalMs: number;
  /** Messages one drain job delivers before handing over, so one busy channel cannot hold a worker. */
  maxBatch?: number;
  lockMs?: number;
  /** Waits longer than this are not slept through: the job hands over and a delayed job continues. */
  maxInlineWaitMs?: number;
  /** Transient failures retried in place before the channel is deferred. */
  inlineRetries?: number;
  /** Delay before a channel is tried again after repeated transient failures. */
  deferOnFailureMs?: number;
  /** Which response_urls may be POSTed to (default: Slack's own hosts only). */
  responseUrls?: ResponseUrlPolicy;
  now?: () => number;
  /** Where dead letters are counted (`gdpr_bot_slack_dead_letters_total{reason}`). */
  metrics?: Pick<Metrics, 'slackDeadLetters'>;
  /** The bot user's name, for "/invite @name" (default: asked of Slack with auth.test when first needed). */
  botName?: string;
}

/** Slack's refusals that mean the bot cannot post in the channel at all: the requester is told how to fix it. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);
/** One notice per (channel, requester) in this long, however many of their messages are refused. */
const CANNOT_POST_NOTICE_TTL_SECONDS = 3600;

/**
 * What the requester is told when the bot cannot post in `channel` (mrkdwn). `botName` is the bot user's
 * name, for the `/invite` command they can type.
 */
export function cannotPostNotice(reason: string, channel: string, botName: string | undefined): string {
  const invite = code(`/invite @${botName ?? 'gdpr-bot'}`);
  const where = /^[CG][A-Z0-9]{2,}$/.test(channel) ? `<#${channel}>` : code(channel);
  if (reason === 'is_archived') {
    return `:warning: I could not post the answer you asked for in ${where}: that channel is archived. Unarchive it, or ask again in another channel (type ${invite} there first if I am not in it).`;
  }
  if (reason === 'channel_not_found') {
    return `:warning: I could not post the answer you asked for in ${where}: I cannot see that channel. If it is a private channel, type ${invite} in it and ask again; otherwise ask in a channel I am in.`;
  }
  return `:warning: I could not post the answer you asked for in ${where}: I am not a member of that channel. Type ${invite} there and ask again.`;
}

type Outcome = { type: 'rate'; retryAfterMs: number } | { type: 'transient'; reason: string } | { type: 'permanent'; reason: string };

class ResponseUrlError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly retryAfterMs?: number,
  ) {
    super(`response_url answered ${status}: ${body.slice(0, 200)}`);
  }
}

/**
 * A response_url that is not on an allowed Slack host (src/slack/response-urls.ts): refused before any
 * request. Permanent: the message is dead-lettered with this reason, never sent there. The message
 * names the host only, never the URL's path (the secret part of a genuine one).
 */
export class ResponseUrlRefusedError extends Error {
  constructor(readonly why: string) {
    super(`response_url refused: ${why}`);
    this.name = 'ResponseUrlRefusedError';
  }
}

/** What a failed Slack call means for the message. Redis errors are not classified: they fail the job. */
export function classifySlackError(error: unknown): Outcome {
  if (error instanceof WebAPIRateLimitedError) return { type: 'rate', retryAfterMs: Math.max(1, error.retryAfter) * 1000 };
  if (error instanceof WebAPIPlatformError) {
    if (error.data.error === 'ratelimited') return { type: 'rate', retryAfterMs: 1000 };
    return TRANSIENT_PLATFORM_ERRORS.has(error.data.error) ? { type: 'transient', reason: error.data.error } : { type: 'permanent', reason: error.data.error };
  }
  if (error instanceof WebAPIHTTPError) {
    if (error.statusCode === 429) {
      const retryAfter = Number(error.headers['retry-after'] ?? 1);
      return { type: 'rate', retryAfterMs: Math.max(1, retryAfter) * 1000 };
    }
    return error.statusCode >= 500 ? { type: 'transient', reason: `HTTP ${error.statusCode}` } : { type: 'permanent', reason: `HTTP ${error.statusCode}` };
  }
  if (error instanceof WebAPIRequestError) return { type: 'transient', reason: error.original?.message ?? error.message };
  if (error instanceof ResponseUrlRefusedError) return { type: 'permanent', reason: error.message };
  if (error instanceof ResponseUrlError) {
    if (error.status === 429) return { type: 'rate', retryAfterMs: error.retryAfterMs ?? 1000 };
    if (error.status >= 500) return { type: 'transient', reason: `response_url HTTP ${error.status}` };
    return { type: 'permanent', reason: `response_url HTTP ${error.status}` };
  }
  if (isNetworkError(error)) return { type: 'transient', reason: `${(error as Error & { code: string }).code}: ${(error as Error).message}` };
  return { type: 'permanent', reason: error instanceof Error ? error.message : String(error) };
}

class LostLockError extends Error {}

/**
 * undici's time-outs and socket errors, and the system's for a peer that cannot be reached. Not undici's
 * other errors (an invalid URL or argument): retrying those cannot help.
 */
const NETWORK_ERROR_CODE =
  /^(UND_ERR_(CONNECT_TIMEOUT|HEADERS_TIMEOUT|BODY_TIMEOUT|SOCKET|CLOSED)|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/;

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && NETWORK_ERROR_CODE.test(code);
}

/**
 * Delivers the outbound lists to Slack. One drainer per channel at a time (a Redis lock), oldest
 * message first, at most one message per `postIntervalMs` per channel (a Redis timestamp, so it holds
 * across processes), 429 answered by waiting `Retry-After`, transient failures retried, permanent
 * failures moved to a dead-letter list and logged, never silently dropped.
 */
export class SlackDelivery {
  private readonly k: ReturnType<typeof outboundKeys>;
  private readonly opts: Required<Omit<DeliveryOptions, 'now' | 'metrics' | 'botName' | 'responseUrls'>>;
  private readonly responseUrls: ResponseUrlPolicy;
  private readonly now: () => number;
  private readonly metrics?: Pick<Metrics, 'slackDeadLetters'>;
  private botName?: string;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly queues: Queues,
    private readonly client: WebClient,
    private readonly log: Logger,
    options: DeliveryOptions,
  ) {
    this.k = outboundKeys(keys);
    this.opts = {
      postIntervalMs: options.postIntervalMs,
      maxBatch: options.maxBatch ?? 50,
      lockMs: options.lockMs ?? 30_000,
      maxInlineWaitMs: options.maxInlineWaitMs ?? 2_000,
      inlineRetries: options.inlineRetries ?? 3,
      deferOnFailureMs: options.deferOnFailureMs ?? 30_000,
    };
    this.now = options.now ?? Date.now;
    this.metrics = options.metrics;
    this.botName = options.botName;
    this.responseUrls = options.responseUrls ?? ResponseUrlPolicy.slack();
  }

  /** Queues a drain job for every channel with waiting messages (recovers from a crashed drainer). */
  async sweep(): Promise<number> {
    const channels = await this.redis.smembers(this.k.pending);
    if (channels.length > 0) {
      await this.queues
        .get('slack-outbound')
        .addBulk(channels.map((channel) => ({ name: 'drain' as const, data: { channel }, opts: { deduplication: { id: drainDedupId(channel) } } })));
    }
    return channels.length;
  }

  /**
   * Answers on a response_url at once, from the process that produced the answer, instead of through the
   * channel's list: one POST rather than a queue hop and a drain. For answers whose order against the
   * channel's other messages does not matter. The URL's use count and its fallbacks (used up, too old)
   * are those of a queued answer. Returns false when Slack or the network did not take it (429, 5xx,
   * unreachable, refused): the caller then sends it through the outbox, which retries, or dead-letters
   * and logs it. Redis errors are thrown.
   */
  async respondNow(m: Extract<OutboundMessage, { kind: 'respond' }>): Promise<boolean> {
    try {
      await this.respond(m);
      return true;
    } catch (error) {
      if (isRedisError(error)) throw error;
      this.log.info({ channel: m.channel, reason: classifySlackError(error) }, 'answer not delivered at once; queued for the outbox');
      return false;
    }
  }

  /** Delivers what is waiting for `channel`. */
  async drain(channel: string): Promise<{ sent: number; busy?: boolean; deferredMs?: number }> {
    const lock = this.k.lock(channel);
    const list = this.k.list(channel);
    const lease = await Lease.acquire(this.redis, lock, this.opts.lockMs);
    // Whoever holds the lock releases it only when the list is empty (atomically), so it will see our
    // message. In case the holder has died, one drain is scheduled for when its lock runs out.
    if (!lease) {
      const ttl = await this.redis.pttl(lock);
      if (ttl > 0) {
        await this.queues.get('slack-outbound').add('drain', { channel }, { delay: ttl + 50, deduplication: { id: `drain-after-lock:${channel}` } });
      }
      return { sent: 0, busy: true };
    }

    const token = lease.token;
    let sent = 0;
    let failures = 0;
    try {
      for (;;) {
        const raw = await this.redis.lindex(list, 0);
        if (raw === null) {
          // Let the next send queue a drain job of its own before letting go: a message sent between here
          // and the release is seen by the release (the list is not empty) or gets that new job.
          await this.queues.get('slack-outbound').removeDeduplicationKey(drainDedupId(channel));
          const released = await outboxReleaseIfEmpty.run(this.redis, { lock, list, pending: this.k.pending }, { token, channel });
          if (released === 1) return { sent };
          if (released === -1) throw new LostLockError();
          continue;
        }
        if (sent >= this.opts.maxBatch) return await this.handOver(channel, lease, sent, 0);
        await lease.renew();

        const entry = JSON.parse(raw) as QueuedMessage;
        // response_url answers are webhooks with limits of their own, not posts to the channel: they keep
        // their place in the channel's order but are not paced by it.
        const paced = entry.message.kind !== 'respond';
        const wait = paced ? await this.waitFor(channel) : 0;
        if (wait > this.opts.maxInlineWaitMs) return await this.handOver(channel, lease, sent, wait);
        if (wait > 0) await sleep(wait);

        const outcome = await this.deliver(entry, raw, lock, list, token).then(
          () => undefined,
          (error: unknown) => {
            if (error instanceof LostLockError || isRedisError(error)) throw error;
            return classifySlackError(error);
          },
        );
        if (!outcome) {
          const current = (await this.redis.lindex(list, 0)) ?? raw;
          await outboxPopHead.run(this.redis, { lock, list }, { token, expected: current });
          if (paced) await this.redis.set(this.k.nextAt(channel), String(this.now() + this.opts.postIntervalMs), 'PX', 60_000);
          sent++;
          failures = 0;
          continue;
        }
        if (outcome.type === 'rate') {
          this.log.warn({ channel, retryAfterMs: outcome.retryAfterMs }, 'Slack rate limit: waiting before the next message');
          if (!paced) {
            // A response_url's own limit: the channel's pace does not apply to it, so wait here (or hand over).
            if (outcome.retryAfterMs > this.opts.maxInlineWaitMs) return await this.handOver(channel, lease, sent, outcome.retryAfterMs);
            await sleep(outcome.retryAfterMs);
            continue;
          }
          await this.redis.set(this.k.nextAt(channel), String(this.now() + outcome.retryAfterMs), 'PX', outcome.retryAfterMs + 60_000);
          continue;
        }
        if (outcome.type === 'transient') {
          failures++;
          this.log.warn({ channel, messageId: entry.id, reason: outcome.reason, failures }, 'Slack delivery failed; will retry');
          if (failures > this.opts.inlineRetries) return await this.handOver(channel, lease, sent, this.opts.deferOnFailureMs);
          await sleep(Math.min(250 * 2 ** failures, this.opts.maxInlineWaitMs));
          continue;
        }
        // Permanent: keep the message for the operator, log it, and move on so one bad message cannot block a channel.
        this.log.error(
          { channel, messageId: entry.id, kind: entry.message.kind, reason: outcome.reason },
          'Slack refused a message; moved to the dead-letter list',
        );
        const current = (await this.redis.lindex(list, 0)) ?? raw;
        await this.redis
          .multi()
          .lpush(this.k.dead, JSON.stringify({ ...entry, failedAt: this.now(), reason: outcome.reason }))
          .ltrim(this.k.dead, 0, 9999)
          .exec();
        await outboxPopHead.run(this.redis, { lock, list }, { token, expected: current });
        this.metrics?.slackDeadLetters.inc({ reason: deadLetterReason(outcome.reason) });
        const requester = entry.message.requestedBy;
        if (requester && CANNOT_POST.has(outcome.reason)) await this.tellRequester(requester, channel, outcome.reason);
      }
    } catch (error) {
      await lease.release().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Tells `user` by DM why the bot could not post what they asked for in `channel`, and how to invite it:
   * once per (channel, user) an hour. An ephemeral message in that channel is no way out (Slack refuses it
   * with the same error), so it goes to their DM through the outbox, paced and retried like any post.
   */
  private async tellRequester(user: string, channel: string, reason: string): Promise<void> {
    const once = this.keys.key('slack', 'cannot-post-notice', channel, user);
    if ((await this.redis.set(once, String(this.now()), 'EX', CANNOT_POST_NOTICE_TTL_SECONDS, 'NX')) !== 'OK') return;
    if (!this.botName) {
      this.botName = await this.client.auth.test().then(
        (r) => r.user,
        (error: unknown) => {
          this.log.warn({ reason: classifySlackError(error) }, 'auth.test failed; the invite notice names the bot generically');
          return undefined;
        },
      );
    }
    await new SlackOutbox(this.redis, this.keys, this.queues).send({ kind: 'post', channel: user, text: cannotPostNotice(reason, channel, this.botName) });
    this.log.info({ channel, user, reason }, 'told the requester how to let the bot post in the channel');
  }

  /**
   * Releases the channel, then schedules a drain after `delayMs`; the waiting messages stay in place.
   * In that order: a drain queued first may start (on another worker) while the lock is still held, find
   * the channel busy and be put off until the lock runs out (`lockMs`, 30 s), with messages waiting. If
   * the process dies between the two, the messages are still listed and the sweep queues their drain.
   */
  private async handOver(channel: string, lease: Lease, sent: number, delayMs: number) {
    await lease.release();
    await this.queues.get('slack-outbound').add('drain', { channel }, delayMs > 0 ? { delay: delayMs } : {});
    return { sent, deferredMs: delayMs };
  }

  private async waitFor(channel: string): Promise<number> {
    const next = Number((await this.redis.get(this.k.nextAt(channel))) ?? 0);
    return Math.max(0, next - this.now());
  }

  private async setProgress(entry: QueuedMessage, lock: string, list: string, token: string, expectedRaw: string): Promise<string> {
    const updated = JSON.stringify(entry);
    const ok = await outboxSetHead.run(this.redis, { lock, list }, { token, expected: expectedRaw, next: updated });
    if (ok === -1) throw new LostLockError();
    return updated;
  }

  private async resolveRef(ref: string | undefined): Promise<string | undefined> {
    if (!ref) return undefined;
    const value = await this.redis.get(this.k.ref(ref));
    return value ? (JSON.parse(value) as { ts: string }).ts : undefined;
  }

  private async deliver(entry: QueuedMessage, raw: string, lock: string, list: string, token: string): Promise<void> {
    const m = entry.message;
    switch (m.kind) {
      case 'post': {
        const threadTs = m.thread?.ts ?? (await this.resolveRef(m.thread?.ref));
        await this.postParts(entry, raw, lock, list, token, m.channel, m, threadTs, m.ref);
        return;
      }
      case 'update': {
        const ts = m.ts ?? (await this.resolveRef(m.ref));
        if (!ts) {
          // The original was never posted (or has been forgotten): post instead, so the news is not lost.
          await this.postParts(entry, raw, lock, list, token, m.channel, m, undefined, m.ref);
          return;
        }
        await this.updateParts(entry, raw, lock, list, token, m.channel, ts, m);
        return;
      }
      case 'ephemeral': {
        for (const part of splitMessage(m)) {
          await this.client.chat.postEphemeral({ channel: m.channel, user: m.user, text: part.text, blocks: part.blocks, thread_ts: m.threadTs });
        }
        return;
      }
      case 'respond':
        await this.respond(m);
        return;
      case 'pin':
      case 'unpin':
        await this.pin(m);
        return;
    }
  }

  /** Pins or unpins a message by its ref; Slack's refusals are logged, not dead-lettered (rate limits and outages are retried). */
  private async pin(m: Extract<OutboundMessage, { kind: 'pin' | 'unpin' }>): Promise<void> {
    const ts = await this.resolveRef(m.ref);
    if (!ts) {
      this.log.warn({ channel: m.channel, ref: m.ref, kind: m.kind }, 'the message to pin or unpin was never posted; nothing done');
      return;
    }
    try {
      if (m.kind === 'pin') await this.client.pins.add({ channel: m.channel, timestamp: ts });
      else await this.client.pins.remove({ channel: m.channel, timestamp: ts });
    } catch (error) {
      const outcome = classifySlackError(error);
      if (outcome.type !== 'permanent') throw error;
      this.log.warn(
        { channel: m.channel, ref: m.ref, kind: m.kind, reason: outcome.reason },
        m.kind === 'pin' ? 'Slack refused to pin the message; it stays unpinned' : 'Slack refused to unpin the message',
      );
    }
  }

  private async postParts(
    entry: QueuedMessage,
    raw: string,
    lock: string,
    list: string,
    token: string,
    channel: string,
    content: { text: string; blocks?: KnownBlock[] },
    threadTs: string | undefined,
    ref: string | undefined,
  ): Promise<void> {
    const parts = splitMessage(content);
    let current = raw;
    let firstTs = entry.progress?.ts;
    for (let i = entry.progress?.parts ?? 0; i < parts.length; i++) {
      const part = parts[i]!;
      const res = await this.client.chat.postMessage({
        channel,
        text: part.text,
        blocks: part.blocks,
        thread_ts: threadTs ?? (i > 0 ? firstTs : undefined),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (i === 0) {
        firstTs = res.ts;
        if (ref && res.ts) await this.redis.set(this.k.ref(ref), JSON.stringify({ channel, ts: res.ts }), 'EX', REF_TTL_SECONDS);
      }
      if (parts.length > 1) {
        entry.progress = { parts: i + 1, ts: firstTs };
        current = await this.setProgress(entry, lock, list, token, current);
      }
    }
  }

  private async updateParts(
    entry: QueuedMessage,
    raw: string,
    lock: string,
    list: string,
    token: string,
    channel: string,
    ts: string,
    content: { text: string; blocks?: KnownBlock[] },
  ): Promise<void> {
    const parts = splitMessage(content);
    let current = raw;
    for (let i = entry.progress?.parts ?? 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (i === 0) await this.client.chat.update({ channel, ts, text: part.text, blocks: part.blocks ?? [] });
      else await this.client.chat.postMessage({ channel, thread_ts: ts, text: part.text, blocks: part.blocks });
      if (parts.length > 1) {
        entry.progress = { parts: i + 1, ts };
        current = await this.setProgress(entry, lock, list, token, current);
      }
    }
  }

  private async respond(m: Extract<OutboundMessage, { kind: 'respond' }>): Promise<void> {
    // The URL came through Redis: only Slack's own hosts are contacted, and a refused URL is not
    // "used up" either, so no fallback is taken for it (it is dead-lettered by the caller).
    const verdict = this.responseUrls.check(m.responseUrl);
    if (!verdict.ok) {
      this.log.error(
        { channel: m.channel, responseUrlHost: redactUrl(m.responseUrl), reason: verdict.reason },
        'refused a response_url that is not on an allowed Slack host; nothing was sent to it',
      );
      throw new ResponseUrlRefusedError(verdict.reason);
    }
    const usesKey = this.k.responseUses(createHash('sha256').update(m.responseUrl).digest('hex'));
    const tooOld = this.now() - m.issuedAt > RESPONSE_URL_LIFETIME_MS;
    let usable = !tooOld;
    if (usable) {
      const uses = await this.redis.incr(usesKey);
      if (uses === 1) await this.redis.expire(usesKey, 1800);
      usable = uses <= RESPONSE_URL_USES;
    }
    if (usable) {
      const [part, ...rest] = splitMessage(m);
      const res = await postToResponseUrl(verdict.url.href, {
        text: part!.text,
        blocks: part!.blocks,
        replace_original: m.replaceOriginal ?? false,
        response_type: m.responseType ?? 'ephemeral',
      });
      const ok = res.status >= 200 && res.status < 300;
      if (ok && rest.length === 0) return;
      if (ok) {
        // Extra parts are further responses (each one use of the URL) – fine for the rare over-long answer.
        for (const extra of rest) {
          await postToResponseUrl(verdict.url.href, { text: extra.text, blocks: extra.blocks, response_type: m.responseType ?? 'ephemeral' });
        }
        return;
      }
      const retryAfter = Number(res.retryAfter ?? NaN);
      if (res.status === 429 || res.status >= 500) {
        throw new ResponseUrlError(res.status, res.body, Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined);
      }
      // 404 used_url / expired_url and the like: fall back below.
      this.log.info({ channel: m.channel, status: res.status }, 'response_url no longer usable; falling back');
    }
    const fallbackTs = m.fallback?.ts ?? (await this.resolveRef(m.fallback?.ref));
    if (fallbackTs) {
      const [first, ...rest] = splitMessage(m);
      await this.client.chat.update({ channel: m.channel, ts: fallbackTs, text: first!.text, blocks: first!.blocks ?? [] });
      for (const extra of rest) await this.client.chat.postMessage({ channel: m.channel, thread_ts: fallbackTs, text: extra.text, blocks: extra.blocks });
      return;
    }
    if (m.fallback?.user) {
      for (const part of splitMessage(m)) {
        await this.client.chat.postEphemeral({ channel: m.channel, user: m.fallback.user, text: part.text, blocks: part.blocks });
      }
      return;
    }
    throw new ResponseUrlError(410, 'response_url used up or expired and no fallback message was given');
  }
}

function isRedisError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ReplyError' || error.name === 'MaxRetriesPerRequestError' || /Connection is closed/.test(error.message));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
