import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/audit/canonical.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';

const APPROVER = 'U0000APPR1';
const GENESIS = '0'.repeat(64);

/** What someone with write access to Redis, but not the audit key, computes: SHA-256 over the entry, as the old chain did. */
function sha256Entry(body: Record<string, unknown>): string {
  return createHash('sha256')
    .update(String(body.prevHash) + canonicalJson(body))
    .digest('hex');
}

/** Re-chains `entries` from `prevHash` with SHA-256, the only chain an attacker without the key can compute. */
function rechain(entries: Record<string, unknown>[], prevHash: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let prev = prevHash;
  for (const e of entries) {
    const { hash: _hash, ...rest } = e;
    const body = { ...rest, prevHash: prev };
    const hash = sha256Entry(body);
    out.push({ ...body, hash });
    prev = hash;
  }
  return out;
}

/**
 * Issue 13, part 3: an attacker with Redis write access (and without the audit key) rewrites the trail so
 * that the old unkeyed chain checked out as "intact". With the keyed chain and the anchors outside Redis
 * (the audit channel, S3), each of these is named.
 */
describe('fault: an attacker with Redis write access rewrites the audit trail consistently', () => {
  let t: TestBot;
  let listKey: string;
  let headKey: string;

  const verify = async () => String((await t.ask('audit verify', { user: APPROVER })).text);
  const stored = async () => (await t.bot.services.redis.lrange(listKey, 0, -1)).map((r) => JSON.parse(r) as Record<string, unknown>);
  const writeChain = async (entries: Record<string, unknown>[]) => {
    const last = entries[entries.length - 1]!;
    await t.bot.services.redis
      .multi()
      .del(listKey)
      .rpush(listKey, ...entries.map((e) => JSON.stringify(e)))
      .set(headKey, JSON.stringify({ seq: last.seq, hash: last.hash }))
      .exec();
  };
  const anchorPosts = () => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0000AUDT' && /Audit anchor/.test(String(c.args.text)));

  beforeAll(async () => {
    t = await startTestBot();
    listKey = `${t.prefix}:audit:log`;
    headKey = `${t.prefix}:audit:head`;
  });
  beforeEach(async () => {
    // A fresh trail and no anchor for each test (the channel's history too).
    await t.bot.services.redis.del(listKey, headKey, `${t.prefix}:audit:anchors`);
    t.slack.history.delete('C0000AUDT');
    for (let i = 1; i <= 5; i++)
      await t.bot.services.audit.append({ actor: 'U0000USER', action: 'access.requested', subject: `REQ-${i}`, detail: { hours: i } });
    // The bot anchors the head outside Redis (here: on demand; in production every `audit.anchorEvery` entries and every `audit.anchorInterval`).
    const before = anchorPosts().length;
    await t.bot.services.queues.get('audit').add('anchor', {});
    await t.slack.waitFor(() => anchorPosts().length > before, 'the anchor in the audit channel', 5000).catch(() => undefined); // (the code before keying had no anchor job)
  });
  afterAll(async () => {
    await t?.close();
  });

  it('control: an untouched trail verifies, against the anchor in the audit channel', async () => {
    const text = await verify();
    expect(text).toMatch(/intact: 5 entries, keyed \(HMAC-SHA256\) from #1/);
    expect(text).toMatch(/matches the last anchor outside Redis \(#5 in <#C0000AUDT>/);
  });

  it('names the truncation when the tail was cut and the head record rewritten to match', async () => {
    const entries = await stored();
    await writeChain(entries.slice(0, 3));
    const text = await verify();
    expect(text).not.toMatch(/:white_check_mark:|is intact/);
    expect(text).toMatch(/NOT intact/);
    expect(text).toMatch(/truncated after #3/);
  });

  it('names the rewritten entry when an edit was re-chained (every hash after it recomputed)', async () => {
    const entries = await stored();
    const edited = { ...entries[2]!, actor: 'U0000EVIL' };
    await writeChain([...entries.slice(0, 2), ...rechain([edited, ...entries.slice(3)], String(entries[1]!.hash))]);
    const text = await verify();
    expect(text).not.toMatch(/:white_check_mark:|is intact/);
    expect(text).toMatch(/NOT intact/);
    expect(text).toMatch(/rewritten at #3/);
  });

  it('names the rewrite when the whole history was replaced by a new, consistent one', async () => {
    const forged = rechain(
      Array.from({ length: 6 }, (_, i) => ({
        seq: i + 1,
        at: new Date(0).toISOString(),
        actor: 'system',
        action: 'scan.completed',
        subject: `nothing to see ${i}`,
        detail: {},
      })),
      GENESIS,
    );
    await writeChain(forged);
    const text = await verify();
    expect(text).not.toMatch(/:white_check_mark:|is intact/);
    expect(text).toMatch(/NOT intact/);
    expect(text).toMatch(/rewritten at #1/);
  });
});

/**
 * Issue 13, part 3: the head is anchored outside Redis by the bot itself, without anyone asking: after
 * every `audit.anchorEvery` entries, and every `audit.anchorInterval`. (Above, anchors are queued on
 * demand; here nothing queues them but the bot.)
 */
describe('the bot anchors the audit chain by itself', () => {
  const anchorsIn = (t: TestBot) =>
    t.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'C0000AUDT')
      .map((c) => /^:anchor: Audit anchor #(\d+) /.exec(String(c.args.text))?.[1])
      .filter((seq): seq is string => seq !== undefined)
      .map(Number);
  const append = async (t: TestBot, n: number) => {
    for (let i = 0; i < n; i++) await t.bot.services.audit.append({ actor: 'U0000USER', action: 'access.requested', subject: `REQ-${i}` });
  };

  /** Until the audit queue has nothing waiting or running. */
  const settled = async (t: TestBot) => {
    const queue = t.bot.services.queues.get('audit');
    for (let i = 0; i < 200; i++) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('after every audit.anchorEvery entries, the head at that entry is posted to the audit channel', async () => {
    const t = await startTestBot({ config: { audit: { anchorEvery: 3, anchorInterval: '1h' } } });
    try {
      await settled(t); // the scheduler's first run (at start-up, nothing to anchor yet)
      await append(t, 2);
      await new Promise((r) => setTimeout(r, 300));
      expect(anchorsIn(t)).toEqual([]);
      await append(t, 1);
      await t.slack.waitFor(() => anchorsIn(t).includes(3), 'the anchor of #3', 8000);
      await append(t, 3);
      await t.slack.waitFor(() => anchorsIn(t).includes(6), 'the anchor of #6', 8000);
      expect(anchorsIn(t)).toEqual([3, 6]);
      expect(String((await t.ask('audit verify', { user: APPROVER })).text)).toMatch(/matches the last anchor outside Redis \(#6 in <#C0000AUDT>/);
    } finally {
      await t.close();
    }
  });

  it('every audit.anchorInterval, a head that grew since the last anchor is posted, fewer than anchorEvery entries later', async () => {
    const t = await startTestBot({ config: { audit: { anchorEvery: 1000, anchorInterval: '1s' } } });
    try {
      await append(t, 2);
      await t.slack.waitFor(() => anchorsIn(t).includes(2), 'the scheduled anchor of #2', 8000);
      await append(t, 1);
      await t.slack.waitFor(() => anchorsIn(t).includes(3), 'the scheduled anchor of #3', 8000);
      // Nothing new: no new anchor (the channel is not flooded with the same head).
      const before = anchorsIn(t).length;
      await new Promise((r) => setTimeout(r, 2500));
      expect(anchorsIn(t)).toHaveLength(before);
      expect(Math.max(...anchorsIn(t))).toBe(3);
    } finally {
      await t.close();
    }
  });
});
