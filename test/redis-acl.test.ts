import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startBot, type BotHandle } from '../src/main.js';
import { RevocationFailures } from '../src/access/revocation-failures.js';
import { freePort, pingRedis } from '../src/redis/connection.js';
import { Keys } from '../src/redis/keys.js';
import { windowHit } from '../src/redis/scripts.js';
import { LogCapture, TEST_BOT_TOKEN } from './helpers/bot.js';
import { spawnTracked } from './helpers/children.js';
import { buttonClick, postSigned, slashCommand, TEST_SIGNING_SECRET } from './helpers/slack-request.js';
import { SlackTestServer } from './helpers/slack-server.js';

const WEB_PASSWORD = 'web-password-0123456789abcdef';
const WORKER_PASSWORD = 'worker-password-0123456789abcdef';
const REQUESTER = 'U0000REQ1';
const APPROVER = 'U0000APPR1';

/** The `--user` arguments of docker-compose.yml's Redis (each user's tokens), with the passwords compose would put in. */
function composeAclUsers(): string[][] {
  const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8')) as { services: { redis: { command: string[] } } };
  const users: string[][] = [];
  let inUser = false;
  for (const arg of compose.services.redis.command) {
    if (arg.startsWith('--')) inUser = arg === '--user';
    if (arg === '--user') users.push([]);
    else if (inUser)
      users.at(-1)!.push(arg.replace(/\$\{REDIS_WEB_PASSWORD[^}]*\}/g, WEB_PASSWORD).replace(/\$\{REDIS_WORKER_PASSWORD[^}]*\}/g, WORKER_PASSWORD));
  }
  return users;
}

/**
 * The Redis ACL of docker-compose.yml, on a real redis-server of this test's own: the web role's user
 * writes only what the web role writes, and the real bot runs with it (ROLE=web) beside a worker with
 * the worker's user.
 */
