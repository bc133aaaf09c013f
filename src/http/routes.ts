import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from '../metrics.js';

/** One dependency's state on `/healthz`: `ok` false for a required one makes the answer 503. */
export interface DependencyHealth {
  ok: boolean;
  status: string;
  [detail: string]: unknown;
}

export interface RouteDeps {
  metrics: Metrics;
  /** Resolves true while Redis answers. */
  redisUp: () => Promise<boolean>;
  role: string;
  /**
   * The other dependencies this process needs, by name (`slackToken`, `socketMode`, `workers`), each read
   * when `/healthz` is asked. Absent ones are not shown.
   */
  dependencies?: Record<string, () => DependencyHealth>;
  /** How many revocations failed and are unresolved (their sessions may still be valid); >0 is `degraded`. */
  failedRevocations?: () => Promise<number>;
}

/** A route served beside Slack's endpoint (Bolt `customRoutes` in both transports, or a plain server for workers). */
export interface HttpRoute {
  path: string;
  method: 'GET';
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * `GET /healthz`: every dependency's state as JSON, 200 only when all of them are up (Redis answers,
 * the bot token was not refused at its last check, the Socket Mode connection is open, the workers run),
 * 503 otherwise; `degraded` (still 200: restarting would not help, a person must) while a revocation
 * failed and its sessions may still be valid. `GET /metrics`: Prometheus text.
 */
export function healthRoutes(deps: RouteDeps): HttpRoute[] {
  const answer = (res: ServerResponse, redisUp: boolean, failedRevocations: number | Error = 0) => {
    const dependencies: Record<string, DependencyHealth> = { redis: { ok: redisUp, status: redisUp ? 'up' : 'down' } };
    for (const [name, read] of Object.entries(deps.dependencies ?? {})) {
      try {
        dependencies[name] = read();
      } catch (error) {
        dependencies[name] = { ok: false, status: 'unknown', error: error instanceof Error ? error.message : String(error) };
      }
    }
    const up = Object.values(dependencies).every((d) => d.ok);
    if (up && failedRevocations instanceof Error) {
      // Not knowing whether a revocation failed is not "ok": a person must look.
      sendJson(res, 200, {
        status: 'degraded',
        redis: 'up',
        role: deps.role,
        dependencies,
        problems: [
          `could not read the failed access revocations (${failedRevocations.message}): some grants' AWS sessions may remain valid (see the audit channel)`,
        ],
      });
      return;
    }
    if (up && typeof failedRevocations === 'number' && failedRevocations > 0) {
      sendJson(res, 200, {
        status: 'degraded',
        redis: 'up',
        role: deps.role,
        dependencies,
        failedRevocations,
        problems: [
          `${failedRevocations} access revocation${failedRevocations === 1 ? '' : 's'} failed: those grants' AWS sessions remain valid (see the audit channel)`,
        ],
      });
      return;
    }
    sendJson(res, up ? 200 : 503, { status: up ? 'ok' : 'unavailable', redis: redisUp ? 'up' : 'down', role: deps.role, dependencies });
  };
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: (_req, res) => {
        const check = async () => {
          const up = await deps.redisUp().catch(() => false);
          const failed =
            up && deps.failedRevocations
              ? await deps.failedRevocations().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
              : 0;
          answer(res, up, failed);
        };
        void check();
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: (_req, res) => {
        deps.metrics.text().then(
          (text) => {
            res.writeHead(200, { 'content-type': deps.metrics.contentType });
            res.end(text);
          },
          (error: unknown) => {
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end(`# metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
          },
        );
      },
    },
  ];
}
