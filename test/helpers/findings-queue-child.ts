/**
 * A worker process for the findings-queue crash test: runs the queue consumer loop (real Redis under
 * FINDINGS_PREFIX, the SQS stand-in of the parent through AWS_ENDPOINT_URL_SQS) and, once a round has
 * handed its findings over and is about to delete the messages, prints HANDED and hangs until the
 * test kills it with SIGKILL. Its lease on the queue is short (QUEUE_LEASE_MS) and is never freed.
 */
import { AuditLog } from '../../src/audit/log.js';
import { AwsClients } from '../../src/aws/clients.js';
import { configSchema } from '../../src/config/schema.js';
import { FindingsQueueConsumer } from '../../src/findings/sqs.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { Queues } from '../../src/queues/queues.js';
import { Keys } from '../../src/redis/keys.js';
import { SlackOutbox } from '../../src/slack/outbound.js';
import { testAuditKey } from './audit-key.js';
import { testRedis } from './redis.js';

const prefix = process.env.FINDINGS_PREFIX!;
const queueUrl = process.env.QUEUE_URL!;
const redis = testRedis('worker');
const keys = new Keys(prefix);
const queues = new Queues(redis, prefix);
const config = configSchema.parse({ channels: { findings: 'C0FIND' }, findings: { minSeverity: 'low', delivery: 'eventbridge', sqs: { queueUrl } } });
const consumer = new FindingsQueueConsumer(
  {
    config,
    redis,
    keys,
    outbox: new SlackOutbox(redis, keys, queues),
    log: createLogger('silent'),
    now: () => new Date(),
    aws: new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 1 }, {}, async () => ({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'test-secret-EXAMPLE',
    })),
    metrics: new Metrics(),
    audit: new AuditLog(redis, keys, { key: testAuditKey() }),
  },
  {
    queueUrl,
    region: 'eu-west-1',
    waitTimeSeconds: 1,
    leaseMs: Number(process.env.QUEUE_LEASE_MS ?? 1000),
    beforeDelete: async () => {
      process.stdout.write('HANDED\n');
      await new Promise(() => undefined); // between the commit and the delete, until SIGKILL
    },
  },
);
consumer.start();
