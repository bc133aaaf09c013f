import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { startScan } from '../checks/scans.js';
import { createLogger } from '../log.js';
import { startBot, type BotHandle } from '../main.js';
import { freePort, resolveRedis, type RedisTarget } from '../redis/connection.js';
import { PAGE_CSS, PAGE_HTML, PAGE_SCRIPT } from './page.js';
import { DemoSlack, readBody, type DemoActionResult, type DemoUser } from './slack.js';
import { syntheticAccount, SYNTHETIC_ACCOUNT_ID, type SyntheticState } from './synthetic-aws.js';

/**
 * `gdpr-bot demo`: the real bot (its listeners, workers, check engine, fixes, access flow and audit log)
 * against a synthetic AWS account (src/demo/synthetic-aws.ts), a private Redis and a local Slack
 * (src/demo/slack.ts), with a web page on 127.0.0.1 that shows the conversation as Slack would and lets
 * two people type `/gdpr …` and press the buttons. Nothing reaches Slack or AWS.
 */

/** The two people of the demo: both approvers, so one asks and the other approves. */
export const DEMO_USERS: DemoUser[] = [
  { id: 'UDEMOALICE', name: 'Alice', title: 'security lead, approver' },
  { id: 'UDEMOBOB01', name: 'Bob', title: 'engineer, approver' },
];
export const DEMO_CHANNELS = {
  security: { id: 'CDEMOSECUR', name: 'security' },
  approvals: { id: 'CDEMOAPPRV', name: 'gdpr-approvals' },
  findings: { id: 'CDEMOFINDS', name: 'gdpr-findings' },
  audit: { id: 'CDEMOAUDIT', name: 'gdpr-audit' },
} as const;
/** The role people can ask just-in-time access to, in the synthetic account. */
export const DEMO_ROLE = { name: 'prod-readonly', arn: `arn:aws:iam::${SYNTHETIC_ACCOUNT_ID}:role/gdpr-jit-readonly` };
const REGION = 'eu-west-1';
/** How long a page's request for news waits when nothing changes. */
const LONG_POLL_MS = 20_000;

export interface DemoOptions {
  /** The page's port on 127.0.0.1 (0 or absent: a free one). */
  port?: number;
  /** Use this Redis (with a key prefix of its own, removed at the end) instead of starting a private redis-server. */
  redisUrl?: string;
  /** The redis-server executable (default: `redis-server` on PATH). */
  redisServer?: string;
  /** Where the bot's log goes (default: a file in the demo's temporary directory). */
  logDestination?: NodeJS.WritableStream;
  /** Start a first full scan right away, so `/gdpr status` has results (default true). */
  initialScan?: boolean;
}

export interface DemoHandle {
  /** The page, e.g. `http://127.0.0.1:8080/`. */
  url: string;
  slack: DemoSlack;
  bot: BotHandle;
  /** The synthetic account's state (what the fixes changed). */
  aws: SyntheticState;
  /** The Redis the demo uses, and whether it is a private redis-server it started. */
  redis: { url: string; private: boolean };
  /** The bot's log file, when it logs to one. */
  logFile?: string;
  close(): Promise<void>;
}

function demoConfig(federationUrl: string): Record<string, unknown> {
  const users = DEMO_USERS.map((u) => u.id);
  return {
    approvers: { users, usergroups: [] },
    // #security is members-only in the demo, so scans typed there post their progress and summary there.
    channels: {
      approvals: DEMO_CHANNELS.approvals.id,
      findings: DEMO_CHANNELS.findings.id,
      audit: DEMO_CHANNELS.audit.id,
      private: [DEMO_CHANNELS.security.id],
    },
    slack: { postInterval: '200ms' },
    scan: { regions: [REGION], allowedRegions: [REGION] },
    remediation: { verifyDelay: '1s' },
    access: {
      roles: [{ name: DEMO_ROLE.name, arn: DEMO_ROLE.arn, maxDuration: '4h', maxSessionDuration: '1h' }],
      // Revocation runs as this account's revoker role, never as the bot's own identity.
      revokers: [{ account: SYNTHETIC_ACCOUNT_ID, roleArn: `arn:aws:iam::${SYNTHETIC_ACCOUNT_ID}:role/gdpr-bot-jit-revoker` }],
      federationUrl,
      consoleUrl: `${federationUrl.replace(/\/federation$/, '')}/console`,
    },
  };
}

