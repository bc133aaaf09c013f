import { randomBytes } from 'node:crypto';
import { errorText, newErrorRef } from './error-text.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, type AuthorizeResult, type Logger as BoltLogger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';

/** What Bolt passes to the error handler when `extendedErrorHandler` is on (not exported by Bolt's index). */
interface ExtendedErrorHandlerArgs {
  error: Error;
  body?: unknown;
}
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { HttpRoute } from '../http/routes.js';
import { postToResponseUrl, responder, responseUrlOf } from './response-urls.js';

export interface SlackAppOptions {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  port: number;
  log: Logger;
  metrics: Metrics;
  routes: HttpRoute[];
  /** The text a user sees when their request failed (see commands/errors.ts). */
  errorReplyText: (error: unknown, ref: string) => string;
  /** Largest request body accepted (bytes); larger ones get 413. */
  bodyLimit?: number;
  /**
   * Records that a signed request was seen (Redis `SET NX` with a lifetime): true the first time,
   * false for a replay. HTTP mode only (Socket Mode requests are not signed and cannot be replayed
   * from outside). See {@link replayTtlMs}.
   */
  replayGuard?: (signature: string, ttlMs: number) => Promise<boolean>;
}

/**
 * How long a request's signature must be remembered so that no replay of it is accepted: Bolt takes a
 * request up to 5 minutes after its signed timestamp (and this receiver up to 5 minutes before it), so
 * until `timestamp + 5 min`, plus a margin for clock skew between processes. At least a second, at most
 * ten minutes.
 */
export function replayTtlMs(timestampS: number, nowMs: number): number {
  const until = (timestampS + MAX_CLOCK_SKEW_S) * 1000 + 5000;
  return Math.min(10 * 60_000 + 5000, Math.max(1000, until - nowMs));
}

/** Where the receiver puts the request's signature headers in Bolt's context. */
interface SignedRequestContext {
  slackRequestSignature?: string;
  slackRequestTimestamp?: string;
}

/** Bolt's logger interface on top of pino. */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  // Bolt logs a lot at debug level: format only what will be written.
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      if (child.isLevelEnabled(level)) child[level](text(msg));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * Bolt's `authorize` for a single workspace: `auth.test` once, cached on success only. Bolt's own
 * default caches the first answer for good, so a Slack outage at start-up would fail every request
 * until a restart; and its client retries for half an hour, so requests would time out instead of
 * failing. Here a failure is logged, answered at once, and tried again on the next request.
 */
export function cachedAuthorize(botToken: string, client: WebClient, log: Logger): () => Promise<AuthorizeResult> {
  let cached: Promise<AuthorizeResult> | undefined;
  return async () => {
    cached ??= client.auth.test({ token: botToken }).then((r) => ({
      botToken,
      botId: r.bot_id,
      botUserId: r.user_id,
      teamId: r.team_id,
      enterpriseId: r.enterprise_id,
    }));
    try {
      return await cached;
    } catch (error) {
      cached = undefined;
      log.error({ err: error }, "cannot reach Slack's API (auth.test failed); the request is refused and the next one tries again");
      throw error;
    }
  };
}

/** How far a request's signed timestamp may be ahead of this machine's clock (Bolt checks the past). */
const MAX_CLOCK_SKEW_S = 5 * 60;

/** Slack's request type, for logs and metrics. */
function requestType(body: Record<string, unknown>): string {
  if (typeof body.command === 'string') return 'command';
  if (typeof body.type === 'string') return body.type;
  return 'unknown';
}

/**
 * Builds the Bolt app: Socket Mode when an app token is given, otherwise the HTTP receiver with
 * commands, interactions and events on `POST /slack/events`. Signature checks (HMAC-SHA256 over
 * `v0:timestamp:body`, 5-minute window) are Bolt's. Every request is logged once with its duration;
 * in HTTP mode the time to the HTTP answer (the ack) goes into the ack-latency histogram.
 */
