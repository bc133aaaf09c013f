import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthRoutes, type DependencyHealth } from '../../src/http/routes.js';
import { Metrics } from '../../src/metrics.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { PrivateRedis } from '../helpers/private-redis.js';

async function health(baseUrl: string) {
  const res = await fetch(`${baseUrl}/healthz`);
  return { code: res.status, body: (await res.json()) as { status: string; redis: string; role: string; dependencies: Record<string, DependencyHealth> } };
}

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
    const up = await health(t.baseUrl);
    expect(up.code).toBe(200);
    expect(up.body).toMatchObject({ status: 'ok', redis: 'up', role: 'web' });
    expect(up.body.dependencies.redis).toEqual({ ok: true, status: 'up' });
    expect(up.body.dependencies.slackToken).toMatchObject({ ok: true, status: 'ok' });
    // A web process runs no workers, and HTTP mode has no Socket Mode connection: neither is reported.
    expect(Object.keys(up.body.dependencies).sort()).toEqual(['redis', 'slackToken']);
    await redis.kill();
    const down = await health(t.baseUrl);
    expect(down.code).toBe(503);
    expect(down.body).toMatchObject({ status: 'unavailable', redis: 'down', role: 'web' });
    expect(down.body.dependencies.redis).toEqual({ ok: false, status: 'down' });
    await redis.restart();
    let back = await health(t.baseUrl);
    for (let i = 0; i < 50 && back.code !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      back = await health(t.baseUrl);
    }
    expect(back.code).toBe(200);
  });
});

describe('/healthz reports each dependency', () => {
  it('a worker process reports its workers running', async () => {
    const t = await startTestBot({ env: { ROLE: 'worker' } });
    try {
      const up = await health(t.baseUrl);
      expect(up.code).toBe(200);
      expect(up.body.dependencies.workers).toMatchObject({ ok: true, status: 'running' });
      expect(up.body.dependencies.workers!.total).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('turns 503 when Slack starts refusing the bot token, naming the error', async () => {
    const t = await startTestBot({ env: { ROLE: 'web' }, start: { tokenRecheckMs: 50 } });
    try {
      expect((await health(t.baseUrl)).code).toBe(200);
      t.slack.failNext('auth.test', { times: 1_000_000, status: 200, error: 'token_revoked' });
      let now = await health(t.baseUrl);
      for (let i = 0; i < 100 && now.code === 200; i++) {
        await new Promise((r) => setTimeout(r, 50));
        now = await health(t.baseUrl);
      }
      expect(now.code).toBe(503);
      expect(now.body.dependencies.slackToken).toMatchObject({ ok: false, status: 'invalid', error: 'token_revoked' });
      expect(now.body.dependencies.redis).toEqual({ ok: true, status: 'up' });
    } finally {
      await t.close();
    }
  });

  it('starts and stays 200 when Slack cannot be reached: the token is "unreachable", not refused', async () => {
    const t = await startTestBot({ env: { ROLE: 'web', SLACK_API_URL: 'http://127.0.0.1:9/api/' } });
    try {
      const now = await health(t.baseUrl);
      expect(now.code).toBe(200);
      expect(now.body.dependencies.slackToken).toMatchObject({ ok: true, status: 'unreachable' });
      expect(t.logs.text()).toContain('could not check the Slack bot token');
    } finally {
      await t.close();
    }
  });

  it('a required dependency that is down (a Socket Mode connection lost) makes it 503', async () => {
    let connected = true;
    const routes = healthRoutes({
      metrics: new Metrics(),
      redisUp: async () => true,
      role: 'all',
      dependencies: { socketMode: () => ({ ok: connected, status: connected ? 'connected' : 'disconnected' }) },
    });
    const server: Server = createServer((req, res) => routes.find((r) => r.path === req.url)!.handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await health(baseUrl)).code).toBe(200);
      connected = false;
      const down = await health(baseUrl);
      expect(down.code).toBe(503);
      expect(down.body).toMatchObject({ status: 'unavailable', redis: 'up', dependencies: { socketMode: { ok: false, status: 'disconnected' } } });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
  it('is not "ok" when it cannot tell whether a revocation failed (the count cannot be read)', async () => {
    const routes = healthRoutes({
      metrics: new Metrics(),
      redisUp: async () => true,
      role: 'web',
      failedRevocations: () => Promise.reject(new Error('NOPERM this user has no permissions to access one of the keys used as arguments')),
    });
    const server: Server = createServer((req, res) => routes.find((r) => r.path === req.url)!.handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await health(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      expect(res.body.status).toBe('degraded');
      expect(JSON.stringify(res.body)).toMatch(/could not read the failed access revocations \(NOPERM/);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
