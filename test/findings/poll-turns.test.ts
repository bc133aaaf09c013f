import type { ChainableCommander, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { readFindings, type IdPage } from '../../src/findings/listing.js';
import { normalizeGuardDutyFinding } from '../../src/findings/normalize.js';
import { FINDINGS_PER_TURN, handOverFindings } from '../../src/findings/poll.js';
import { FindingStore } from '../../src/findings/store.js';
import type { Finding } from '../../src/findings/types.js';
import { createLogger } from '../../src/log.js';
import type { OutboundMessage, Outbox } from '../../src/notify/outbox.js';
import { Keys } from '../../src/redis/keys.js';
import { gdFinding } from '../helpers/aws-findings.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { perTurn, withTicker } from '../helpers/turns.js';

/** An outbox that commits each hand-over's transaction (the findings state) and records the messages, in order. */
class RecordingOutbox implements Outbox {
  readonly messages: OutboundMessage[] = [];
  constructor(private readonly redis: Redis) {}
  async send(...messages: OutboundMessage[]): Promise<void> {
    await this.sendWith(messages);
  }
  async sendWith(messages: readonly OutboundMessage[], also?: (tx: ChainableCommander) => void): Promise<void> {
    const tx = this.redis.multi();
    also?.(tx);
    await tx.exec();
    this.messages.push(...messages);
  }
  async lookupRef(): Promise<undefined> {
    return undefined;
  }
}

const firstBlockId = (m: OutboundMessage): string | undefined => (m.blocks as { block_id?: string }[] | undefined)?.[0]?.block_id;

describe('a findings burst hands the event loop a turn (issue #19)', () => {
  let redis: Redis;
  let prefix: string;
  beforeAll(() => {
    redis = testRedis();
    prefix = uniquePrefix('poll-turns');
  });
  afterAll(async () => {
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  it(`plans at most ${FINDINGS_PER_TURN} findings of a 3,000-finding poll between two turns, and still posts each once, oldest first, in one digest's thread`, async () => {
    const total = 3000;
    const turnOf: number[] = [];
    let ticks: () => number = () => 0;
    // Newest first, as a listing might return them: the poll must hand them over oldest first.
    const findings: Finding[] = Array.from({ length: total }, (_, i) => {
      const f = normalizeGuardDutyFinding(gdFinding(total - i, { updatedAtMs: Date.UTC(2026, 0, 1) + (total - i) * 1000 }), 'det-1');
      const { title } = f;
      // Planning a finding reads its title once (to store it and show it): noted with the turn it was read in.
      Object.defineProperty(f, 'title', { enumerable: true, get: () => (turnOf.push(ticks()), title) });
      return f;
    });
    const outbox = new RecordingOutbox(redis);
    const keys = new Keys(prefix);
    const config = configSchema.parse({
      channels: { findings: 'C0FIND' },
      scan: { regions: ['eu-west-1'] },
      findings: { minSeverity: 'low', maxPerPoll: total },
    });

    const outcome = await withTicker((t) => {
      ticks = t;
      return handOverFindings(
        { config, redis, keys, outbox, log: createLogger('silent'), now: () => new Date(Date.UTC(2026, 1, 1)) },
        { source: 'guardduty', account: 'self', region: 'eu-west-1', listedAt: Date.UTC(2026, 1, 1) },
        { status: 'ok', findings },
      );
    });

    expect(turnOf).toHaveLength(total);
    const { max, turns } = perTurn(turnOf);
    expect(max).toBeLessThanOrEqual(FINDINGS_PER_TURN);
    expect(turns).toBeGreaterThanOrEqual(total / FINDINGS_PER_TURN);

    // What a user sees is unchanged: one digest, then every finding once, oldest first, in its thread.
    expect(outcome).toMatchObject({ status: 'ok', fetched: total, posted: total, updated: 0, unchanged: 0, deferred: 0, digests: 1 });
    const [digest, ...posts] = outbox.messages;
    expect(digest).toMatchObject({ kind: 'post', channel: 'C0FIND' });
    expect(digest!.text).toMatch(/^3000 new GuardDuty findings/);
    const ids = Array.from({ length: total }, (_, i) => `finding:gd${String(i + 1).padStart(6, '0')}`);
    expect(posts.map(firstBlockId)).toEqual(ids);
    expect(posts.every((p) => p.kind === 'post' && p.thread?.ref === (digest as { ref?: string }).ref)).toBe(true);
    // And it is stored: a second poll of the same findings posts nothing.
    expect((await new FindingStore(redis, keys).getMany(['gd000001', 'gd003000'])).size).toBe(2);
    const again = new RecordingOutbox(redis);
    const second = await handOverFindings(
      { config, redis, keys, outbox: again, log: createLogger('silent'), now: () => new Date(Date.UTC(2026, 1, 1)) },
      { source: 'guardduty', account: 'self', region: 'eu-west-1', listedAt: Date.UTC(2026, 1, 1) },
      { status: 'ok', findings },
    );
    expect(second).toMatchObject({ posted: 0, unchanged: total });
    expect(again.messages).toEqual([]);
  });

  it('reads findings whose answers are at hand (a mock, an emulator) one GetFindings batch per turn', async () => {
    const pagesOf = 40;
    const batch = 50;
    const turnOf: number[] = [];
    const read = await withTicker(async (ticks) => {
      async function* pages(): AsyncIterable<IdPage> {
        for (let p = 0; p < pagesOf; p++)
          yield { ids: Array.from({ length: batch }, (_, i) => `gd${String(p * batch + i + 1).padStart(6, '0')}`), more: p < pagesOf - 1 };
      }
      const get = async (ids: string[]) =>
        ids.map((id) => {
          turnOf.push(ticks());
          return normalizeGuardDutyFinding(gdFinding(Number(id.slice(2))), 'det-1');
        });
      return readFindings(pages(), get, { batch, limit: pagesOf * batch });
    });
    expect(read.findings).toHaveLength(pagesOf * batch);
    expect(new Set(read.findings.map((f) => f.id)).size).toBe(pagesOf * batch);
    const { max, turns } = perTurn(turnOf);
    expect(max).toBeLessThanOrEqual(batch);
    expect(turns).toBeGreaterThanOrEqual(pagesOf);
  });
});
