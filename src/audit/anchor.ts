import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { AwsClients } from '../aws/clients.js';
import type { Logger } from '../log.js';
import type { Keys } from '../redis/keys.js';
import type { Outbox } from '../notify/outbox.js';
import { canonicalJson } from './canonical.js';
import type { AuditKey } from './key.js';
import type { AuditLog, VerifyResult } from './log.js';

/** The head of the chain at one moment, MAC'd with the audit key: what is kept outside Redis. */
export interface Anchor {
  seq: number;
  head: string;
  /** Seq of the first keyed entry at the time (absent: none was keyed). */
  keyedFrom?: number;
  at: string;
  mac: string;
}

/** Where an anchor was read back from, and what was found there. */
export interface AnchorSite {
  kind: 'slack' | 's3';
  /** `<#C…>` or `s3://bucket/key`. */
  where: string;
  /** The anchor with the highest seq and a valid MAC found there. */
  anchor?: Anchor;
  /** Why the site could not be read. */
  error?: string;
}

/** A verification of the chain, compared with the anchors outside Redis. */
export interface AnchoredVerify {
  result: VerifyResult;
  sites: AnchorSite[];
  /** The anchor the chain was compared with (the highest seq of all sites). */
  anchor?: Anchor & { where: string };
  notes: string[];
}

function anchorData(a: Omit<Anchor, 'mac'>): string {
  return `gdpr-bot audit anchor v1|${canonicalJson({ seq: a.seq, head: a.head, keyedFrom: a.keyedFrom ?? null, at: a.at })}`;
}

/** MACs an anchor. */
export function signAnchor(key: AuditKey, a: Omit<Anchor, 'mac'>): Anchor {
  return { ...a, mac: key.mac(anchorData(a)) };
}

/** Whether `value` is an anchor the bot made (its MAC checks out under `key`). */
export function validAnchor(key: AuditKey, value: unknown): value is Anchor {
  if (!value || typeof value !== 'object') return false;
  const a = value as Anchor;
  if (!Number.isInteger(a.seq) || a.seq < 1 || typeof a.head !== 'string' || typeof a.at !== 'string') return false;
  if (a.keyedFrom !== undefined && !Number.isInteger(a.keyedFrom)) return false;
  return key.check(anchorData(a), a.mac);
}

/** The anchor's message in the audit channel: readable, and parsed back by {@link parseAnchorText}. */
export function anchorText(a: Anchor): string {
  const keyed = a.keyedFrom ? `keyed from #${a.keyedFrom}` : 'not keyed';
  return `:anchor: Audit anchor #${a.seq} · head \`${a.head}\` · ${keyed} · at ${a.at} · mac \`${a.mac}\``;
}

const ANCHOR_TEXT = /^:anchor: Audit anchor #(\d+) · head `([0-9a-f]{64})` · (?:keyed from #(\d+)|not keyed) · at (\S+) · mac `([0-9a-f]{64})`$/;

/** The anchor in a message text, if it is one (its MAC is not checked here). */
export function parseAnchorText(text: string): Omit<Anchor, never> | undefined {
  const m = ANCHOR_TEXT.exec(text);
  if (!m) return undefined;
  return { seq: Number(m[1]), head: m[2]!, ...(m[3] ? { keyedFrom: Number(m[3]) } : {}), at: m[4]!, mac: m[5]! };
}

/** S3 key of an anchor: zero-padded so keys sort by seq. */
export function anchorKey(prefix: string, seq: number): string {
  return `${prefix}anchors/${String(seq).padStart(12, '0')}.json`;
}

/** What {@link AuditAnchors} needs. */
export interface AnchorDeps {
  redis: Redis;
  keys: Keys;
  audit: AuditLog;
  key: AuditKey;
  slack: WebClient;
  outbox: Outbox;
  aws: AwsClients;
  log: Logger;
  now: () => Date;
  /** `channels.audit`. */
  channel?: string;
  /** `audit.s3Bucket` / `s3Prefix` / `s3Region`. */
  s3?: { bucket: string; prefix: string; region?: string };
  /** `audit.anchorInterval`: an anchor older than twice this, with entries after it, is called stale. */
  intervalMs?: number;
}

/** How many messages of the audit channel are read back looking for the latest anchor. */
const HISTORY_PAGES = 3;

