import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfigText } from '../../src/config/load.js';
import { parseDuration, formatDuration } from '../../src/config/duration.js';

describe('the YAML configuration', () => {
  it('reads a valid file, durations in milliseconds', () => {
    const config = parseConfigText(`
approvers: { users: [U0123ABCD], usergroups: [S0123ABCD] }
channels:  { approvals: C0123ABCD, findings: C0123ABCE, audit: C0123ABCF }
scan:      { regions: [eu-west-1, eu-central-1], schedule: "0 6 * * *" }
slack:     { postInterval: 2s }
`);
    expect(config.approvers.users).toEqual(['U0123ABCD']);
    expect(config.scan.regions).toEqual(['eu-west-1', 'eu-central-1']);
    expect(config.slack.postInterval).toBe(2000);
  });

  it('applies defaults for an empty file', () => {
    const config = parseConfigText('');
    expect(config.approvers).toEqual({ users: [], usergroups: [] });
    // No regions configured: a scan covers every region enabled in each account.
    expect(config.scan.regions).toBeUndefined();
  });

  it('runs 4 scan jobs per worker process unless scan.workerConcurrency says otherwise, and refuses 0', async () => {
    const { workerConcurrency } = await import('../../src/queues/workers.js');
    expect(parseConfigText('').scan.workerConcurrency).toBe(4);
    expect(workerConcurrency(parseConfigText(''))['scan-target']).toBe(4);
    const wide = parseConfigText('scan: { workerConcurrency: 12, concurrency: 4 }');
    expect(workerConcurrency(wide)['scan-target']).toBe(12);
    expect(wide.scan.concurrency).toBe(4);
    expect(() => parseConfigText('scan: { workerConcurrency: 0 }', 'gdpr-bot.yml')).toThrow(/scan\.workerConcurrency/);
  });

  it('lists every problem at once, each with path, expectation and what it got', () => {
    let error: unknown;
    try {
      parseConfigText(
        `
approvers: { users: [alice], usergroups: [S0123ABCD] }
channels:  { approvals: "#security" }
scan:      { regions: [europe], schedule: "every morning" }
slack:     { postInterval: soon }
surprise: true
`,
        'gdpr-bot.yml',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'approvers.users[0]: expected a Slack user id such as U0123ABCD, got "alice"',
        'channels.approvals: expected a Slack channel id such as C0123ABCD, got "#security"',
        'scan.regions[0]: expected an AWS region such as eu-west-1, got "europe"',
        'scan.schedule: expected a cron expression such as "0 6 * * *", got "every morning"',
        'slack.postInterval: expected a duration such as 90s, 15m, 4h or 1h30m, got "soon"',
        '(top level): unknown key "surprise"',
      ]),
    );
    expect(problems).toHaveLength(6);
    expect((error as ConfigError).message).toMatch(/^Invalid configuration in gdpr-bot.yml \(6 problems\):/);
  });

  it('reports YAML syntax errors instead of guessing', () => {
    expect(() => parseConfigText('approvers: [unclosed', 'x.yml')).toThrow(/YAML syntax/);
  });

  it('reports a wrong type with the type it got', () => {
    expect(() => parseConfigText('approvers: { users: U0123ABCD }')).toThrow(/approvers.users: expected array, got "U0123ABCD"/);
  });
});

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['4h', 14_400_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['250ms', 250],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '4', 'h', '4 hours', '-1h', '1.5h'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('formats back', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(900_000)).toBe('15m');
  });

  it('says what to do when the configuration file is missing, or is the directory docker mounts in its place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-config-'));
    await expect(loadConfig(join(dir, 'gdpr-bot.yml'))).rejects.toThrow(/does not exist: copy gdpr-bot.example.yml/);
    mkdirSync(join(dir, 'mounted.yml'));
    await expect(loadConfig(join(dir, 'mounted.yml'))).rejects.toThrow(/is a directory, not the YAML file: with docker compose, create .\/gdpr-bot.yml/);
  });
});
