import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keys } from '../../src/redis/keys.js';
import { dmChannel } from '../../src/notify/dm.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { SlackTestServer } from '../helpers/slack-server.js';

describe('the DM channel of a user', () => {
  let slack: SlackTestServer;
  const redis = testRedis();
  const keys = new Keys(uniquePrefix('dm'));
  beforeAll(async () => {
    slack = await new SlackTestServer().start();
  });
  afterAll(async () => {
    await slack.close();
    await cleanupPrefix(keys.prefix);
    redis.disconnect();
  });

  it('opens it once and remembers it, per user', async () => {
    const deps = { redis, keys, slack: new WebClient('xoxb-test-dm', { slackApiUrl: slack.apiUrl }) };
    const first = await dmChannel(deps, 'U0000DMONE');
    expect(first).toMatch(/^D/);
    expect(await dmChannel(deps, 'U0000DMONE')).toBe(first);
    const other = await dmChannel(deps, 'U0000DMTWO');
    expect(slack.callsTo('conversations.open').map((c) => c.args.users)).toEqual(['U0000DMONE', 'U0000DMTWO']);
    expect(await redis.ttl(keys.key('slack', 'dm', 'U0000DMTWO'))).toBeGreaterThan(86_000);
    expect(other).not.toBe('');
  });
});
