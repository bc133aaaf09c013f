import type { Job } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeScanTargetProcessor } from '../../jobs/scan-target.js';
import { AwsClients } from '../../src/aws/clients.js';
import { configSchema } from '../../src/config/schema.js';
import { DataMapStore } from '../../src/datamap/store.js';
import { createLogger } from '../../src/log.js';
import { Keys } from '../../src/redis/keys.js';
import type { Services } from '../../src/services.js';
import { LogCapture } from '../helpers/bot.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

describe('the scan-target job and the data map', () => {
  const prefix = uniquePrefix('datamap-job');
  const keys = new Keys(prefix);
  const redis = testRedis();
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());
  afterAll(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  const services = () =>
    ({
      config: configSchema.parse({ scan: { regions: ['eu-west-1'], allowedRegions: ['eu-west-1'] } }),
      log: createLogger('debug', new LogCapture()),
      redis,
      keys,
      aws: new AwsClients({ defaultRegion: 'eu-west-1' }),
      outbox: { send: async () => undefined },
      now: () => new Date('2026-12-02T06:05:00Z'),
    }) as unknown as Services;

  const job = (checkIds: string[], home = true) =>
    ({
      id: `scan-1-${SYNTHETIC_ACCOUNT_ID}-eu-west-1`,
      name: 'scan-target',
      data: { scanId: 'scan-20261202-datamap1', accountId: SYNTHETIC_ACCOUNT_ID, region: 'eu-west-1', home, regions: ['eu-west-1'], checkIds },
    }) as unknown as Job;

  it('stores the account data map from the home job (none from a job whose checks do not read Macie profiles), and its personal-data buckets', async () => {
    restore = mockSyntheticAccount({ buckets: 3, pageSize: 2 }).restore;
    const store = new DataMapStore(redis, keys);
    // A job whose checks do not read Macie's profiles stores nothing: no map is not an empty map.
    await makeScanTargetProcessor(services())(job(['s3_bucket_default_encryption']) as never);
    expect((await store.all()).maps).toEqual([]);
    await makeScanTargetProcessor(services())(job(['s3_personal_data_bucket_data_events_logged', 's3_bucket_default_encryption']) as never);
    const { maps, unreadable } = await store.all();
    expect(unreadable).toEqual([]);
    expect(maps).toEqual([expect.objectContaining({ accountId: SYNTHETIC_ACCOUNT_ID, scanId: 'scan-20261202-datamap1', gaps: [] })]);
    expect(maps[0]!.stores.map((s) => s.arn)).toEqual(['arn:aws:s3:::bucket-00000']);
    expect([...(await store.personal())]).toEqual(['arn:aws:s3:::bucket-00000']);
  });

  it('names a stored map it cannot read instead of dropping it silently', async () => {
    await redis.hset(keys.key('datamap', 'latest'), '999988887777', '{not json');
    const { unreadable } = await new DataMapStore(redis, keys).all();
    expect(unreadable).toEqual(['999988887777']);
  });
});