/**
 * Anchors the chain outside Redis and reads the anchors back.
 *
 * `anchor()` verifies the chain (it never anchors a broken one), MACs `{seq, head, keyedFrom, at}` with the
 * audit key, posts it to `channels.audit` (through the outbox, ref `audit:anchor:<seq>`, whose recorded ts
 * is kept) and writes it to `<s3Prefix>anchors/<seq>.json` in the audit bucket.
 *
 * `verify()` walks the chain and compares it with the highest anchor read back from where it was put: the
 * bot's own messages in the audit channel (`conversations.history`: the kept ts, and the latest pages) and
 * the last anchor object in S3. What someone with write access to Redis can do, and what is seen:
 * - edit, re-chain or replace entries: without the key no MAC matches (`rewritten at #N`);
 * - cut the tail and rewrite the head: the anchor has a higher seq (`truncated after #N`);
 * - make the bot post text (outbox jobs live in Redis), or re-post an old anchor: a forged anchor has no
 *   valid MAC, and an old one has a lower seq, and the highest seq found wins;
 * - delete the kept ts / S3 key hints: they are hints only; the channel's latest pages and the S3 listing
 *   are read anyway;
 * - stop anchors being made (delete jobs, schedulers or outbox messages): not preventable from inside the
 *   bot; the answer says how old the last anchor is and how many entries are not anchored yet.
 * It cannot delete or edit the bot's messages (no Slack token), nor an S3 object under Object Lock.
 */
export class AuditAnchors {
  private readonly hintKey: string;
  private bot: { userId?: string; botId?: string } | undefined;

  constructor(private readonly d: AnchorDeps) {
    this.hintKey = d.keys.key('audit', 'anchors');
  }

  /** Whether any place outside Redis is configured. */
  get configured(): boolean {
    return Boolean(this.d.channel || this.d.s3);
  }

