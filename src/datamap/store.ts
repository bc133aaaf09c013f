import type { Redis } from 'ioredis';
import { personalResources, type AccountDataMap } from '../checks/datamap.js';
import type { Keys } from '../redis/keys.js';

/** A stored account data map, with the scan that produced it. */
export interface StoredDataMap extends AccountDataMap {
  scanId: string;
}

/**
 * The latest personal data map of every account, in one Redis hash (field: account id), written by the
 * scan job of the account's home region and read by `/gdpr data`, `/gdpr status`, Details and the report.
 * Holds bucket names, regions and Macie's category names: no object contents and no personal data.
 */
export class DataMapStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private key(): string {
    return this.keys.key('datamap', 'latest');
  }

  async save(scanId: string, map: AccountDataMap): Promise<void> {
    await this.redis.hset(this.key(), map.accountId, JSON.stringify({ ...map, scanId }));
  }

  /** Every account's latest map, by account id. A field that is not a map is left out and named in `unreadable`. */
  async all(): Promise<{ maps: StoredDataMap[]; unreadable: string[] }> {
    const raw = await this.redis.hgetall(this.key());
    const maps: StoredDataMap[] = [];
    const unreadable: string[] = [];
    for (const [account, value] of Object.entries(raw).sort(([a], [b]) => (a < b ? -1 : 1))) {
      try {
        const m = JSON.parse(value) as StoredDataMap;
        if (!m || !Array.isArray(m.stores) || !Array.isArray(m.gaps)) throw new Error('not a data map');
        maps.push(m);
      } catch {
        unreadable.push(account);
      }
    }
    return { maps, unreadable };
  }

  /** The bucket ARNs holding personal data across every account: what risk ranking puts first. */
  async personal(): Promise<Set<string>> {
    return personalResources((await this.all()).maps);
  }
}
