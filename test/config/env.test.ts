import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { ConfigError } from '../../src/config/load.js';

describe('environment settings', () => {
  it('defaults to all roles, HTTP mode on port 3000 and the {gdpr} prefix', () => {
    const s = parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_SIGNING_SECRET: 'secret' });
    expect(s).toMatchObject({ role: 'all', port: 3000, redisPrefix: '{gdpr}', slack: { socketMode: false } });
    expect(s.redisUrl).toBeUndefined();
  });

  it('uses Socket Mode when an app token is set, and then needs no signing secret (but an audit key)', () => {
    const s = parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_APP_TOKEN: 'xapp-test-1', GDPR_BOT_AUDIT_KEY: 'k'.repeat(32) });
    expect(s.slack.socketMode).toBe(true);
  });

  it('keys the audit chain with GDPR_BOT_AUDIT_KEY, else GDPR_BOT_STATE_KEY, else the signing secret, and refuses to start with none', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_SIGNING_SECRET: 'secret' };
    expect(parseEnv({ ...base, GDPR_BOT_AUDIT_KEY: 'a'.repeat(32), GDPR_BOT_STATE_KEY: 's'.repeat(32) }).audit).toEqual({ keyMaterial: 'a'.repeat(32), keySource: 'GDPR_BOT_AUDIT_KEY' });
    expect(parseEnv({ ...base, GDPR_BOT_STATE_KEY: 's'.repeat(32) }).audit).toEqual({ keyMaterial: 's'.repeat(32), keySource: 'GDPR_BOT_STATE_KEY' });
    expect(parseEnv(base).audit).toEqual({ keyMaterial: 'secret', keySource: 'SLACK_SIGNING_SECRET' });
    expect(() => parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', ROLE: 'worker' })).toThrow(/GDPR_BOT_AUDIT_KEY: the audit trail is keyed with a secret that Redis does not hold/);
    let error: unknown;
    try {
      parseEnv({ ...base, GDPR_BOT_AUDIT_KEY: 'too-short-hunter2' });
    } catch (e) {
      error = e;
    }
    expect(String(error)).toContain('GDPR_BOT_AUDIT_KEY');
    expect(String(error)).not.toContain('hunter2');
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
    expect(parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', ROLE: 'worker', GDPR_BOT_AUDIT_KEY: 'k'.repeat(32) }).role).toBe('worker');
  });
});
