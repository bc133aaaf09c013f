import type { ChildProcess } from 'node:child_process';
import { spawnTracked } from './children.js';
import { TEST_REDIS_URL } from './redis.js';
import { TEST_BOT_TOKEN } from './bot.js';
import { TEST_SIGNING_SECRET } from './slack-request.js';

/** A worker process started from a fixture script (run with `node --import tsx`). */
export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  output: () => string;
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `fixture` as a child process with `env` added to this process's environment, and resolves once
 * it prints `READY <pid>` on stdout (the fixture's promise that it takes jobs).
 */
export function startWorkerProcess(fixture: string, env: Record<string, string>, timeoutMs = 20_000): Promise<WorkerProcess> {
  const child = spawnTracked(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const stop = (signal: NodeJS.Signals) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill(signal);
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const ready = /READY (\d+)/.exec(out);
      if (ready) {
        clearTimeout(timer);
        resolve({ child, pid: Number(ready[1]), output: () => out, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it was ready:\n${out}`));
    });
  });
}

/**
 * The environment of a worker process beside a test bot: the bot's Slack test server, Redis database and
 * key prefix, and the same signing secret (records in Redis are sealed, and the audit chain keyed, with
 * keys derived from it), with `config` as its configuration file and `extra` on top.
 */
export function workerEnv(bot: { slack: { apiUrl: string }; prefix: string }, config: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: bot.slack.apiUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: bot.prefix,
    PORT: '0',
    LOG_LEVEL: 'warn',
    GDPR_BOT_CONFIG: config,
    AWS_REGION: 'eu-west-1',
    ...extra,
  };
}
