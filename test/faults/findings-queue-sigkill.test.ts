import { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/log.js';
import { AwsClients } from '../../src/aws/clients.js';
import { configSchema } from '../../src/config/schema.js';
import { FindingsQueueConsumer } from '../../src/findings/sqs.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { Queues } from '../../src/queues/queues.js';
import { Keys } from '../../src/redis/keys.js';
import { SlackDelivery } from '../../src/slack/delivery.js';
import { SlackOutbox } from '../../src/slack/outbound.js';
import { testAuditKey } from '../helpers/audit-key.js';
import { childCwd, REPO_ROOT, spawnTracked, TSX_IMPORT } from '../helpers/children.js';
import { body, guardDutyEvent, macieEvent } from '../helpers/finding-events.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { SlackTestServer } from '../helpers/slack-server.js';
import { SqsStandIn } from '../helpers/sqs-server.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/111122223333/gdpr-bot-findings';

describe('a findings-queue worker killed with SIGKILL between the hand-over and the delete', () => {
  const prefix = uniquePrefix('findings-queue-kill');
  let slack: SlackTestServer;
  let sqs: SqsStandIn;
  let redis: Redis;
  const savedEndpoint = process.env.AWS_ENDPOINT_URL_SQS;
  beforeAll(async () => {
    slack = await new SlackTestServer().start();
    sqs = await new SqsStandIn().start();
    redis = testRedis('worker');
    process.env.AWS_ENDPOINT_URL_SQS = sqs.url;
  });
  afterAll(async () => {
    if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_SQS;
    else process.env.AWS_ENDPOINT_URL_SQS = savedEndpoint;
    redis.disconnect();
    await sqs.close();
    await slack.close();
    await cleanupPrefix(prefix);
  });

  it('the messages come back to the next worker, which posts nothing twice and deletes them', async () => {
    for (let i = 1; i <= 5; i++) sqs.send(body(guardDutyEvent(i)));
    sqs.send(body(macieEvent(6)));
    const env: NodeJS.ProcessEnv = { ...process.env, FINDINGS_PREFIX: prefix, QUEUE_URL, QUEUE_LEASE_MS: '1000', AWS_ENDPOINT_URL_SQS: sqs.url };
    delete env.AWS_ENDPOINT_URL;
    const child = spawnTracked(process.execPath, ['--import', TSX_IMPORT, `${REPO_ROOT}/test/helpers/findings-queue-child.ts`], {
      cwd: childCwd(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 15_000;
    while (!out.includes('HANDED') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    expect(out, err).toContain('HANDED');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const keys = new Keys(prefix);
    const queues = new Queues(redis, prefix);
    const outbox = new SlackOutbox(redis, keys, queues);
    const audit = new AuditLog(redis, keys, { key: testAuditKey() });
    try {
      // Handed over before the kill, not deleted.
      expect(await outbox.waiting('C0FIND')).toBe(6);
      expect(sqs.deleted).toEqual([]);
      expect(sqs.messages).toHaveLength(6);
      // Their visibility timeout runs out; the next worker waits out the dead one's lease, then takes the queue.
      sqs.expireVisibility();
      const next = new FindingsQueueConsumer(
        {
          config: configSchema.parse({
            channels: { findings: 'C0FIND' },
            findings: { minSeverity: 'low', delivery: 'eventbridge', sqs: { queueUrl: QUEUE_URL } },
          }),
          redis,
          keys,
          outbox,
          log: createLogger('silent'),
          now: () => new Date(),
          aws: new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 1 }, {}, async () => ({
            accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
            secretAccessKey: 'test-secret-EXAMPLE',
          })),
          metrics: new Metrics(),
          audit,
        },
        { queueUrl: QUEUE_URL, region: 'eu-west-1', waitTimeSeconds: 0 },
      );
      let round = await next.receiveOnce();
      while (round.busy) {
        await new Promise((r) => setTimeout(r, 100));
        round = await next.receiveOnce();
      }
      await next.stop();
      expect(round).toMatchObject({ received: 6, posted: 0, unchanged: 6, deleted: 6 });
      expect(sqs.messages).toHaveLength(0);

      const client = new WebClient('xoxb-test-queue-kill', { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
      await new SlackDelivery(redis, keys, queues, client, createLogger('silent'), { postIntervalMs: 0, maxBatch: 10_000 }).drain('C0FIND');
      const ids = slack
        .callsTo('chat.postMessage')
        .map((c) => (c.args.blocks as { block_id?: string }[])[0]?.block_id)
        .filter((b): b is string => Boolean(b?.startsWith('finding:')));
      expect(ids.sort()).toEqual(['gd000001', 'gd000002', 'gd000003', 'gd000004', 'gd000005', 'mc000006'].map((id) => `finding:${id}`));
    } finally {
      await audit.close();
      await queues.close();
    }
  }, 30_000);
});