  /** Anchors the current head (when the chain is intact and has grown since the last anchor). */
  async anchor(): Promise<{ anchored?: Anchor; skipped?: string }> {
    if (!this.configured) return { skipped: 'no channels.audit or audit.s3Bucket' };
    const result = await this.d.audit.verify();
    if (!result.ok) {
      this.d.log.error({ brokenAt: result.brokenAt, reason: result.reason }, 'audit chain is broken; not anchoring it (run /gdpr audit verify)');
      return { skipped: `the chain is broken at #${result.brokenAt}` };
    }
    if (result.entries === 0) return { skipped: 'the log is empty' };
    const last = await this.d.redis.zrevrange(this.hintKey, 0, 0, 'WITHSCORES');
    if (last[1] !== undefined && Number(last[1]) >= result.entries) return { skipped: `#${result.entries} is anchored already` };
    const anchor = signAnchor(this.d.key, {
      seq: result.entries,
      head: result.head,
      ...(result.keyedFrom ? { keyedFrom: result.keyedFrom } : {}),
      at: this.d.now().toISOString(),
    });
    const ref = `audit:anchor:${anchor.seq}`;
    if (this.d.channel) await this.d.outbox.send({ kind: 'post', channel: this.d.channel, ref, text: anchorText(anchor) });
    let s3Key: string | undefined;
    if (this.d.s3) {
      // Loaded only where anchors go to S3 (the anchor job runs in every worker).
      const { PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
      s3Key = anchorKey(this.d.s3.prefix, anchor.seq);
      await this.d.aws.get(S3Client, this.d.s3.region).send(
        new PutObjectCommand({
          Bucket: this.d.s3.bucket,
          Key: s3Key,
          Body: JSON.stringify(anchor),
          ContentType: 'application/json',
          ChecksumAlgorithm: 'SHA256',
        }),
      );
    }
    await this.d.redis.zadd(this.hintKey, anchor.seq, JSON.stringify({ seq: anchor.seq, ref, s3Key }));
    this.d.log.info({ seq: anchor.seq, channel: this.d.channel, s3Key }, 'audit chain anchored');
    return { anchored: anchor };
  }

  /** The chain's verification, compared with the highest anchor found outside Redis. */
  async verify(): Promise<AnchoredVerify> {
    const chain = await this.d.audit.verify();
    const sites = await this.read();
    const notes: string[] = [];
    for (const s of sites) if (s.error) notes.push(`could not read the anchors in ${s.where}: ${s.error}`);
    let best: (Anchor & { where: string }) | undefined;
    for (const s of sites) if (s.anchor && (!best || s.anchor.seq > best.seq)) best = { ...s.anchor, where: s.where };
    if (!this.configured)
      notes.push('no anchor outside Redis is configured (`channels.audit`, `audit.s3Bucket`): a cut-off tail with a rewritten head cannot be seen');
    else if (!best && sites.every((s) => !s.error)) notes.push('no anchor has been made yet: a cut-off tail cannot be seen before the first one');
    if (!best || !chain.ok) return { result: chain, sites, ...(best ? { anchor: best } : {}), notes };

    let result: VerifyResult = chain;
    const where = `${best.where}, ${best.at}`;
    if (best.seq > chain.entries) {
      result = {
        ok: false,
        entries: chain.entries,
        brokenAt: chain.entries + 1,
        kind: 'truncated',
        reason: `the log ends at entry #${chain.entries}, but the anchor in ${where} records #${best.seq}`,
      };
    } else if ((await this.d.audit.hashAt(best.seq)) !== best.head) {
      const keyedMismatch = best.keyedFrom !== chain.keyedFrom;
      const at = keyedMismatch ? Math.min(best.keyedFrom ?? Infinity, chain.keyedFrom ?? Infinity) : undefined;
      result =
        at !== undefined && Number.isFinite(at)
          ? {
              ok: false,
              entries: at - 1,
              brokenAt: at,
              kind: 'rewritten',
              reason: `the anchor in ${where} records the chain keyed from #${best.keyedFrom ?? '(none)'}, the stored one is keyed from #${chain.keyedFrom ?? '(none)'}`,
            }
          : {
              ok: false,
              entries: 0,
              brokenAt: best.seq,
              kind: 'rewritten',
              reason: `entry #${best.seq} is not the one the anchor in ${where} records (rewritten at or before it)`,
            };
    } else if (chain.entries > best.seq) {
      const stale = this.d.intervalMs && this.d.now().getTime() - Date.parse(best.at) > 2 * this.d.intervalMs;
      notes.push(`entries after #${best.seq} are not anchored yet${stale ? ` and the last anchor is from ${best.at}: anchoring seems to have stopped` : ''}`);
    }
    return { result, sites, anchor: best, notes };
  }

  /** Reads the anchors back from every configured place. */
  async read(): Promise<AnchorSite[]> {
    const sites: AnchorSite[] = [];
    const hints = (await this.d.redis.zrevrange(this.hintKey, 0, 2)).map((h) => JSON.parse(h) as { seq: number; ref: string; s3Key?: string });
    if (this.d.channel)
      sites.push(
        await this.readSlack(this.d.channel, hints).catch((e: unknown) => ({ kind: 'slack' as const, where: `<#${this.d.channel}>`, error: errorText(e) })),
      );
    if (this.d.s3)
      sites.push(
        await this.readS3(this.d.s3, hints).catch((e: unknown) => ({
          kind: 's3' as const,
          where: `s3://${this.d.s3!.bucket}/${this.d.s3!.prefix}anchors/`,
          error: errorText(e),
        })),
      );
    return sites;
  }

  private async readSlack(channel: string, hints: { ref: string }[]): Promise<AnchorSite> {
    if (!this.bot) {
      const me = await this.d.slack.auth.test();
      this.bot = { userId: me.user_id, botId: me.bot_id };
    }
    const messages: { text?: string; user?: string; bot_id?: string }[] = [];
    for (const hint of hints) {
      const posted = await this.d.outbox.lookupRef(hint.ref);
      if (!posted || posted.channel !== channel) continue;
      const page = await this.d.slack.conversations.history({ channel, latest: posted.ts, oldest: posted.ts, inclusive: true, limit: 1 });
      messages.push(...(page.messages ?? []));
    }
    let cursor: string | undefined;
    for (let i = 0; i < HISTORY_PAGES; i++) {
      const page = await this.d.slack.conversations.history({ channel, limit: 200, ...(cursor ? { cursor } : {}) });
      messages.push(...(page.messages ?? []));
      cursor = page.response_metadata?.next_cursor;
      if (!cursor) break;
    }
    let anchor: Anchor | undefined;
    for (const m of messages) {
      // Only the bot's own messages: anyone in the channel can write the text.
      if (!(m.user && m.user === this.bot.userId) && !(m.bot_id && m.bot_id === this.bot.botId)) continue;
      const a = parseAnchorText(m.text ?? '');
      if (a && validAnchor(this.d.key, a) && (!anchor || a.seq > anchor.seq)) anchor = a;
    }
    return { kind: 'slack', where: `<#${channel}>`, ...(anchor ? { anchor } : {}) };
  }

  private async readS3(s3: NonNullable<AnchorDeps['s3']>, hints: { s3Key?: string }[]): Promise<AnchorSite> {
    const { GetObjectCommand, ListObjectsV2Command, S3Client } = await import('@aws-sdk/client-s3');
    const client = this.d.aws.get(S3Client, s3.region);
    const prefix = `${s3.prefix}anchors/`;
    const list = async (startAfter?: string): Promise<string[]> => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: s3.bucket,
            Prefix: prefix,
            ...(startAfter ? { StartAfter: startAfter } : {}),
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        keys.push(...(page.Contents ?? []).map((o) => o.Key ?? '').filter(Boolean));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    };
    // The kept key is a hint to list less; a wrong one only makes the listing start from the beginning.
    const hint = hints.find((h) => h.s3Key?.startsWith(prefix))?.s3Key;
    let keys = hint ? await list(hint) : [];
    if (keys.length === 0) keys = await list();
    keys.sort();
    for (let i = keys.length - 1; i >= 0; i--) {
      const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: keys[i] }));
      const body = object.Body ? await object.Body.transformToString() : '';
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        value = undefined;
      }
      if (validAnchor(this.d.key, value)) return { kind: 's3', where: `s3://${s3.bucket}/${keys[i]}`, anchor: value };
      if (keys.length - i >= 5) break;
    }
    return { kind: 's3', where: `s3://${s3.bucket}/${prefix}` };
  }
}

function errorText(error: unknown): string {
  const e = error as { data?: { error?: string }; name?: string; message?: string };
  return e.data?.error ?? e.name ?? e.message ?? String(error);
}
