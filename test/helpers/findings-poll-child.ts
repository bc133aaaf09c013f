/**
 * A worker process for the crash test: polls findings (mocked AWS, real Redis under FINDINGS_PREFIX)
 * and, after handing over FINDINGS_HANG_AFTER chunks, prints HANDED and hangs mid-job until the test
 * kills it with SIGKILL.
 */
import type { ChainableCommander } from 'ioredis';
import { Redis } from 'ioredis';
import type { Job } from 'bullmq';
import { makeFindingsPollProcessor } from '../../jobs/findings-poll.js';
import { AwsClients } from '../../src/aws/clients.js';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { Queues } from '../../src/queues/queues.js';
import { Keys } from '../../src/redis/keys.js';
import type { OutboundMessage } from '../../src/notify/outbox.js';
import { SlackOutbox } from '../../src/slack/outbound.js';
import { FakeFindingServices, gdFinding } from './aws-findings.js';
import { TEST_REDIS_URL } from './redis.js';

const prefix = process.env.FINDINGS_PREFIX!;
const total = Number(process.env.FINDINGS_TOTAL ?? 45);
const hangAfter = Number(process.env.FINDINGS_HANG_AFTER ?? 2);

class HangingOutbox extends SlackOutbox {
  private calls = 0;
  override async sendWith(messages: readonly OutboundMessage[], also?: (tx: ChainableCommander) => void): Promise<void> {
    await super.sendWith(messages, also);
    if (++this.calls === hangAfter) {
      process.stdout.write('HANDED\n');
      await new Promise(() => undefined); // mid-job, until SIGKILL
    }
  }
}

const aws = new FakeFindingServices();
aws.addGuardDuty(...Array.from({ length: total }, (_, i) => gdFinding(i + 1)));
const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
const keys = new Keys(prefix);
const queues = new Queues(redis, prefix);
const config = configSchema.parse({ channels: { findings: 'C0FIND' }, findings: { minSeverity: 'low', digestThreshold: 10 } });
const poll = makeFindingsPollProcessor({
  config,
  redis,
  keys,
  outbox: new HangingOutbox(redis, keys, queues),
  log: createLogger('silent'),
  now: () => new Date(),
  aws: new AwsClients({ defaultRegion: 'eu-west-1' }),
  metrics: new Metrics(),
  chunkSize: 10,
  lockMs: 1500,
});
await poll({ data: { account: 'self', region: 'eu-west-1' } } as Job<{ account: string; region: string }, never, 'poll'>);
process.stdout.write('FINISHED\n');
process.exit(0);
