/**
 * The composition root: the one module that reads the environment and builds clients. Everything else
 * is given what it needs. `buildServices(settings, options)` builds (clients, stores, clock) without
 * listening; `start(built)` listens for Slack and runs the workers; `startBot(env)` is both, and is also
 * what the end-to-end tests start.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import type { App } from '@slack/bolt';
import pLimit from 'p-limit';
import { WebAPIPlatformError, WebClient } from '@slack/web-api';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { WorkerServices } from '../jobs/index.js';
import { Approvers } from './access/approvers.js';
import { AuditKey } from './audit/key.js';
import { AuditLog } from './audit/log.js';
import { AwsClients } from './aws/clients.js';
import { planRegions } from './aws/collectors/targets.js';
import { parseEnv, Role, WorkersOn, type Settings } from './config/env.js';
import { ConfigError, loadConfig } from './config/load.js';
import { remediationFixRequester } from './findings/fixes.js';
import { healthRoutes, type DependencyHealth } from './http/routes.js';
import { createLogger, type Logger } from './log.js';
import { Metrics, trackQueueDepths, trackUnresolvedRevocations } from './metrics.js';
import { RevocationFailures } from './access/revocation-failures.js';
import { Queues } from './queues/queues.js';
import { startWorkerThread, type WorkerThreadHandle } from './queues/worker-thread.js';
import { createRedis, resolveRedis, RedisUnavailableError, type RedisTarget } from './redis/connection.js';
import { RecordIntegrity, RecordSeal } from './redis/integrity.js';
import { Keys } from './redis/keys.js';
import { SlackDelivery } from './slack/delivery.js';
import { SlackOutbox } from './slack/outbound.js';
import { badAppTokenFix, badTokenFix, checkSlackToken, type TokenCheck } from './slack/token-check.js';
import { ResponseUrlPolicy } from './slack/response-urls.js';
import { HomeWorkspace } from './slack/workspace.js';
import { ResultStore } from './checks/store.js';
import { StoredResultFixResolver } from './remediations/resolver.js';
import { CheckEngineFixVerifier } from './remediations/verifier.js';
import type { Services } from './services.js';
import { auditProducer } from './queues/producers.js';

export interface BotHandle {
  /** The port the HTTP server listens on (Slack endpoint and/or /healthz, /metrics). */
  port: number;
  services: Services;
  redisUrl: string;
  /** Graceful shutdown: stop taking Slack requests, let jobs finish (bounded), close Redis. */
  close(): Promise<void>;
  /** The workers as `/healthz` reports them (not in `ROLE=web`). */
  workersHealth?: () => DependencyHealth;
  /** The workers' thread of a `ROLE=all` process started with `workerThread`. */
  workerThread?: WorkerThreadHandle;
}

export interface StartOptions {
  /** Where logs go (tests read them); default stdout. */
  logDestination?: NodeJS.WritableStream;
  /** How long shutdown waits for running jobs before abandoning them to another worker. */
  shutdownTimeoutMs?: number;
  /**
   * Replacements for the fix resolver, verifier, the findings' fix requester and the clock (`now`): tests
   * inject doubles here, and a fake clock that moves a running bot's time (expiry, deadlines) without sleeping.
   */
  overrides?: ServiceOverrides;
  /**
   * Job lock and stall check of the workers (BullMQ `lockDuration` / `stalledInterval`, ms). Default
   * BullMQ's 30 s; the fault tests shorten them so a killed worker's job is taken over within seconds.
   */
  workerLock?: { lockDurationMs: number; stalledIntervalMs: number };
  /** How often the running bot checks its Slack token again (ms, default 5 minutes); tests shorten it. */
  tokenRecheckMs?: number;
  /**
   * Builds the AWS clients instead of the SDK's default chain. Only `gdpr-bot demo` passes one (its
   * synthetic account, src/demo/synthetic-aws.ts): the bot otherwise always talks to real AWS.
   */
  awsClients?: (defaultRegion: string) => AwsClients;
  /** The interface the HTTP server listens on (default: every interface); the demo binds 127.0.0.1. */
  host?: string;
  /** How long start-up waits for Slack's first answer to Socket Mode (ms, default {@link SOCKET_MODE_WAIT_MS}). */
  socketModeWaitMs?: number;
  /**
   * `ROLE=all` only: run the workers on a thread of their own at a lower CPU priority
   * (src/queues/worker-thread.ts), so no job shares the event loop that answers Slack, unless `WORKERS=inline`.
   * `npm start` does; in-process callers (tests, the demo) run them on this thread unless they ask. `setup`: a module the
   * thread imports for what cannot cross threads (the bench's synthetic AWS).
   */
  workerThread?: boolean | { setup?: string };
  /**
   * The workers' thread ended on its own (a crash): jobs (revocations among them) no longer run in this
   * process. `/healthz` reports it either way; `npm start` exits non-zero so its supervisor restarts it.
   */
  onWorkersLost?: (code: number) => void;
  /** Set by the workers' thread itself: no HTTP server, no token re-check (its process's main thread does both). */
  insideWorkerThread?: boolean;
}

