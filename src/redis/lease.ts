import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import { deleteIfEquals, pexpireIfEquals } from './scripts.js';

/**
 * A lease: a Redis key held for a while by one owner, named by a token only the owner knows
 * (`SET key token PX ttl NX`). Only the holder can renew or release it: a process whose lease ran out
 * and was taken by another cannot extend or free the other's. A holder that dies simply lets it expire.
 */
export class Lease {
  private constructor(
    private readonly redis: Redis,
    /** The Redis key of the lease. */
    readonly key: string,
    /** The owner's token (the value stored under the key). */
    readonly token: string,
    /** The lifetime given on acquiring, and by default on renewing (ms). */
    readonly ttlMs: number,
  ) {}

  /**
   * Takes the lease when nobody holds it; undefined when someone does. `token` defaults to a random
   * UUID; give one when others must be able to see who holds it (e.g. the id of a running scan).
   */
  static async acquire(redis: Redis, key: string, ttlMs: number, token: string = randomUUID()): Promise<Lease | undefined> {
    return (await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK' ? new Lease(redis, key, token, ttlMs) : undefined;
  }

  /** A lease believed held under `token` (e.g. a scan's id, kept in its record), to release it later. */
  static held(redis: Redis, key: string, token: string, ttlMs: number): Lease {
    return new Lease(redis, key, token, ttlMs);
  }

  /** The token of whoever holds the lease at `key`, or null when nobody does. */
  static holder(redis: Redis, key: string): Promise<string | null> {
    return redis.get(key);
  }

  /** Gives the lease a new lifetime if it is still ours; false when it expired or is someone else's (nothing is changed then). */
  renew(ttlMs: number = this.ttlMs): Promise<boolean> {
    return pexpireIfEquals.run(this.redis, { key: this.key }, { expected: this.token, ttlMs });
  }

  /** Frees the lease if it is still ours; false when it had expired or is someone else's (theirs stays). */
  release(): Promise<boolean> {
    return deleteIfEquals.run(this.redis, { key: this.key }, { expected: this.token });
  }

  /** Queues {@link release} on a transaction from `scriptedMulti`, so the lease is freed in the same atomic step as the rest. */
  queueRelease(tx: ChainableCommander): void {
    deleteIfEquals.queue(tx, { key: this.key }, { expected: this.token });
  }
}
