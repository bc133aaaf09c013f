import type { ChainableCommander, Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import type { FindingSource, StoredFinding } from './types.js';

/**
 * The findings feed's state in Redis:
 * - `findings:state` hash: finding id → {@link StoredFinding} (dedup: updatedAt, count, severity, the
 *   message's channel and outbox ref; and what `/gdpr findings` lists);
 * - `findings:details` hash: finding id → the raw fields the Details button shows;
 * - `findings:watermark:<source>:<account>:<region>`: the newest `updatedAt` (ms) whose findings have all
 *   been handed to the outbox;
 * - `findings:notice:<source>:<account>:<region>`: set once "service not enabled" has been said.
 *
 * State is written only inside the outbox transaction that queues the messages (see `stage`), so it
 * never says "posted" for something that was not handed over, nor the other way round.
 */
export class FindingStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private get stateKey(): string {
    return this.keys.key('findings', 'state');
  }
  private get detailsKey(): string {
    return this.keys.key('findings', 'details');
  }
  watermarkKey(source: FindingSource, account: string, region: string): string {
    return this.keys.key('findings', 'watermark', source, account, region);
  }
  noticeKey(source: FindingSource, account: string, region: string): string {
    return this.keys.key('findings', 'notice', source, account, region);
  }
  /** Set while a finding's Details are in its thread (Details clicks are deduplicated on it). */
  detailsShownKey(id: string): string {
    return this.keys.key('findings', 'details-shown', id);
  }
  lockKey(account: string, region: string): string {
    return this.keys.key('findings', 'poll-lock', account, region);
  }

  async get(id: string): Promise<StoredFinding | undefined> {
    const raw = await this.redis.hget(this.stateKey, id);
    return raw ? (JSON.parse(raw) as StoredFinding) : undefined;
  }

  /** Stored state of each id that has some. */
  async getMany(ids: readonly string[]): Promise<Map<string, StoredFinding>> {
    const out = new Map<string, StoredFinding>();
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      const values = await this.redis.hmget(this.stateKey, ...slice);
      values.forEach((raw, j) => {
        if (raw) out.set(slice[j]!, JSON.parse(raw) as StoredFinding);
      });
    }
    return out;
  }

  async details(id: string): Promise<Record<string, string>> {
    const raw = await this.redis.hget(this.detailsKey, id);
    return raw ? (JSON.parse(raw) as Record<string, string>) : {};
  }

  /** Every finding not archived (in AWS or from Slack). */
  async listOpen(): Promise<StoredFinding[]> {
    const out: StoredFinding[] = [];
    const stream = this.redis.hscanStream(this.stateKey, { count: 1000 });
    for await (const chunk of stream as AsyncIterable<string[]>) {
      for (let i = 1; i < chunk.length; i += 2) {
        const f = JSON.parse(chunk[i]!) as StoredFinding;
        if (!f.archived) out.push(f);
      }
    }
    return out;
  }

  async watermark(source: FindingSource, account: string, region: string): Promise<number | undefined> {
    const raw = await this.redis.get(this.watermarkKey(source, account, region));
    return raw === null ? undefined : Number(raw);
  }

  /** Adds the writes for handed-over findings (and the new watermark) to an outbox transaction. */
  stage(
    tx: ChainableCommander,
    states: readonly StoredFinding[],
    details: ReadonlyMap<string, Record<string, string>>,
    watermark?: { key: string; ms: number },
  ): void {
    if (states.length > 0) tx.hset(this.stateKey, ...states.flatMap((s) => [s.id, JSON.stringify(s)]));
    const d = [...details.entries()];
    if (d.length > 0) tx.hset(this.detailsKey, ...d.flatMap(([id, v]) => [id, JSON.stringify(v)]));
    if (watermark) tx.set(watermark.key, String(watermark.ms));
  }

  /** Writes one finding's state (archive from Slack). */
  async put(state: StoredFinding): Promise<void> {
    await this.redis.hset(this.stateKey, state.id, JSON.stringify(state));
  }
}
