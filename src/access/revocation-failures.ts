import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';

/**
 * Revocations that did not take effect, kept until they stop mattering: a failed revocation stays
 * "unresolved" until a later attempt is read back from IAM, or until every session of the grant has
 * expired on its own (`validUntil`). One sorted set in Redis (member: grant id, score: validUntil), so
 * every process (the web role's /healthz and /metrics included) sees the same count.
 */
export class RevocationFailures {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private key(): string {
    return this.keys.key('access', 'revocation-failed');
  }

  /** Records that the revocation of `grantId` failed; its sessions may be used until `validUntil` (ms). */
  async record(grantId: string, validUntil: number, now = Date.now()): Promise<void> {
    // Entries whose sessions have all expired are dropped here, by the writer (the worker), not by the
    // readers: the web role's Redis user may not write this key, and must still count (/healthz, /metrics).
    await this.redis.multi().zremrangebyscore(this.key(), '-inf', now).zadd(this.key(), validUntil, grantId).exec();
  }

  /** A later attempt was read back from IAM. */
  async resolve(grantId: string): Promise<void> {
    await this.redis.zrem(this.key(), grantId);
  }

  /** Whether the revocation of `grantId` failed and its sessions may still be valid. */
  async isUnresolved(grantId: string, now: number): Promise<boolean> {
    const score = await this.redis.zscore(this.key(), grantId);
    return score !== null && Number(score) > now;
  }

  /** Grant ids of failed revocations whose sessions may still be valid at `now`, oldest expiry first (reads only). */
  async unresolved(now: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.key(), `(${now}`, '+inf');
  }
}
