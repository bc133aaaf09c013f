import { RedisUnavailableError } from '../redis/connection.js';
import type { MainIo } from '../cli/io.js';

export const DEMO_USAGE = `Usage: gdpr-bot demo [--port <n>] [--redis-url <url>]

Runs the bot against a synthetic AWS account, a private Redis and a local stand-in for Slack, and serves
a page on 127.0.0.1 that shows the conversation as Slack would: type /gdpr status, press Fix, approve as
the second person. Nothing reaches Slack or AWS. Ctrl-C stops it.

Options:
  --port <n>         the page's port on 127.0.0.1 (default: a free one)
  --redis-url <url>  use this Redis (under a key prefix of the demo's own, removed at the end) instead of
                     starting a private redis-server
`;

/** Parses the demo's options; a string is a usage error. */
export function parseDemoArgs(args: readonly string[]): { port?: number; redisUrl?: string; help?: boolean } | string {
  const out: { port?: number; redisUrl?: string; help?: boolean } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? args[++i];
    if (name === '--help' || name === '-h') out.help = true;
    else if (name === '--port') {
      const v = value();
      if (!v || !/^\d{1,5}$/.test(v) || Number(v) > 65535) return `--port: expected a port number (0-65535), got ${v ?? 'nothing'}`;
      out.port = Number(v);
    } else if (name === '--redis-url') {
      const v = value();
      if (!v || !/^rediss?:\/\//.test(v)) return `--redis-url: expected a redis:// or rediss:// URL`;
      out.redisUrl = v;
    } else return `unknown option ${arg}`;
  }
  return out;
}

/**
 * `gdpr-bot demo`: starts the demo, prints the page's address, and runs until SIGINT or SIGTERM, then stops
 * the bot and the private redis-server and exits.
 */
export async function runDemoCli(args: readonly string[], io: MainIo): Promise<number | undefined> {
  const parsed = parseDemoArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`gdpr-bot demo: ${parsed}\n\n${DEMO_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(DEMO_USAGE);
    return 0;
  }
  const { startDemo } = await import('./demo.js');
  io.stderr('gdpr-bot demo: starting (private Redis, synthetic AWS account, local Slack)…\n');
  let demo: Awaited<ReturnType<typeof startDemo>>;
  try {
    demo = await startDemo({ port: parsed.port, redisUrl: parsed.redisUrl });
  } catch (error) {
    if (error instanceof RedisUnavailableError) {
      io.stderr(`gdpr-bot demo: ${error.message} (or pass --redis-url redis://127.0.0.1:6379/15)\n`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      io.stderr(`gdpr-bot demo: port ${parsed.port} is in use: pick another with --port, or leave it out for a free one\n`);
      return 1;
    }
    throw error;
  }
  io.stdout(`gdpr-bot demo is running: open ${demo.url}\n`);
  io.stderr(
    `  Redis: ${demo.redis.private ? `private redis-server on ${demo.redis.url} (nothing kept on disk)` : `${demo.redis.url}, under a key prefix of its own`}\n` +
      (demo.logFile ? `  The bot's log: ${demo.logFile}\n` : '') +
      '  Press Ctrl-C to stop.\n',
  );
  return new Promise<number>((resolve) => {
    let signals = 0;
    const stop = (signal: string) => {
      if (++signals > 1) {
        resolve(1);
        return;
      }
      io.stderr(`gdpr-bot demo: ${signal} received, stopping\n`);
      demo.close().then(
        () => resolve(0),
        (error: unknown) => {
          io.stderr(`gdpr-bot demo: stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  }).then((code) => {
    // Timers the bot's libraries leave behind must not keep the process alive once everything is closed.
    setTimeout(() => process.exit(code), 200).unref();
    return code;
  });
}
