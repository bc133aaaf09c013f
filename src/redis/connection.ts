import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log.js';

export type { Redis };

/**
 * Three kinds of connection:
 * - `worker` (BullMQ's): blocking commands, retries forever (`maxRetriesPerRequest: null`), queues while offline;
 * - `producer`: used while answering Slack; fails fast when Redis is away so the user gets a clear
 *   "temporarily unavailable" instead of a 3-second time-out;
 * - `jobs`: what job processors read and write (a scan's results, among others), on a socket of its own
 *   so a scan's writes never queue behind the answers to Slack nor they behind the writes. Nobody waits
 *   on it within 3 s, and a failed write fails a whole scan target: it waits longer than the producer
 *   and queues while it reconnects. Issue #19 saw ~22,000 "Command timed out" on one shared producer
 *   connection during an organisation scan, and most targets failed.
 *
 * None of them pipelines automatically (`enableAutoPipelining`): it saved 15 % of `/gdpr status`'s CPU in the
 * bench, but beside the scripts of `defineCommand` (src/redis/scripts.ts) ioredis 5 threw "results[i] is not
 * iterable" outside any promise and crashed the process (redis/ioredis#1931; seen in our suite under load).
 */
export type ConnectionKind = 'worker' | 'producer' | 'jobs';

export function createRedis(url: string, kind: ConnectionKind, name: string): Redis {
  const common: RedisOptions = {
    connectionName: `gdpr-bot:${name}`,
    // Keep reconnecting, but never faster than every 2 s, so an outage does not flood the logs.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  const options: RedisOptions =
    kind === 'worker'
      ? { ...common, maxRetriesPerRequest: null, enableReadyCheck: true }
      : kind === 'jobs'
        ? { ...common, maxRetriesPerRequest: 3, enableOfflineQueue: true, connectTimeout: 5000, commandTimeout: 15_000 }
        : { ...common, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 2000 };
  return new Redis(url, options);
}

/** True when the error means "Redis cannot be reached right now" rather than a bug. */
export function isRedisUnavailable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /enableOfflineQueue|Stream isn't writeable|Connection is closed|ECONNREFUSED|ETIMEDOUT|Command timed out|MaxRetriesPerRequest|ECONNRESET|EPIPE/i.test(
    text,
  );
}

/** PING with a deadline; false when nothing answers. */
export async function pingRedis(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // the outcome is reported by the return value
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** A Redis the program can use, and how to let go of it. */
export interface RedisTarget {
  url: string;
  /** Stops the private redis-server, when one was started. */
  stop(): Promise<void>;
  private: boolean;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Raised when no Redis can be found or started; the message says what to do. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/**
 * Finds the Redis to use. An explicit `REDIS_URL` is used as it is. Without one, 127.0.0.1:6379 is
 * tried; when nothing answers there and `redis-server` is on PATH, a private, non-persistent one is
 * started as a child process (good for trying the bot, not for production).
 */
export async function resolveRedis(
  explicitUrl: string | undefined,
  log: Logger,
  options: { defaultUrl?: string; redisServer?: string } = {},
): Promise<RedisTarget> {
  const none = async () => undefined;
  const defaultUrl = options.defaultUrl ?? DEFAULT_REDIS_URL;
  if (explicitUrl) return { url: explicitUrl, stop: none, private: false };
  if (await pingRedis(defaultUrl)) return { url: defaultUrl, stop: none, private: false };

  const port = await freePort();
  let child: ChildProcess;
  try {
    child = await new Promise<ChildProcess>((resolve, reject) => {
      const proc = spawn(options.redisServer ?? 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      proc.once('error', reject);
      proc.once('spawn', () => resolve(proc));
    });
  } catch {
    throw new RedisUnavailableError(
      'No Redis answers on 127.0.0.1:6379 and redis-server is not installed. Start one with ' +
        '`docker compose up -d redis` (or install redis-server), or set REDIS_URL.',
    );
  }
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await pingRedis(url, 200)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await pingRedis(url))) {
    child.kill();
    throw new RedisUnavailableError(`Started redis-server on port ${port} but it does not answer.`);
  }
  log.warn({ url }, 'No Redis on 127.0.0.1:6379: started a private redis-server. It keeps nothing on disk; set REDIS_URL for production.');
  return {
    url,
    private: true,
    stop: async () => {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
