import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { ConfigError } from '../../src/config/load.js';

describe('environment settings', () => {
  it('defaults to all roles, HTTP mode on port 3000 and the {gdpr} prefix', () => {
    const s = parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_SIGNING_SECRET: 'secret' });
    expect(s).toMatchObject({ role: 'all', port: 3000, redisPrefix: '{gdpr}', slack: { socketMode: false } });
    expect(s.redisUrl).toBeUndefined();
  });

  it('uses Socket Mode when an app token is set, and then needs no signing secret', () => {
    const s = parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_APP_TOKEN: 'xapp-test-1' });
    expect(s.slack.socketMode).toBe(true);
  });

  it('lists every problem and never echoes a secret value', () => {
    let error: unknown;
    try {
      parseEnv({ ROLE: 'boss', PORT: 'eighty', REDIS_URL: 'http://user:hunter2@host', SLACK_API_URL: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    expect(text).toContain('ROLE');
    expect(text).toContain('PORT');
    expect(text).toContain('SLACK_BOT_TOKEN');
    expect(text).toContain('SLACK_SIGNING_SECRET');
    expect(text).toContain('REDIS_URL: expected a redis:// or rediss:// URL, got "(hidden)"');
    expect(text).not.toContain('hunter2');
  });

  it('does not need a signing secret for a worker-only process', () => {
    expect(parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', ROLE: 'worker' }).role).toBe('worker');
  });
});