export function createSlackApp(options: SlackAppOptions): App {
  const { errorReplyText } = options;
  const logger = boltLogger(options.log);
  const clientOptions = options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {};
  const authClient = new WebClient(undefined, { ...clientOptions, retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 500 }, timeout: 2500 });
  const authorize = cachedAuthorize(options.botToken, authClient, options.log);
  let app: App;
  if (options.appToken) {
    app = new App({
      authorize,
      appToken: options.appToken,
      socketMode: true,
      logger,
      clientOptions,
      customRoutes: options.routes,
      installerOptions: { port: options.port },
      extendedErrorHandler: true,
      convoStore: false,
    });
  } else {
    const receiver = new HTTPReceiver({
      signingSecret: options.signingSecret as string,
      endpoints: '/slack/events',
      logger,
      customRoutes: options.routes,
      port: options.port,
      bodyLimit: options.bodyLimit ?? 256 * 1024,
      // Runs only for requests whose signature Bolt has verified: the replay guard keys on it.
      customPropertiesExtractor: (req): SignedRequestContext => {
        const header = (name: string) => {
          const v = req.headers[name];
          return Array.isArray(v) ? v[0] : v;
        };
        return { slackRequestSignature: header('x-slack-signature'), slackRequestTimestamp: header('x-slack-request-timestamp') };
      },
    });
    // Ack latency as Slack sees it: from the request's arrival to the end of our HTTP answer
    // (Bolt answers as soon as a listener calls ack()).
    const original = receiver.requestListener;
    receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'POST' && req.url?.startsWith('/slack/events')) {
        const started = process.hrtime.bigint();
        res.once('finish', () => {
          options.metrics.ackLatency.observe({ status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
        });
        // Bolt refuses requests signed more than 5 minutes ago; Slack's guidance is to refuse those more
        // than 5 minutes ahead too (a signature made for later use, or a clock that far off).
        const timestamp = Number(req.headers['x-slack-request-timestamp']);
        if (Number.isFinite(timestamp) && timestamp > Date.now() / 1000 + MAX_CLOCK_SKEW_S) {
          options.log.warn({ timestamp }, 'refused a Slack request signed for a time more than 5 minutes ahead');
          res.writeHead(401);
          res.end();
          return;
        }
      }
      original(req, res);
    };
    app = new App({ authorize, receiver, logger, clientOptions, extendedErrorHandler: true, convoStore: false });
  }

  // Replays: a request Slack signed is accepted for 5 minutes, so the same bytes sent again would file
  // the same request again or mint another session. Each signature is acted on once, before any
  // listener; a replay is acknowledged (so a genuine sender sees no error) and dropped.
  const replayGuard = options.replayGuard;
  if (replayGuard) {
    app.use(async (args) => {
      const context = args.context as SignedRequestContext;
      const signature = context.slackRequestSignature;
      const timestamp = Number(context.slackRequestTimestamp);
      if (!signature || !Number.isFinite(timestamp)) return args.next();
      let fresh: boolean;
      try {
        fresh = await replayGuard(signature, replayTtlMs(timestamp, Date.now()));
      } catch (error) {
        // `/gdpr help` changes nothing and reads nothing: a replay of it is harmless, so it keeps working
        // while Redis is down. Anything else cannot be told from a replay: nothing runs (fail closed), and
        // the user is told why.
        const body = args.body as unknown as { command?: string; text?: string };
        if (body.command && /^\s*(help)?\s*$/i.test(body.text ?? '')) return args.next();
        const ref = newErrorRef();
        options.log.error({ err: error, ref }, 'could not check the request against replays; nothing was done');
        const a = args as { ack?: (answer?: unknown) => Promise<void>; command?: unknown };
        const answer = { response_type: 'ephemeral', replace_original: false, text: errorText(error, ref) };
        if (a.command && a.ack) return a.ack(answer);
        if (a.ack) await a.ack();
        const responseUrl = responseUrlOf(args.body);
        if (responseUrl)
          await responder(responseUrl)(answer).catch((err: unknown) => options.log.error({ err, ref }, 'could not tell the user about the failure'));
        return;
      }
      if (fresh) return args.next();
      options.metrics.slackRequests.inc({ type: 'replay' });
      options.log.warn(
        { timestamp, type: requestType(args.body as unknown as Record<string, unknown>) },
        'refused a replayed Slack request (its signature was already seen)',
      );
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
    });
  }

  app.use(async (args) => {
    const started = process.hrtime.bigint();
    const body = args.body as unknown as Record<string, unknown>;
    const type = requestType(body);
    options.metrics.slackRequests.inc({ type });
    const user = (body.user_id as string | undefined) ?? (body.user as { id?: string } | undefined)?.id;
    try {
      await args.next();
    } finally {
      options.log.info(
        {
          slack: {
            type,
            command: body.command,
            action: (body.actions as { action_id?: string }[] | undefined)?.[0]?.action_id,
            callbackId: (body.view as { callback_id?: string } | undefined)?.callback_id,
            user,
            team: (body.team_id as string | undefined) ?? (body.team as { id?: string } | undefined)?.id,
          },
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'slack request',
      );
    }
  });

  // Whatever escapes a listener: log it under a reference and tell the user, ephemerally, with that reference.
  const onError = async ({ error, body }: ExtendedErrorHandlerArgs): Promise<void> => {
    const ref = randomBytes(4).toString('hex');
    const original = (error as { original?: unknown }).original ?? error;
    options.log.error({ err: original, ref }, 'unhandled error in a Slack listener');
    const responseUrl = responseUrlOf(body);
    if (!responseUrl) return;
    const text = errorReplyText(original, ref);
    await postToResponseUrl(responseUrl, { response_type: 'ephemeral', replace_original: false, text }).catch((err: unknown) =>
      options.log.warn({ err, ref }, 'could not tell the user about the failure'),
    );
  };
  // With extendedErrorHandler on, Bolt passes the request body along with the error.
  app.error(onError as unknown as Parameters<App['error']>[0]);
  return app;
}