/**
 * How long start-up waits for Socket Mode's first answer (`apps.connections.open`) before it goes on:
 * an app token Slack refuses stops the bot, but a WebSocket that does not connect (yet) must not hold
 * back the workers (scheduled scans, the findings feed, JIT revocations); /healthz says it is down.
 */
const SOCKET_MODE_WAIT_MS = 15_000;

const DEFAULT_CONFIG_FILE = './gdpr-bot.yml';
/** Listen backlog of the HTTP receiver (Node's default is 511; the kernel caps it at net.core.somaxconn). */
const LISTEN_BACKLOG = 4096;
/**
 * How long an idle keep-alive connection stays open (Node's default is 5 s). In HTTP mode the bot sits
 * behind a TLS terminator (Slack only calls https URLs) that should reuse its connections to the bot:
 * a busy Node process accepts one new connection per event-loop turn, so connections opened in a burst
 * wait (see the ack-latency benchmark). The proxy's idle timeout must be the shorter one, or it sends
 * requests on connections the bot is closing: 65 s outlasts the 60 s default of an AWS ALB and nginx.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function waitReady(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new RedisUnavailableError('Redis did not become ready in time')), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** How long shutdown lets running jobs finish before it leaves them to another worker (ms). */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** How often the running bot asks Slack again whether its token still works (for /healthz and the logs). */
const TOKEN_RECHECK_MS = 5 * 60_000;

/**
 * The Socket Mode client of a Bolt app in Socket Mode. Bolt keeps its receiver private; its
 * `SocketModeReceiver.client` is public and emits `connected`, `reconnecting`, `disconnected`.
 */
/** The HTTP server of a Bolt app in Socket Mode (`/healthz`, `/metrics`): `SocketModeReceiver.httpServer`. */
function socketModeHttpServer(app: App): Server | undefined {
  const server = (app as unknown as { receiver?: { httpServer?: unknown } }).receiver?.httpServer;
  return server instanceof Object && typeof (server as Server).address === 'function' ? (server as Server) : undefined;
}

/**
 * Starts Socket Mode without waiting for the WebSocket: resolves once Slack has answered
 * `apps.connections.open` (or after `waitMs`), rejects when Slack refuses the app token. A later failure
 * goes to `onLateFailure` (the connection state itself is followed through the client's events).
 */
