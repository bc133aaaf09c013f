import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/config/env.js';
import { buildServices } from '../src/main.js';
import { childCwd, REPO_ROOT, spawnTracked, TSX_IMPORT } from './helpers/children.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from './helpers/redis.js';
import { SlackTestServer } from './helpers/slack-server.js';

const prefix = uniquePrefix('main');

/**
 * Runs the real entry point (`src/main.ts`) as `npm start` would, and collects its output. It runs in
 * a folder of its own with only the variables given, so nothing of the developer's (`.env`,
 * `gdpr-bot.yml`, Redis DB 0, the default prefix) reaches it.
 */
function runBot(env: Record<string, string>) {
  const child = spawnTracked(process.execPath, ['--import', TSX_IMPORT, join(REPO_ROOT, 'src/main.ts')], {
    cwd: childCwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', REDIS_PREFIX: prefix, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-main-'));
afterAll(() => cleanupPrefix(prefix));

describe('the program', () => {
  it('refuses a bad configuration file with every problem listed and a non-zero exit', async () => {
    const path = join(dir, 'bad.yml');
    writeFileSync(path, 'approvers: { users: [alice] }\nscan: { regions: [mars-1] }\ntypo: 1\n');
    const run = runBot({ GDPR_BOT_CONFIG: path, SLACK_BOT_TOKEN: 'xoxb-test-main', SLACK_SIGNING_SECRET: 'signing-secret-test', REDIS_URL: TEST_REDIS_URL });
    expect(await run.exited).toBe(2);
    expect(run.err()).toContain(`Invalid configuration in ${path} (3 problems)`);
    expect(run.err()).toContain('approvers.users[0]');
    expect(run.err()).toContain('scan.regions[0]');
    expect(run.err()).toContain('unknown key "typo"');
  }, 20_000);

  it('refuses a missing bot token without printing any secret', async () => {
    const run = runBot({ SLACK_SIGNING_SECRET: 'do-not-print-me', REDIS_URL: TEST_REDIS_URL });
    expect(await run.exited).toBe(2);
    expect(run.err()).toContain('SLACK_BOT_TOKEN');
    expect(run.err() + run.out()).not.toContain('do-not-print-me');
  }, 20_000);

  it.each(['invalid_auth', 'token_revoked'])(
    'refuses to start when Slack answers auth.test with %s, naming SLACK_BOT_TOKEN and never printing it',
    async (error) => {
      const slack = await new SlackTestServer().start();
      try {
        slack.failNext('auth.test', { times: 5, status: 200, error });
        const path = join(dir, `token-${error}.yml`);
        writeFileSync(path, 'approvers: { users: [U0123ABCD] }\n');
        const run = runBot({
          GDPR_BOT_CONFIG: path,
          SLACK_BOT_TOKEN: 'xoxb-test-refused-token-do-not-print',
          SLACK_SIGNING_SECRET: 'signing-secret-test',
          SLACK_API_URL: slack.apiUrl,
          REDIS_URL: TEST_REDIS_URL,
          PORT: '0',
        });
        expect(await run.exited).toBe(2);
        expect(run.err()).toContain('SLACK_BOT_TOKEN');
        expect(run.err()).toContain(error);
        expect(run.err()).toMatch(/Bot User OAuth Token|reinstall/i);
        expect(run.err() + run.out()).not.toContain('xoxb-test-refused-token-do-not-print');
        expect(run.out()).not.toContain('gdpr-bot is running');
      } finally {
        await slack.close();
      }
    },
    20_000,
  );

  it('starts, serves /healthz, and shuts down cleanly on SIGTERM', async () => {
    const path = join(dir, 'good.yml');
    writeFileSync(path, 'approvers: { users: [U0123ABCD] }\n');
    const run = runBot({
      GDPR_BOT_CONFIG: path,
      SLACK_BOT_TOKEN: 'xoxb-test-main',
      SLACK_SIGNING_SECRET: 'signing-secret-test',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      PORT: '0',
    });
    let port: number | undefined;
    for (let i = 0; i < 200 && port === undefined; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const line = run
        .out()
        .split('\n')
        .find((l) => l.includes('gdpr-bot is running'));
      if (line) port = (JSON.parse(line) as { port: number }).port;
    }
    expect(port).toBeGreaterThan(0);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.out()).toContain('"msg":"stopped"');
  }, 30_000);
});

describe('buildServices', () => {
  it('builds the services without listening or running a job, on the clock it is given; dispose lets go of Redis', async () => {
    const slack = await new SlackTestServer().start();
    const path = join(dir, 'build.yml');
    writeFileSync(path, 'approvers: { users: [U0123ABCD] }\nscan: { regions: [eu-west-1] }\n');
    const clock = new Date('2031-05-04T03:02:01.000Z');
    const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
    try {
      const built = await buildServices(
        parseEnv({
          SLACK_BOT_TOKEN: 'xoxb-test-build',
          SLACK_SIGNING_SECRET: 'signing-secret-test',
          SLACK_API_URL: slack.apiUrl,
          REDIS_URL: TEST_REDIS_URL,
          REDIS_PREFIX: prefix,
          GDPR_BOT_CONFIG: path,
        }),
        { logDestination: quiet, overrides: { now: () => clock } },
      );
      const { services } = built;
      expect(services.config.approvers.users).toEqual(['U0123ABCD']);
      // What the bot records is stamped by its clock, not the machine's.
      await services.audit.append({ actor: 'U0123ABCD', action: 'test.built', subject: 'build' });
      expect((await services.audit.tail(1))[0]).toMatchObject({ action: 'test.built', at: clock.toISOString() });
      // Nothing consumes a job: a queued one waits for a worker that `start` would run.
      await services.queues.get('audit').add('anchor', {});
      expect(await services.queues.get('audit').getJobCounts('waiting', 'active')).toMatchObject({ active: 0 });
      expect(slack.callsTo('auth.test')).toHaveLength(1);
      await built.dispose();
      // Its connection ends (a connection left open would keep a CLI or a test process alive).
      if (services.redis.status !== 'end') await new Promise((resolve) => services.redis.once('end', resolve));
      expect(services.redis.status).toBe('end');
    } finally {
      await slack.close();
    }
  }, 20_000);
});
