import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { ConfigError } from '../../src/config/load.js';
import { REPO_ROOT } from '../helpers/children.js';

const STATE_KEY = 'state-key-0123456789abcdef0123456789abcdef';

describe('environment settings', () => {
  it('defaults to all roles, HTTP mode on port 3000 and the {gdpr} prefix', () => {
    const s = parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_SIGNING_SECRET: 'secret' });
    expect(s).toMatchObject({ role: 'all', workers: 'thread', port: 3000, redisPrefix: '{gdpr}', slack: { socketMode: false } });
    expect(s.redisUrl).toBeUndefined();
  });

  it('reads WORKERS (thread or inline) and refuses anything else, naming it', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_SIGNING_SECRET: 'secret' };
    expect(parseEnv({ ...base, WORKERS: 'inline' }).workers).toBe('inline');
    expect(() => parseEnv({ ...base, WORKERS: 'threads' })).toThrow(/WORKERS/);
  });

  it('uses Socket Mode when an app token is set, and then needs no signing secret but a state key', () => {
    const s = parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_APP_TOKEN: 'xapp-test-1', GDPR_BOT_STATE_KEY: STATE_KEY });
    expect(s.slack.socketMode).toBe(true);
    expect(s.stateKey).toEqual({ secret: STATE_KEY, source: 'GDPR_BOT_STATE_KEY' });
    expect(() => parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_APP_TOKEN: 'xapp-test-1' })).toThrow(
      /GDPR_BOT_STATE_KEY: expected the key that seals records in Redis/,
    );
  });

  it('seals records with GDPR_BOT_STATE_KEY, else with a key derived from the signing secret; a short key is refused unechoed', () => {
    expect(parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_SIGNING_SECRET: 'secret' }).stateKey).toEqual({ secret: 'secret', source: 'SLACK_SIGNING_SECRET' });
    expect(parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_SIGNING_SECRET: 'secret', GDPR_BOT_STATE_KEY: STATE_KEY }).stateKey.source).toBe(
      'GDPR_BOT_STATE_KEY',
    );
    let error: unknown;
    try {
      parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_SIGNING_SECRET: 'secret', GDPR_BOT_STATE_KEY: 'short-key-hunter2' });
    } catch (e) {
      error = e;
    }
    expect(String((error as Error).message)).toMatch(/GDPR_BOT_STATE_KEY: .*at least 32 characters/);
    expect(String((error as Error).message)).not.toContain('hunter2');
  });

  it('reads SLACK_RESPONSE_URL_HOSTS as a comma-separated list of hosts', () => {
    const s = parseEnv({
      SLACK_BOT_TOKEN: 'xoxb-test-1',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_RESPONSE_URL_HOSTS: 'hooks.slack-gov.com, *.slack-gov.com,127.0.0.1:4567',
    });
    expect(s.slack.responseUrlHosts).toEqual(['hooks.slack-gov.com', '*.slack-gov.com', '127.0.0.1:4567']);
    expect(() => parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_SIGNING_SECRET: 'secret', SLACK_RESPONSE_URL_HOSTS: 'https://hooks.slack.com/' })).toThrow(
      /SLACK_RESPONSE_URL_HOSTS/,
    );
  });

  it('keys the audit chain with GDPR_BOT_AUDIT_KEY, else GDPR_BOT_STATE_KEY, else the signing secret, and refuses to start with none', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-test-1', SLACK_SIGNING_SECRET: 'secret' };
    expect(parseEnv({ ...base, GDPR_BOT_AUDIT_KEY: 'a'.repeat(32), GDPR_BOT_STATE_KEY: 's'.repeat(32) }).audit).toEqual({
      keyMaterial: 'a'.repeat(32),
      keySource: 'GDPR_BOT_AUDIT_KEY',
    });
    expect(parseEnv({ ...base, GDPR_BOT_STATE_KEY: 's'.repeat(32) }).audit).toEqual({ keyMaterial: 's'.repeat(32), keySource: 'GDPR_BOT_STATE_KEY' });
    expect(parseEnv(base).audit).toEqual({ keyMaterial: 'secret', keySource: 'SLACK_SIGNING_SECRET' });
    expect(() => parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', ROLE: 'worker' })).toThrow(
      /GDPR_BOT_STATE_KEY: expected the key that seals records in Redis and keys the audit trail/,
    );
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

  it('does not need a signing secret for a worker-only process, but then needs the state key', () => {
    expect(parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', ROLE: 'worker', GDPR_BOT_STATE_KEY: STATE_KEY }).role).toBe('worker');
    expect(() => parseEnv({ SLACK_BOT_TOKEN: 'xoxb-test-1', ROLE: 'worker' })).toThrow(/GDPR_BOT_STATE_KEY/);
  });

  it("refuses .env.example's placeholder bot token, naming SLACK_BOT_TOKEN, before Slack is even asked", () => {
    // What a new user has after `cp .env.example .env` and filling in only the signing secret.
    const example = Object.fromEntries(
      readFileSync(join(REPO_ROOT, '.env.example'), 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_0-9]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    ) as Record<string, string>;
    expect(example.SLACK_BOT_TOKEN).toBeTruthy();
    expect(() => parseEnv({ ...example, SLACK_SIGNING_SECRET: 'a-real-signing-secret' })).toThrow(
      /SLACK_BOT_TOKEN: expected .*Bot User OAuth Token.*not the placeholder/,
    );
    // The untouched file names both variables at once.
    expect(() => parseEnv(example)).toThrow(/SLACK_BOT_TOKEN[\s\S]*SLACK_SIGNING_SECRET/);
    // A token that is not the placeholder is for Slack to judge (auth.test at start-up).
    expect(parseEnv({ ...example, SLACK_BOT_TOKEN: 'xoxb-test-not-a-real-token', SLACK_SIGNING_SECRET: 'a-real-signing-secret' }).slack.botToken).toBe(
      'xoxb-test-not-a-real-token',
    );
  });
});