async function startSocketMode(
  app: App,
  socket: { on(event: string, listener: () => void): unknown } | undefined,
  port: number,
  waitMs: number,
  onLateFailure: (error: unknown) => void,
): Promise<void> {
  const starting = app.start(port) as Promise<unknown>;
  let timer: NodeJS.Timeout | undefined;
  const answered = new Promise<void>((resolve) => {
    socket?.on('authenticated', () => resolve());
    timer = setTimeout(resolve, waitMs);
  });
  try {
    await Promise.race([starting, answered]);
  } catch (error) {
    if (error instanceof WebAPIPlatformError) {
      const code = String(error.data.error);
      throw new ConfigError('environment', [`SLACK_APP_TOKEN: Slack refused Socket Mode (apps.connections.open: ${code}): ${badAppTokenFix(code)}`]);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
  starting.catch(onLateFailure);
}

function socketModeClient(app: App): { on(event: string, listener: () => void): unknown } | undefined {
  const client = (app as unknown as { receiver?: { client?: { on?: unknown } } }).receiver?.client;
  return client && typeof client.on === 'function' ? (client as { on(event: string, listener: () => void): unknown }) : undefined;
}

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([promise, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);
}

/**
 * What {@link buildServices} made: the services every listener and job is given, and what only
 * {@link start} needs (the settings, the Slack token's last known state, the Redis it connected to).
 */
export interface BuiltServices {
  settings: Settings;
  services: Services;
  /** The bot token as Slack last answered for it (auth.test); `start` keeps checking it. */
  token: TokenCheck;
  /** A client for auth.test only (no retries, short timeout). */
  tokenClient: WebClient;
  slackApiUrl: string | undefined;
  redisTarget: RedisTarget;
  /** Closes what was built (Redis, queues, audit log) when `start` is never reached or fails. */
  dispose(): Promise<void>;
}

/** What {@link buildServices} may be given instead of what it builds itself. */
export type ServiceOverrides = Partial<Pick<Services, 'fixResolver' | 'fixVerifier' | 'findingFixes' | 'now'>>;

/**
 * Builds everything the bot is made of, without listening or running a job: the configuration, the
 * logger, the Redis connection, queues, stores, the audit log, the Slack and AWS clients and the clock.
 * A refused bot token stops here (a bot that cannot post must not start).
 */
export async function buildServices(
  settings: Settings,
  options: Pick<StartOptions, 'logDestination' | 'awsClients' | 'overrides'> & {
    /** The token's state when another thread of this process has just checked it (the workers' thread). */
    token?: TokenCheck;
    /**
     * Whether the metrics registry collects what belongs to the whole process (Node's default metrics, the
     * queue depths); not in the workers' thread, whose metrics the main thread adds to its own.
     */
    processMetrics?: boolean;
    /** Tags every log line with the thread it comes from (`workers`: the workers' thread of ROLE=all). */
    thread?: string;
  } = {},
): Promise<BuiltServices> {
  const root: Logger = createLogger(settings.logLevel, options.logDestination);
  const log = options.thread ? root.child({ thread: options.thread }) : root;
  const configPath = settings.configPath ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  const config = await loadConfig(configPath);
  log.info({ role: settings.role, config: configPath ?? '(defaults)', socketMode: settings.slack.socketMode }, 'starting gdpr-bot');
  const slackApiUrl = settings.slack.apiUrl ? (settings.slack.apiUrl.endsWith('/') ? settings.slack.apiUrl : `${settings.slack.apiUrl}/`) : undefined;

  // The bot token, before anything is started: a token Slack refuses makes a bot that cannot answer or
  // post anything, so it does not start; a Slack that cannot be reached says nothing about the token.
  const tokenClient = new WebClient(settings.slack.botToken, { slackApiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: 5000 });
  const token: TokenCheck = options.token ?? (await checkSlackToken(tokenClient));
  if (token.status === 'invalid') {
    throw new ConfigError('environment', [`SLACK_BOT_TOKEN: Slack refused the bot token (${token.error}): ${badTokenFix(token.error)}`]);
  }
  // A token handed over by the process's main thread was checked and logged there a moment ago.
  if (!options.token) {
    if (token.status === 'ok') log.info({ slack: { bot: token.botName, team: token.team } }, 'Slack bot token works');
    else
      log.warn(
        { slack: { status: token.status, error: token.error } },
        'could not check the Slack bot token (auth.test); starting anyway and checking again later',
      );
  }

  const redisTarget = await resolveRedis(settings.redisUrl, log);
  const redis = createRedis(redisTarget.url, 'producer', 'producer');
  redis.on('error', (err) => log.warn({ err: { message: err.message } }, 'redis (producer) connection error'));
  try {
    await waitReady(redis);
  } catch (error) {
    redis.disconnect();
    await redisTarget.stop();
    throw error;
  }

  const keys = new Keys(settings.redisPrefix);
  const queues = new Queues(redis, settings.redisPrefix);
  const metrics = new Metrics({ defaultMetrics: options.processMetrics !== false });
  if (options.processMetrics !== false) trackQueueDepths(metrics, () => queues.depths());
  const slack = new WebClient(settings.slack.botToken, { slackApiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 } });
  // The one clock of the domain (expiry, deadlines, records' times); tests inject a fake one.
  const now = options.overrides?.now ?? (() => new Date());
  // The audit chain's key comes from the environment, never from Redis (DESIGN.md principle 9).
  const auditKey = AuditKey.derive(settings.audit.keyMaterial, settings.audit.keySource);
  log.info({ auditKeyFrom: settings.audit.keySource, auditKeyId: auditKey.kid }, 'audit chain keyed');
  const audit = new AuditLog(redis, keys, {
    key: auditKey,
    now,
    anchorEvery: config.audit.anchorEvery,
    // Every `audit.anchorEvery` entries, the head is anchored outside Redis (one anchor job at a time).
    onAnchorDue: () =>
      void auditProducer(queues)
        .anchor()
        .catch((err: unknown) => log.warn({ err }, 'could not queue the audit anchor')),
  });
  const defaultRegion = settings.aws.region ?? config.scan.regions?.[0] ?? 'us-east-1';
  const aws = options.awsClients ? options.awsClients(defaultRegion) : new AwsClients({ defaultRegion });
  const results = new ResultStore(redis, keys);
  // Records in Redis that authorise an effect are sealed with a key Redis does not hold (DESIGN.md, principle 8).
  const integrity = new RecordIntegrity(RecordSeal.fromSecret(settings.stateKey.secret), { log: log.child({ component: 'integrity' }), audit });
  const responseUrls = ResponseUrlPolicy.fromSettings({ hosts: settings.slack.responseUrlHosts, apiUrl: settings.slack.apiUrl });
  log.info(
    { stateKey: settings.stateKey.source, responseUrlHosts: responseUrls.hosts },
    'records in Redis are sealed; response_urls are limited to these hosts',
  );
  const services: Services = {
    config,
    log,
    redis,
    keys,
    queues,
    outbox: new SlackOutbox(redis, keys, queues),
    audit,
    auditKey,
    // Knows the bot's own workspace (auth.test), so Slack Connect users are treated like guests.
    approvers: new Approvers(slack, config.slack.directoryCacheTtl, () => now().getTime(), new HomeWorkspace(slack)),
    metrics,
    slack,
    aws,
    now,
    integrity,
    responseUrls,
    // The check engine answers Fix clicks from stored results and re-checks every applied fix.
    fixResolver: options.overrides?.fixResolver ?? new StoredResultFixResolver(results, config),
    fixVerifier: options.overrides?.fixVerifier ?? new CheckEngineFixVerifier({ aws, config, store: results, now }),
    findingFixes: options.overrides?.findingFixes ?? remediationFixRequester,
  };
  const dispose = async () => {
    await queues.close();
    await audit.close();
    await redis.quit().catch(() => redis.disconnect());
    await redisTarget.stop();
  };
  return { settings, services, token, tokenClient, slackApiUrl, redisTarget, dispose };
}

/** Builds and starts the bot for `env` (normally `process.env`). */
export async function startBot(env: Record<string, string | undefined>, options: StartOptions = {}): Promise<BotHandle> {
  const built = await buildServices(parseEnv(env), options);
  try {
    return await start(built, options);
  } catch (error) {
    await built.dispose().catch(() => undefined);
    throw error;
  }
}

/**
 * Listens for Slack (unless `ROLE=worker`) and runs the workers (unless `ROLE=web`) on what
 * {@link buildServices} built; returns the handle that shuts it all down.
 */
export async function start(built: BuiltServices, options: StartOptions = {}): Promise<BotHandle> {
  const { settings, services, tokenClient, slackApiUrl, redisTarget } = built;
  const { config, log, redis, keys, queues, metrics, aws, now, audit, responseUrls } = services;
  let token = built.token;
  const redisUp = () =>
    withTimeout(
      redis.ping().then(
        (r) => r === 'PONG',
        () => false,
      ),
      1000,
      false,
    );
  let workers: Worker[] = [];
  let socketConnected = false;
  /** Why Socket Mode gave up for good (Slack refused the app token after start-up), if it did. */
  let socketFailed: string | undefined;
  const dependencies: Record<string, () => DependencyHealth> = {
    // Only a refused token is down: an unreachable Slack is not this process's fault, and restarting it would not help.
    slackToken: () => ({ ok: token.status !== 'invalid', status: token.status, checkedAt: token.checkedAt, ...(token.error ? { error: token.error } : {}) }),
  };
  if (settings.role !== Role.Worker && settings.slack.socketMode) {
    dependencies.socketMode = () =>
      socketFailed !== undefined
        ? { ok: false, status: 'failed', error: socketFailed }
        : { ok: socketConnected, status: socketConnected ? 'connected' : 'disconnected' };
  }
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  // ROLE=all with `workerThread`: the workers run on a thread of their own (src/queues/worker-thread.ts).
  const threaded = settings.role === Role.All && Boolean(options.workerThread) && settings.workers === WorkersOn.Thread;
  let workerThread: WorkerThreadHandle | undefined;
  const localWorkersHealth = (): DependencyHealth => {
    const running = workers.filter((w) => w.isRunning()).length;
    const up = workers.length > 0 && running === workers.length;
    return { ok: up, status: up ? 'running' : workers.length === 0 ? 'starting' : 'stopped', running, total: workers.length };
  };
  const workersHealth = threaded ? () => workerThread?.health() ?? { ok: false, status: 'starting' } : localWorkersHealth;
  if (settings.role !== Role.Web) dependencies.workers = workersHealth;
  const revocationFailures = new RevocationFailures(redis, keys);
  const failedRevocations = async () => (await revocationFailures.unresolved(now().getTime())).length;
  // The gauge is the process's: the workers' thread leaves it to its main thread.
  if (!options.insideWorkerThread) trackUnresolvedRevocations(metrics, failedRevocations);
  const routes = healthRoutes({ metrics, redisUp, role: settings.role, dependencies, failedRevocations });
  // The token is checked again by the thread that reports it on /healthz: not by the workers' thread.
  const tokenTimer = options.insideWorkerThread
    ? undefined
    : setInterval(() => {
        void checkSlackToken(tokenClient).then((next) => {
          if (next.status === 'invalid' && token.status !== 'invalid') {
            log.error({ slack: { error: next.error } }, `Slack now refuses SLACK_BOT_TOKEN: ${badTokenFix(next.error)}`);
          }
          // An unreachable Slack says nothing new: what was last known of the token stands.
          if (next.status !== 'unreachable' || token.status === 'unreachable') token = next;
        });
      }, options.tokenRecheckMs ?? TOKEN_RECHECK_MS);
  tokenTimer?.unref();

  let app: App | undefined;
  let httpServer: Server | undefined;
  let port = settings.port;
  // The workers' thread has no server: the process's main thread answers /healthz and /metrics for it too.
  const listens = !options.insideWorkerThread;
  if (listens && settings.role !== Role.Worker) {
    // Bolt and the listeners only in a process that answers Slack (not in a worker, nor in the workers' thread).
    const [{ createSlackApp }, { ListenerRouter }, { registerListeners }, { errorText }] = await Promise.all([
      import('./slack/app.js'),
      import('./slack/router.js'),
      import('../commands/index.js'),
      import('../commands/errors.js'),
    ]);
    app = createSlackApp({
      botToken: settings.slack.botToken,
      signingSecret: settings.slack.signingSecret,
      appToken: settings.slack.appToken,
      apiUrl: slackApiUrl,
      port: settings.port,
      log,
      metrics,
      routes,
      errorReplyText: errorText,
      replayGuard: async (signature, ttlMs) => (await redis.set(keys.key('slack', 'seen', signature), '1', 'PX', ttlMs, 'NX')) === 'OK',
    });
    const socket = settings.slack.socketMode ? socketModeClient(app) : undefined;
    if (settings.slack.socketMode && !socket) {
      log.warn('cannot follow the Socket Mode connection (Bolt internals changed?); /healthz reports it as unknown');
      dependencies.socketMode = () => ({ ok: true, status: 'unknown' });
    }
    socket?.on('connected', () => {
      socketConnected = true;
    });
    for (const event of ['reconnecting', 'disconnecting', 'disconnected']) {
      socket?.on(event, () => {
        socketConnected = false;
      });
    }
    const router = new ListenerRouter();
    registerListeners(router, services);
    router.attach(app, log);
    // A deep accept queue: a burst of new connections (many users clicking at once, Slack's own bursts)
    // must not overflow the kernel's listen backlog, whose dropped SYNs cost the client a 1 s retransmit.
    let server: Server | undefined;
    if (settings.slack.socketMode) {
      await startSocketMode(app, socket, settings.port, options.socketModeWaitMs ?? SOCKET_MODE_WAIT_MS, (err: unknown) => {
        socketFailed = err instanceof WebAPIPlatformError ? String(err.data.error) : err instanceof Error ? err.message : String(err);
        log.error({ err: { message: socketFailed } }, `Socket Mode stopped: ${badAppTokenFix(socketFailed)}`);
      });
      server = socketModeHttpServer(app);
      if (server && !server.listening) await new Promise((resolve) => server!.once('listening', resolve));
    } else {
      server = (await app.start({ port: settings.port, backlog: LISTEN_BACKLOG, ...(options.host ? { host: options.host } : {}) })) as unknown as
        Server | undefined;
      if (server) {
        server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
        server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
      }
    }
    const address = server?.address?.();
    if (address && typeof address === 'object') port = (address as AddressInfo).port;
  } else if (listens) {
    httpServer = createServer((req, res) => {
      const route = routes.find((r) => r.path === req.url?.split('?')[0] && r.method === req.method);
      if (route) route.handler(req, res);
      else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => httpServer!.listen(settings.port, options.host, resolve));
    port = (httpServer.address() as AddressInfo).port;
  }

  let workerRedis: Redis | undefined;
  let jobsRedis: Redis | undefined;
  let consumers: { stop(): Promise<void> } | undefined;
  if (threaded) {
    const setup = typeof options.workerThread === 'object' ? options.workerThread.setup : undefined;
    workerThread = await startWorkerThread(
      {
        settings: { ...settings, role: Role.Worker, redisUrl: redisTarget.url },
        token,
        shutdownTimeoutMs,
        ...(options.workerLock ? { workerLock: options.workerLock } : {}),
        ...(setup ? { setup } : {}),
      },
      log,
      { ...(options.logDestination ? { logDestination: options.logDestination } : {}), ...(options.onWorkersLost ? { onLost: options.onWorkersLost } : {}) },
    );
    const thread = workerThread;
    metrics.addSource(() => thread.metrics());
  } else if (settings.role !== Role.Web) {
    workerRedis = createRedis(redisTarget.url, 'worker', 'worker');
    workerRedis.on('error', (err) => log.warn({ err: { message: err.message } }, 'redis (worker) connection error'));
    // What the processors read and write (scan results above all) goes through a connection of its own,
    // not the fail-fast one that answers Slack (src/redis/connection.ts).
    jobsRedis = createRedis(redisTarget.url, 'jobs', 'jobs');
    jobsRedis.on('error', (err) => log.warn({ err: { message: err.message } }, 'redis (jobs) connection error'));
    // Posting from jobs: no hidden retries inside the client; the delivery loop handles 429 and failures itself.
    const deliveryClient = new WebClient(settings.slack.botToken, { slackApiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: 10_000 });
    const delivery = new SlackDelivery(workerRedis, keys, queues, deliveryClient, log.child({ component: 'slack-delivery' }), {
      postIntervalMs: config.slack.postInterval,
      metrics,
      botName: token.botName,
      responseUrls,
    });
    // Beside the Slack listeners on one thread (ROLE=all without `workerThread`: tests, the demo), the scan jobs
    // share one limit of AWS requests in flight: the SDK's CPU per call (about 0.9 ms) times the requests of 4
    // concurrent jobs would take the acks' thread.
    const scanLimit = settings.role === Role.All ? pLimit(config.scan.concurrency) : undefined;
    const workerServices: WorkerServices = { ...services, redis: jobsRedis, delivery, ...(scanLimit ? { scanLimit } : {}) };
    // The job processors (and through them the AWS SDK clients some load) only in a process that runs jobs.
    const { consumerSpecs, workerSpecs } = await import('../jobs/index.js');
    const { startConsumers, startWorkers } = await import('./queues/workers.js');
    const { scheduleRecurring } = await import('./queues/schedules.js');
    workers = startWorkers(workerSpecs(workerServices), { connection: workerRedis, prefix: settings.redisPrefix, log, metrics, lock: options.workerLock });
    consumers = startConsumers(consumerSpecs(workerServices));
    // A findings feed without regions polls every region enabled in each of its accounts (as scans cover
    // them); when they cannot be listed it polls the bot's own region and says so in the log.
    await scheduleRecurring(queues, config, aws.settings.defaultRegion, async (account) => {
      const member = config.findings?.accounts?.find((a) => a.id === account);
      const clients = member ? aws.forAccount({ accountId: member.id, roleArn: member.roleArn }) : aws;
      const planned = await planRegions(clients, member?.id ?? 'self', { home: aws.settings.defaultRegion });
      if (planned.error) log.warn({ account, reason: planned.error }, 'findings feed: the enabled regions could not be listed; polling the bot region only');
      return planned.regions;
    });
  }
  if (options.insideWorkerThread) log.info('the workers thread is running');
  else log.info({ port, role: settings.role, ...(threaded ? { workers: 'thread' } : {}) }, 'gdpr-bot is running');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      log.info('shutting down');
      clearInterval(tokenTimer);
      if (app) await app.stop().catch((err: unknown) => log.warn({ err }, 'stopping the Slack app failed'));
      if (httpServer) await new Promise<void>((resolve) => httpServer!.close(() => resolve()));
      await workerThread?.close();
      // The findings queue consumer cancels its long poll; what it received but did not delete comes back to the next one.
      await withTimeout(consumers?.stop() ?? Promise.resolve(), shutdownTimeoutMs, undefined);
      await Promise.all(
        workers.map(async (w) => {
          const done = await withTimeout(
            w.close().then(() => true),
            shutdownTimeoutMs,
            false,
          );
          // Jobs still running are left to the stall checker: another worker picks them up.
          if (!done) await w.close(true);
        }),
      );
      await queues.close();
      await audit.close();
      await Promise.all([
        redis.quit().catch(() => redis.disconnect()),
        workerRedis?.quit().catch(() => workerRedis?.disconnect()),
        jobsRedis?.quit().catch(() => jobsRedis?.disconnect()),
      ]);
      await redisTarget.stop();
      log.info('stopped');
    })());

  return {
    port,
    services,
    redisUrl: redisTarget.url,
    close,
    ...(settings.role !== Role.Web ? { workersHealth } : {}),
    ...(workerThread ? { workerThread } : {}),
  };
}

/** Entry point for `npm start` and `gdpr-bot start`: exits non-zero with a readable message when configuration is wrong. */
export async function runBot(): Promise<void> {
  let handle: BotHandle;
  try {
    // The workers of ROLE=all on a thread of their own, at a lower priority than the acks. Without them no
    // job runs (revocations among them): the process exits, as it would had they crashed on its own thread.
    handle = await startBot(process.env, {
      workerThread: true,
      onWorkersLost: (code) => {
        process.stderr.write(`gdpr-bot: the workers thread stopped (code ${code}); exiting so that the process is restarted\n`);
        void Promise.resolve(handle?.close()).finally(() => process.exit(1));
      },
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RedisUnavailableError) {
      process.stderr.write(`gdpr-bot: ${error.message}\n`);
      process.exit(error instanceof ConfigError ? 2 : 1);
    }
    throw error;
  }
  let signals = 0;
  const stop = (signal: string) => {
    if (++signals > 1) process.exit(1);
    process.stderr.write(`gdpr-bot: ${signal} received, shutting down\n`);
    handle.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

// Not in the workers' thread, which imports this module with the same argv.
if (isMainThread && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runBot().catch((error: unknown) => {
    process.stderr.write(`gdpr-bot: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
