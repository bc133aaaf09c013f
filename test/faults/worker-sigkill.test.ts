import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BOT_TOKEN } from '../helpers/bot.js';
import { cleanupPrefix, TEST_REDIS_URL, testRedis, uniquePrefix } from '../helpers/redis.js';
import { SlackTestServer } from '../helpers/slack-server.js';
import { TEST_SIGNING_SECRET } from '../helpers/slack-request.js';
import { startWorkerProcess } from '../helpers/worker-process.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'worker-process.ts');

/** A worker process of the real program, started with tsx; resolves once it takes jobs. */
const startWorker = (env: Record<string, string>) => startWorkerProcess(FIXTURE, env);

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('fault: a worker process killed with SIGKILL in the middle of a job', () => {
  const prefix = uniquePrefix('sigkill');
  let slack: SlackTestServer;
  let redis: Redis;
  let queue: Queue;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    slack = await new SlackTestServer().start();
    redis = testRedis('worker');
    queue = new Queue('fault-slow', { connection: redis, prefix });
    const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-sigkill-'));
    const config = join(dir, 'gdpr-bot.yml');
    writeFileSync(config, stringify({ slack: { postInterval: '10ms' } }));
    env = {
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      // The same secret as the web role's: records in Redis are sealed, and the audit chain keyed, with keys derived from it.
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'warn',
      GDPR_BOT_CONFIG: config,
    };
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await queue?.close();
    redis?.disconnect();
    await slack?.close();
    await cleanupPrefix(prefix);
  });

  it('is taken over by another worker after the stall interval, and its effect happens exactly once', async () => {
    const first = await startWorker(env);
    children.push(first.child);
    const job = await queue.add('slow', { channel: 'C0000KILL', holdMs: 60_000 }, { jobId: 'remediation-1' });
    await until('the first worker to apply the effect', async () => (await redis.exists(`${prefix}:fault:in-flight:remediation-1`)) === 1);

    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    expect(await job.getState()).toBe('active'); // nobody finished it: it is stuck with a dead owner
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);

    const second = await startWorker(env);
    children.push(second.child);
    await until('the job to complete on the second worker', async () => (await job.getState()) === 'completed');

    const done = await queue.getJob('remediation-1');
    expect(done!.returnvalue).toEqual({ applied: false, pid: second.pid }); // the retry saw the effect and did not apply it again
    expect(await redis.lrange(`${prefix}:fault:effects`, 0, -1)).toEqual([`pid ${first.pid}`]);
    await slack.waitFor(() => slack.callsTo('chat.postMessage').length === 1, 'the final Slack message');
    await new Promise((r) => setTimeout(r, 200));
    const posts = [...slack.callsTo('chat.postMessage'), ...slack.callsTo('chat.update')];
    expect(posts.map((c) => c.args.text)).toEqual(['job remediation-1: done']);

    const stopped = new Promise((resolve) => second.child.once('exit', resolve));
    second.child.kill('SIGTERM');
    expect(await stopped).toBe(0);
  }, 60_000); // two worker processes start (tsx) and one waits out a stall interval: slow on a loaded machine
});
