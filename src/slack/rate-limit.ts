import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import { windowHit } from '../redis/scripts.js';

/** The answer of {@link RateLimiter.hit}. */
export interface RateDecision {
  allowed: boolean;
  /** Hits in the current window, this one included. */
  count: number;
  /** Until the window ends (ms). */
  retryAfterMs: number;
  /** True for the first hit over the limit in a window (log it once, not every time). */
  firstRefusal: boolean;
}

/**
 * Per-user, per-action limits as fixed windows in Redis (one counter per user, action and window, with
 * the window's lifetime): shared by every process, one round trip per request. A fixed window lets a
 * user make up to twice the limit across a window's edge; that is fine for its purpose, which is that
 * one member cannot flood the bot (and, through it, a channel or the audit log).
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Counts one hit of `action` by `user` and says whether it is within `limit` per `windowMs`. */
  async hit(user: string, action: string, limit: number, windowMs: number): Promise<RateDecision> {
    const key = this.keys.key('rate', action, user);
    const { count, ttl } = await windowHit.run(this.redis, { counter: key }, { windowMs });
    return { allowed: count <= limit, count, retryAfterMs: Math.max(0, ttl), firstRefusal: count === limit + 1 };
  }
}

/** "in 42 s" / "in 3 min" for a refusal. */
export function retryIn(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? `in ${s} s` : `in ${Math.ceil(s / 60)} min`;
}
