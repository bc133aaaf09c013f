import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the tests use: REDIS_URL, or the one on 127.0.0.1:6379 that .ci/run makes sure of. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own for one test file or test, as a Redis Cluster hash tag like production's. */
export function uniquePrefix(label = 'test'): string {
  return `{gdpr-${label}-${randomBytes(4).toString('hex')}}`;
}

export function testRedis(kind: 'worker' | 'plain' = 'plain'): Redis {
  return new Redis(TEST_REDIS_URL, kind === 'worker' ? { maxRetriesPerRequest: null } : {});
}

/** Deletes every key under `prefix`. */
export async function cleanupPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
