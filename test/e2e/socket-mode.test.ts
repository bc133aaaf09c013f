import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DependencyHealth } from '../../src/http/routes.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { childCwd, REPO_ROOT, spawnTracked, TSX_IMPORT } from '../helpers/children.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { SlackTestServer } from '../helpers/slack-server.js';

const STATE_KEY = 'state-key-0123456789abcdef0123456789abcdef';

async function health(baseUrl: string) {
  const res = await fetch(`${baseUrl}/healthz`);
  return { code: res.status, body: (await res.json()) as { status: string; dependencies: Record<string, DependencyHealth> } };
}

/**
 * Socket Mode whose WebSocket does not connect: Slack answers apps.connections.open, but the test
 * server's WebSocket URL accepts no connection (as a firewall that lets https through, not wss, would).
 */
describe('Socket Mode without a connection', () => {
  let t: TestBot | undefined;
  afterAll(async () => {
    await t?.close();
  });

  it('starts the workers anyway, and /healthz is 503 naming the Socket Mode connection', async () => {
    t = await startTestBot({ env: { SLACK_APP_TOKEN: 'xapp-test-socket-mode', SLACK_SIGNING_SECRET: '', GDPR_BOT_STATE_KEY: STATE_KEY } });
    expect(t.slack.callsTo('apps.connections.open').length).toBeGreaterThan(0);
    let now = await health(t.baseUrl);
    for (let i = 0; i < 100 && now.body.dependencies.workers?.status !== 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      now = await health(t.baseUrl);
    }
    expect(now.body.dependencies.workers).toMatchObject({ ok: true, status: 'running' });
    expect(now.body.dependencies.socketMode).toEqual({ ok: false, status: 'disconnected' });
    expect(now.code).toBe(503);
  }, 30_000);
});

describe('Socket Mode with an app token Slack refuses', () => {
  const prefix = uniquePrefix('socket');
  afterAll(() => cleanupPrefix(prefix));

  it('does not start: exit 2, naming SLACK_APP_TOKEN and what to do, never printing the token', async () => {
    const slack = await new SlackTestServer().start();
    try {
      slack.failNext('apps.connections.open', { times: 5, status: 200, error: 'invalid_auth' });
      const child = spawnTracked(process.execPath, ['--import', TSX_IMPORT, join(REPO_ROOT, 'src/main.ts')], {
        cwd: childCwd(),
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          SLACK_BOT_TOKEN: 'xoxb-test-socket-mode',
          SLACK_APP_TOKEN: 'xapp-test-refused-do-not-print',
          GDPR_BOT_STATE_KEY: STATE_KEY,
          SLACK_API_URL: slack.apiUrl,
          REDIS_URL: TEST_REDIS_URL,
          REDIS_PREFIX: prefix,
          PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code, out.slice(-2000)).toBe(2);
      expect(out).toContain('SLACK_APP_TOKEN: Slack refused Socket Mode (apps.connections.open: invalid_auth)');
      expect(out).toContain('App-Level Tokens');
      expect(out).not.toContain('xapp-test-refused-do-not-print');
      expect(out).not.toContain('gdpr-bot is running');
    } finally {
      await slack.close();
    }
  }, 30_000);
});
