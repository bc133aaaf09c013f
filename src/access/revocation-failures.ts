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
  async record(grantId: string, validUntil: number): Promise<void> {
    await this.redis.zadd(this.key(), validUntil, grantId);
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

  /** Grant ids of failed revocations whose sessions may still be valid at `now`, oldest expiry first. */
  async unresolved(now: number): Promise<string[]> {
    await this.redis.zremrangebyscore(this.key(), '-inf', now);
    return this.redis.zrangebyscore(this.key(), `(${now}`, '+inf');
  }
}
