import { WebClient } from '@slack/web-api';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTracked } from '../helpers/children.js';
import { makeFindingsPollProcessor } from '../../jobs/findings-poll.js';
import { AwsClients } from '../../src/aws/clients.js';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { Queues } from '../../src/queues/queues.js';
import { Keys } from '../../src/redis/keys.js';
import { SlackDelivery } from '../../src/slack/delivery.js';
import { SlackOutbox } from '../../src/slack/outbound.js';
import { FakeFindingServices, gdFinding } from '../helpers/aws-findings.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { SlackTestServer } from '../helpers/slack-server.js';

describe('a findings worker killed with SIGKILL mid-poll', () => {
  const prefix = uniquePrefix('findings-crash');
  let slack: SlackTestServer;
  let redis: Redis;
  beforeAll(async () => {
    slack = await new SlackTestServer().start();
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    redis.disconnect();
    await slack.close();
    await cleanupPrefix(prefix);
  });

  it('after a restart every finding is posted exactly once', async () => {
    const child = spawnTracked(process.execPath, ['--import', 'tsx', 'test/helpers/findings-poll-child.ts'], {
      env: { ...process.env, FINDINGS_PREFIX: prefix, FINDINGS_TOTAL: '45', FINDINGS_HANG_AFTER: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 15_000;
    while (!out.includes('HANDED') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(out).toContain('HANDED');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const keys = new Keys(prefix);
    const queues = new Queues(redis, prefix);
    const outbox = new SlackOutbox(redis, keys, queues);
    const handedBeforeCrash = await outbox.waiting('C0FIND');
    expect(handedBeforeCrash).toBeGreaterThan(0);
    expect(handedBeforeCrash).toBeLessThan(46);

    // The restarted worker: same AWS data; it waits out the dead worker's lock, then polls.
    const aws = new FakeFindingServices();
    aws.addGuardDuty(...Array.from({ length: 45 }, (_, i) => gdFinding(i + 1)));
    try {
      const poll = makeFindingsPollProcessor({
        config: configSchema.parse({ channels: { findings: 'C0FIND' }, findings: { minSeverity: 'low', digestThreshold: 10 } }),
        redis,
        keys,
        outbox,
        log: createLogger('silent'),
        now: () => new Date(),
        aws: new AwsClients({ defaultRegion: 'eu-west-1' }),
        metrics: new Metrics(),
        chunkSize: 10,
      });
      const job = { data: { account: 'self', region: 'eu-west-1' } } as Job<{ account: string; region: string }, never, 'poll'>;
      let result = await poll(job);
      while (result.skipped === 'busy') {
        await new Promise((r) => setTimeout(r, 200));
        result = await poll(job);
      }
      // It asked AWS only from the watermark the dead worker left (inclusive), and posted only what was not handed over.
      expect(aws.gdListCalls[0]!.FindingCriteria!.Criterion!.updatedAt?.GreaterThanOrEqual).toBeGreaterThan(0);
      expect(result.sources.guardduty!.unchanged).toBeGreaterThanOrEqual(1);
      expect(result.sources.guardduty!.posted).toBeLessThan(45);

      const client = new WebClient('xoxb-test-crash', { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
      const delivery = new SlackDelivery(redis, keys, queues, client, createLogger('silent'), { postIntervalMs: 0, maxBatch: 10_000 });
      await delivery.drain('C0FIND');
      const ids = slack
        .callsTo('chat.postMessage')
        .map((c) => (c.args.blocks as { block_id?: string }[])[0]?.block_id)
        .filter((b): b is string => Boolean(b?.startsWith('finding:')));
      expect(ids).toHaveLength(45);
      expect(new Set(ids).size).toBe(45);
    } finally {
      aws.restore();
      await queues.close();
    }
  }, 30_000);
});