describe('Redis ACL users of docker-compose.yml (real redis-server)', () => {
  let child: ChildProcess;
  let port = 0;
  const url = (user: string, password: string) => `redis://${user}:${password}@127.0.0.1:${port}`;
  let web: Redis;
  let worker: Redis;

  beforeAll(async () => {
    port = await freePort();
    const users = composeAclUsers();
    expect(users.map((u) => u[0])).toEqual(['default', 'healthcheck', 'gdpr-worker', 'gdpr-web']);
    child = spawnTracked(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
        ...users.flatMap((u) => ['--user', ...u]),
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100 && !(await pingRedis(url('healthcheck', 'x'), 300)); i++) await new Promise((r) => setTimeout(r, 50));
    web = new Redis(url('gdpr-web', WEB_PASSWORD));
    worker = new Redis(url('gdpr-worker', WORKER_PASSWORD));
  });
  afterAll(async () => {
    web?.disconnect();
    worker?.disconnect();
    child?.kill('SIGKILL');
  });

  const refused = (p: Promise<unknown>) => expect(p).rejects.toThrow(/NOPERM|NOAUTH|WRONGPASS/);

  it('the web user cannot write check results, findings, revocation locks or worker-only queues, nor run admin commands', async () => {
    await refused(web.set('{gdpr}:posture:latest', 'forged'));
    await refused(web.hset('{gdpr}:posture:latest', 'x', '{"status":"pass"}'));
    await refused(web.hset('{gdpr}:findings:state', 'f1', '{}'));
    await refused(web.set('{gdpr}:access:role-lock:admin', 'x'));
    await refused(web.lpush('{gdpr}:scan-target:wait', 'x'));
    await refused(web.lpush('{gdpr}:findings-poll:wait', 'x'));
    await refused(web.del('{gdpr}:posture:latest'));
    await refused(web.set('{gdpr}:posture:latest-version', 'forged'));
    await refused(web.zadd('{gdpr}:posture:history', 1, 'forged'));
    await refused(web.eval("return redis.call('SET', KEYS[1], 'x')", 1, '{gdpr}:posture:latest'));
    await refused(web.set('another-app:key', 'x'));
    await refused(web.get('another-app:key'));
    await refused(web.flushall());
    await refused(web.config('SET', 'dir', '/tmp'));
    await refused(web.keys('*'));
    // It can read what it answers from.
    expect(await web.get('{gdpr}:posture:latest-version')).toBeNull();
  });

  it("both users may run the bot's scripts by EVALSHA and SCRIPT LOAD, on the keys they may write", async () => {
    for (const [user, key] of [
      [web, '{gdpr}:rate:acl-test:U1'],
      [worker, '{gdpr}:posture:lock:acl-test'],
    ] as const) {
      const sha = (await user.script('LOAD', windowHit.lua)) as string;
      expect(await user.evalsha(sha, 1, key, '60000')).toEqual([1, expect.any(Number)]);
      // Through the defined command: EVAL the first time on a connection, EVALSHA after.
      expect(await windowHit.run(user, { counter: key }, { windowMs: 60_000 })).toMatchObject({ count: 2 });
      expect(await windowHit.run(user, { counter: key }, { windowMs: 60_000 })).toMatchObject({ count: 3 });
    }
    await refused(web.evalsha(createHash('sha1').update(windowHit.lua).digest('hex'), 1, '{gdpr}:posture:latest', '60000'));
  });

  it('the worker user cannot leave the prefix or run admin commands; the default user is off; healthcheck can only PING', async () => {
    await worker.set('{gdpr}:posture:latest-version', 'v1');
    await refused(worker.set('another-app:key', 'x'));
    await refused(worker.flushall());
    await refused(worker.config('GET', 'dir'));
    await refused(worker.call('MODULE', 'LIST'));
    // Without credentials, Redis answers nothing but NOAUTH (a raw connection, as anyone on the network would open).
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('GET {gdpr}:posture:latest-version\r\n'));
      socket.once('data', (data) => {
        resolve(data.toString('utf8'));
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(reply).toMatch(/^-NOAUTH/);
    const health = new Redis(url('healthcheck', 'x'), { enableReadyCheck: false });
    expect(await health.ping()).toBe('PONG');
    await refused(health.get('{gdpr}:posture:latest-version'));
    health.disconnect();
  });

  describe('the real bot with these users: ROLE=web as gdpr-web, ROLE=worker as gdpr-worker', () => {
    const sts = mockClient(STSClient);
    let slack: SlackTestServer;
    let webBot: BotHandle;
    let workerBot: BotHandle;
    const logs = new LogCapture();
    let n = 0;

    beforeAll(async () => {
      sts.on(AssumeRoleCommand).callsFake(async (input: { DurationSeconds: number }) => ({
        Credentials: {
          AccessKeyId: 'ASIAEXAMPLE000000001',
          SecretAccessKey: 'acl-test-secret',
          SessionToken: 'token',
          Expiration: new Date(Date.now() + input.DurationSeconds * 1000),
        },
      }));
      slack = await new SlackTestServer().start();
      const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-acl-'));
      const config = join(dir, 'gdpr-bot.yml');
      writeFileSync(
        config,
        stringify({
          approvers: { users: [APPROVER], usergroups: [] },
          channels: { approvals: 'C0000APPR', audit: 'C0000AUDT' },
          slack: { postInterval: '10ms' },
          scan: { regions: ['eu-west-1'] },
          access: {
            roles: [{ name: 'prod-readonly', arn: 'arn:aws:iam::123456789012:role/ro', maxDuration: '4h' }],
            revokers: [{ account: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/gdpr-bot-jit-revoker' }],
          },
        }),
      );
      const env = {
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        LOG_LEVEL: 'warn',
        GDPR_BOT_CONFIG: config,
        AWS_REGION: 'eu-west-1',
      };
      webBot = await startBot({ ...env, ROLE: 'web', REDIS_URL: url('gdpr-web', WEB_PASSWORD) }, { logDestination: logs, shutdownTimeoutMs: 1000 });
      workerBot = await startBot({ ...env, ROLE: 'worker', REDIS_URL: url('gdpr-worker', WORKER_PASSWORD) }, { logDestination: logs, shutdownTimeoutMs: 1000 });
    });
    afterAll(async () => {
      await webBot?.close();
      await workerBot?.close();
      await slack?.close();
      sts.restore();
    });

    const answer = async (id: string) => {
      await slack.waitFor(() => slack.responses.some((r) => r.id === id), `the answer ${id}`);
      return slack.responses.find((r) => r.id === id)!.body;
    };
    const command = async (text: string, user: string) => {
      const id = `cmd-${++n}`;
      const res = await postSigned(`http://127.0.0.1:${webBot.port}`, slashCommand({ text, user_id: user, response_url: slack.responseUrl(id) }));
      expect(res.status).toBe(200);
      const body = await res.text();
      return body.trim() ? (JSON.parse(body) as Record<string, unknown>) : answer(id);
    };
    const click = async (actionId: string, value: string, userId: string) => {
      const id = `click-${++n}`;
      const res = await postSigned(
        `http://127.0.0.1:${webBot.port}`,
        buttonClick({
          actionId,
          value,
          userId,
          responseUrl: slack.responseUrl(id),
          channelId: 'D0000REQ1',
          messageTs: `1700000000.${String(n).padStart(6, '0')}`,
        }),
      );
      expect(res.status).toBe(200);
      return answer(id);
    };

    it('requests, approves, activates and delivers credentials, with no permission error anywhere', async () => {
      const filed = await command('access prod-readonly 1h investigating', REQUESTER);
      const id = /ax-[0-9a-f]{8}/.exec(String(filed.text))![0];
      expect(String((await click('access_approve', id, APPROVER)).text)).toMatch(/You approved/);
      await slack.waitFor(
        () => slack.calls.some((c) => c.args.channel === 'D0000REQ1' && JSON.stringify(c.args.blocks ?? '').includes('access_cli')),
        'the DM with the credential buttons',
        15_000,
      );
      expect(JSON.stringify(await click('access_cli', id, REQUESTER))).toContain('acl-test-secret');
      // With no stored scan, /gdpr status starts one from the web role (a scan lock and record).
      expect(JSON.stringify(await command('status', REQUESTER))).not.toMatch(/Something went wrong|temporarily unavailable/);
      expect(JSON.stringify(await command('access list', APPROVER))).toContain(id);
      expect(logs.text()).not.toMatch(/NOPERM/);
    });

    it('the web role (which serves /healthz and /metrics) sees a failed revocation the worker recorded', async () => {
      await new RevocationFailures(worker, new Keys('{gdpr}')).record('ax-0000acl1', Date.now() + 3_600_000);
      const health = await fetch(`http://127.0.0.1:${webBot.port}/healthz`);
      expect(await health.json()).toMatchObject({ status: 'degraded', redis: 'up', failedRevocations: 1 });
      const metrics = await (await fetch(`http://127.0.0.1:${webBot.port}/metrics`)).text();
      expect(metrics).toMatch(/^gdpr_bot_access_revocations_unresolved 1$/m);
      expect(logs.text()).not.toMatch(/NOPERM/);
      await new RevocationFailures(worker, new Keys('{gdpr}')).resolve('ax-0000acl1');
    });
  });
});
