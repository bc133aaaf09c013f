import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * The Redis the tests use: `GDPR_BOT_TEST_REDIS_URL`, or database 15 of the one on 127.0.0.1:6379 that
 * .ci/run makes sure of. Never the developer's `REDIS_URL`, and never database 0, where a developer's
 * own bot keeps its queues: tests are guests (and every test uses a key prefix of its own as well).
 */
export const TEST_REDIS_URL = process.env.GDPR_BOT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
if (/^rediss?:\/\/[^/]*\/?(0)?$/.test(TEST_REDIS_URL)) {
  throw new Error(`GDPR_BOT_TEST_REDIS_URL=${TEST_REDIS_URL} selects Redis database 0; tests never use it. Add a database number, e.g. /15.`);
}

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