/** Removes every key under `prefix` (the demo's keys on a Redis it did not start). */
async function dropPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function sameHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Starts the demo; resolves once the page answers. */
export async function startDemo(options: DemoOptions = {}): Promise<DemoHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-demo-'));
  const logFile = options.logDestination ? undefined : join(dir, 'gdpr-bot.log');
  const logDestination = options.logDestination ?? createWriteStream(logFile!);
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const runCleanups = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  };

  try {
    // Redis: a private, non-persistent redis-server (the free port makes resolveRedis start one instead of
    // using whatever answers on 6379), or the Redis the user named, under a key prefix of the demo's own.
    const prefix = `{gdpr-demo-${randomBytes(4).toString('hex')}}`;
    let redis: RedisTarget;
    if (options.redisUrl) {
      redis = { url: options.redisUrl, private: false, stop: () => dropPrefix(options.redisUrl!, prefix) };
    } else {
      redis = await resolveRedis(undefined, createLogger('silent'), { defaultUrl: `redis://127.0.0.1:${await freePort()}`, redisServer: options.redisServer });
    }
    cleanups.push(() => redis.stop());

    const signingSecret = randomBytes(32).toString('hex');
    const slack = new DemoSlack(
      DEMO_USERS,
      Object.values(DEMO_CHANNELS).map((c) => ({ ...c, kind: 'channel' as const })),
      signingSecret,
    );
    const account = syntheticAccount({
      misconfigured: true,
      writable: true,
      bucketNames: ['acme-customer-exports', 'acme-web-assets', 'acme-cloudtrail-logs'],
      publicBuckets: 1,
      userNames: ['dana', 'ci-deploy', 'erik', 'backup-job'],
      keys: 1,
      volumes: 2,
    });

    const server: Server = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(error instanceof Error ? error.message : 'error');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
    const port = (server.address() as AddressInfo).port;
    const origin = `http://127.0.0.1:${port}`;
    slack.baseUrl = origin;
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          slack.wakeAll();
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      // Only this machine's pages and the bot: a page of another site (DNS rebinding included) is refused.
      if (!sameHost(req, port)) {
        res.writeHead(421, { 'content-type': 'text/plain' });
        res.end('misdirected request');
        return;
      }
      const url = new URL(req.url ?? '/', origin);
      if (await slack.handle(req, res, url)) return;
      const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
        res.end(body);
      };
      if (req.method === 'GET' && url.pathname === '/') {
        send(200, 'text/html; charset=utf-8', PAGE_HTML, {
          'content-security-policy':
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
          'referrer-policy': 'no-referrer',
        });
        return;
      }
      if (req.method === 'GET' && url.pathname === '/demo/app.js') return send(200, 'text/javascript; charset=utf-8', PAGE_SCRIPT);
      if (req.method === 'GET' && url.pathname === '/demo/app.css') return send(200, 'text/css; charset=utf-8', PAGE_CSS);
      if (req.method === 'GET' && url.pathname === '/demo/api/state') {
        const since = Number(url.searchParams.get('since') ?? -1);
        await slack.waitForChange(since, LONG_POLL_MS);
        return send(200, 'application/json', JSON.stringify(slack.snapshot(url.searchParams.get('user') ?? '')));
      }
      if (req.method === 'POST' && url.pathname.startsWith('/demo/api/')) {
        // JSON only (a cross-site form cannot send it without a preflight this server never answers), from this origin.
        if (
          !(req.headers['content-type'] ?? '').startsWith('application/json') ||
          (req.headers.origin !== undefined && req.headers.origin !== origin && req.headers.origin !== `http://localhost:${port}`)
        ) {
          return send(403, 'application/json', JSON.stringify({ ok: false, error: 'forbidden' }));
        }
        const body = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8') || '{}') as Record<string, unknown>;
        const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
        let result: DemoActionResult;
        switch (url.pathname) {
          case '/demo/api/command':
            result = await slack.command(str('user'), str('channel'), str('text').slice(0, 4000));
            break;
          case '/demo/api/click':
            result = await slack.click(str('user'), str('ref'));
            break;
          case '/demo/api/submit': {
            const values = typeof body.values === 'object' && body.values ? (body.values as Record<string, unknown>) : {};
            result = await slack.submit(str('user'), str('view'), Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v).slice(0, 4000)])));
            break;
          }
          case '/demo/api/close':
            result = slack.closeModal(str('user'), str('view'));
            break;
          default:
            result = { ok: false, error: 'unknown' };
        }
        return send(result.ok ? 200 : 400, 'application/json', JSON.stringify(result));
      }
      // AWS's federation endpoint, for the console button of just-in-time access.
      if (req.method === 'GET' && url.pathname === '/federation') {
        if (url.searchParams.get('Action') === 'getSigninToken')
          return send(200, 'application/json', JSON.stringify({ SigninToken: `demo-signin-${randomBytes(8).toString('hex')}` }));
        return send(
          200,
          'text/plain; charset=utf-8',
          'Here the AWS console would open, signed in with the just-in-time session (this is the demo: there is no AWS account behind it).\n',
        );
      }
      if (req.method === 'GET' && url.pathname === '/console') return send(200, 'text/plain; charset=utf-8', 'The AWS console (demo).\n');
      send(404, 'text/plain', 'not found');
    }

    const configPath = join(dir, 'gdpr-bot.yml');
    writeFileSync(configPath, stringify(demoConfig(`${origin}/federation`)));
    const bot = await startBot(
      {
        ROLE: 'all',
        PORT: '0',
        LOG_LEVEL: 'info',
        SLACK_BOT_TOKEN: `xoxb-demo-${randomBytes(8).toString('hex')}`,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: slack.apiUrl,
        REDIS_URL: redis.url,
        REDIS_PREFIX: prefix,
        AWS_REGION: REGION,
        GDPR_BOT_CONFIG: configPath,
      },
      { logDestination, shutdownTimeoutMs: 2000, awsClients: (region) => account.clients(region), host: '127.0.0.1' },
    );
    cleanups.push(() => bot.close());
    slack.botUrl = `http://127.0.0.1:${bot.port}`;

    slack.note(
      DEMO_CHANNELS.security.id,
      'Welcome to the gdpr-bot demo. The bot is scanning a synthetic AWS account (a public bucket without encryption, a user without MFA, EBS default encryption off, …). Type `/gdpr status` to see the posture, press *Fix* on a failure, then switch to *Bob* (left) and approve it in #gdpr-approvals. `/gdpr access` asks for temporary AWS access.',
    );
    if (options.initialScan !== false) {
      await startScan(bot.services, { selector: { kind: 'all' }, channel: DEMO_CHANNELS.security.id, user: DEMO_USERS[0]!.id, trigger: 'slack' });
    }

    let closing: Promise<void> | undefined;
    return {
      url: `${origin}/`,
      slack,
      bot,
      aws: account.state,
      redis: { url: redis.url, private: redis.private },
      logFile,
      close: () =>
        (closing ??= (async () => {
          await runCleanups();
          if (!options.logDestination) await new Promise<void>((resolve) => (logDestination as ReturnType<typeof createWriteStream>).end(() => resolve()));
        })()),
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}
