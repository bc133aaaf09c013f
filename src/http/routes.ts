import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from '../metrics.js';

export interface RouteDeps {
  metrics: Metrics;
  /** Resolves true while Redis answers. */
  redisUp: () => Promise<boolean>;
  role: string;
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

/** `GET /healthz` (200 while Redis answers, 503 otherwise) and `GET /metrics` (Prometheus text). */
export function healthRoutes(deps: RouteDeps): HttpRoute[] {
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: (_req, res) => {
        deps.redisUp().then(
          (up) => sendJson(res, up ? 200 : 503, { status: up ? 'ok' : 'unavailable', redis: up ? 'up' : 'down', role: deps.role }),
          () => sendJson(res, 503, { status: 'unavailable', redis: 'down', role: deps.role }),
        );
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
