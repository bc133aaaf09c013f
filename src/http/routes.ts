import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from '../metrics.js';

export interface RouteDeps {
  metrics: Metrics;
  /** Resolves true while Redis answers. */
  redisUp: () => Promise<boolean>;
  role: string;
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
 * `GET /healthz` (200 while Redis answers, 503 otherwise; `degraded`, still 200, while a revocation
 * failed and its sessions may still be valid: restarting would not help, a person must) and
 * `GET /metrics` (Prometheus text).
 */
export function healthRoutes(deps: RouteDeps): HttpRoute[] {
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: (_req, res) => {
        const check = async () => {
          const up = await deps.redisUp();
          if (!up) return sendJson(res, 503, { status: 'unavailable', redis: 'down', role: deps.role });
          const failed = deps.failedRevocations ? await deps.failedRevocations() : 0;
          if (failed > 0) {
            return sendJson(res, 200, {
              status: 'degraded',
              redis: 'up',
              role: deps.role,
              failedRevocations: failed,
              problems: [`${failed} access revocation${failed === 1 ? '' : 's'} failed: those grants' AWS sessions remain valid (see the audit channel)`],
            });
          }
          sendJson(res, 200, { status: 'ok', redis: 'up', role: deps.role });
        };
        check().catch(() => sendJson(res, 503, { status: 'unavailable', redis: 'down', role: deps.role }));
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: (_req, res) => {
        deps.metrics.registry.metrics().then(
          (text) => {
            res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
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
