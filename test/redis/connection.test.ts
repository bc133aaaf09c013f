import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createRedis, pingRedis, RedisUnavailableError, resolveRedis } from '../../src/redis/connection.js';
import { LogCapture } from '../helpers/bot.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';

/** A loopback port nothing listens on. */
const NOTHING = 'redis://127.0.0.1:9';

describe('finding a Redis', () => {
  it('uses an explicit REDIS_URL as it is', async () => {
    const target = await resolveRedis('redis://example.invalid:6379', createLogger('silent'));
    expect(target).toMatchObject({ url: 'redis://example.invalid:6379', private: false });
  });

  it('uses the default Redis when it answers', async () => {
    const target = await resolveRedis(undefined, createLogger('silent'), { defaultUrl: TEST_REDIS_URL });
    expect(target).toMatchObject({ url: TEST_REDIS_URL, private: false });
  });

  it('starts a private, non-persistent redis-server when nothing answers, and says so', async () => {
    const logs = new LogCapture();
    const target = await resolveRedis(undefined, createLogger('info', logs), { defaultUrl: NOTHING });
    try {
      expect(target.private).toBe(true);
      expect(await pingRedis(target.url)).toBe(true);
      expect(logs.text()).toContain('keeps nothing on disk');
    } finally {
      await target.stop();
    }
    expect(await pingRedis(target.url, 300)).toBe(false);
  });

  it('explains how to get a Redis when none answers and redis-server is not installed', async () => {
    const attempt = resolveRedis(undefined, createLogger('silent'), { defaultUrl: NOTHING, redisServer: 'no-such-redis-server-binary' });
    await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(attempt).rejects.toThrow(/docker compose up -d redis/);
  });
});

describe('the connections the bot makes', () => {
  // ioredis 5's auto-pipelining threw "results[i] is not iterable" outside any promise beside the
  // scripts of defineCommand, and crashed the process (redis/ioredis#1931; seen in this suite).
  it.each(['producer', 'worker', 'jobs'] as const)('the %s connection never pipelines automatically', async (kind) => {
    const redis = createRedis(TEST_REDIS_URL, kind, `test-${kind}`);
    try {
      expect(redis.options.enableAutoPipelining).toBe(false);
    } finally {
      redis.disconnect();
    }
  });
});
