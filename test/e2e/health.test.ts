import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { PrivateRedis } from '../helpers/private-redis.js';

describe('/healthz follows Redis', () => {
  let redis: PrivateRedis;
  let t: TestBot;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await startTestBot({ env: { REDIS_URL: redis.url, ROLE: 'web' } });
  });
  afterAll(async () => {
    await redis.restart();
    await t?.close();
    await redis.kill();
  });

  it('is 200 while Redis answers, 503 while it is down, and 200 again when it is back', async () => {
    const status = async () => {
      const res = await fetch(`${t.baseUrl}/healthz`);
      return { code: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await status()).toEqual({ code: 200, body: { status: 'ok', redis: 'up', role: 'web' } });
    await redis.kill();
    expect(await status()).toEqual({ code: 503, body: { status: 'unavailable', redis: 'down', role: 'web' } });
    await redis.restart();
    let back = await status();
    for (let i = 0; i < 50 && back.code !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      back = await status();
    }
    expect(back.code).toBe(200);
  });
});
