import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { findingsPollTargets } from '../../src/findings/targets.js';
import { scheduleRecurring } from '../../src/queues/schedules.js';
import { configSchema } from '../../src/config/schema.js';
import { parseConfigText } from '../../src/config/load.js';
import { Queues } from '../../src/queues/queues.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('findings-schedule');
const redis = new Redis(TEST_REDIS_URL);
const queues = new Queues(redis, prefix);
afterAll(async () => {
  await queues.close();
  redis.disconnect();
  await cleanupPrefix(prefix);
});

describe('findings poll schedulers', () => {
  it('polls nothing without a findings section, and the own account in every scan region by default', () => {
    expect(findingsPollTargets(configSchema.parse({}))).toEqual([]);
    expect(
      findingsPollTargets(configSchema.parse({ channels: { findings: 'C0FIND' }, scan: { regions: ['eu-west-1', 'eu-central-1'] }, findings: {} })),
    ).toEqual([
      { account: 'self', region: 'eu-west-1' },
      { account: 'self', region: 'eu-central-1' },
    ]);
  });

  it('without regions configured, polls every region enabled in each account (discovered at start-up)', async () => {
    const own = uniquePrefix('findings-schedule-enabled');
    const q = new Queues(redis, own);
    try {
      const config = configSchema.parse({ channels: { findings: 'C0FIND' }, findings: {} });
      const asked: string[] = [];
      await scheduleRecurring(q, config, 'eu-west-1', async (account) => {
        asked.push(account);
        return ['eu-west-1', 'eu-north-1', 'us-east-1'];
      });
      expect(asked).toEqual(['self']);
      expect((await q.get('findings-poll').getJobSchedulers()).map((s) => s.key).sort()).toEqual([
        'findings-poll:self:eu-north-1',
        'findings-poll:self:eu-west-1',
        'findings-poll:self:us-east-1',
      ]);
      // Configured regions win, and nothing is discovered then.
      await scheduleRecurring(
        q,
        configSchema.parse({ channels: { findings: 'C0FIND' }, scan: { regions: ['eu-central-1'] }, findings: {} }),
        'eu-west-1',
        async () => {
          throw new Error('not asked');
        },
      );
      expect((await q.get('findings-poll').getJobSchedulers()).map((s) => s.key)).toEqual(['findings-poll:self:eu-central-1']);
    } finally {
      await q.close();
      await cleanupPrefix(own);
    }
  });

  it('upserts one scheduler per (account, region) at the poll interval and removes the ones no longer configured', async () => {
    const accounts = [
      { id: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/gdpr-bot' },
      { id: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/gdpr-bot' },
    ];
    const config = configSchema.parse({ channels: { findings: 'C0FIND' }, findings: { pollInterval: '10s', accounts, regions: ['eu-west-1', 'us-east-1'] } });
    await scheduleRecurring(queues, config);
    const schedulers = await queues.get('findings-poll').getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.every]).sort()).toEqual([
      ['findings-poll:111111111111:eu-west-1', 10_000],
      ['findings-poll:111111111111:us-east-1', 10_000],
      ['findings-poll:222222222222:eu-west-1', 10_000],
      ['findings-poll:222222222222:us-east-1', 10_000],
    ]);
    await scheduleRecurring(
      queues,
      configSchema.parse({ channels: { findings: 'C0FIND' }, findings: { accounts: accounts.slice(0, 1), regions: ['eu-west-1'] } }),
    );
    expect((await queues.get('findings-poll').getJobSchedulers()).map((s) => [s.key, s.every])).toEqual([['findings-poll:111111111111:eu-west-1', 300_000]]);
  });

  it('refuses a findings section with nowhere to post, and bad severities, channels and roles', () => {
    expect(() => parseConfigText('findings: {}\n', 'x.yml')).toThrow(/channels\.findings/);
    expect(() => parseConfigText('findings: { routes: [{ channel: C0ALL }] }\n', 'x.yml')).not.toThrow();
    let message = '';
    try {
      parseConfigText(
        'channels: { findings: C0FIND }\nfindings: { minSeverity: urgent, pollInterval: soon, routes: [{ channel: general }], accounts: [{ id: "1", roleArn: x }] }\n',
        'x.yml',
      );
    } catch (error) {
      message = (error as Error).message;
    }
    for (const path of [
      'findings.minSeverity',
      'findings.pollInterval',
      'findings.routes[0].channel',
      'findings.accounts[0].id',
      'findings.accounts[0].roleArn',
    ])
      expect(message).toContain(path);
  });
});
