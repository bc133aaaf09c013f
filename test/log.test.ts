import { describe, expect, it } from 'vitest';
import { createLogger, redactFields, scrubSecrets } from '../src/log.js';
import { LogCapture } from './helpers/bot.js';

describe('logs', () => {
  it('redacts secrets by field name and by pattern, wherever they appear', () => {
    const out = new LogCapture();
    const log = createLogger('info', out);
    const fakeKey = ['AKIA', 'ABCDEFGHIJKLMNOP'].join('');
    log.info({ botToken: 'xoxb-test-123456789', creds: { SecretAccessKey: 'abc/def', SessionToken: 'tok' } }, 'starting');
    log.info(`calling with xoxb-test-99999999999 and ${fakeKey}`);
    log.error({ err: new Error('bad token xoxp-test-12345678 used') }, 'failed');
    const text = out.text();
    expect(text).not.toMatch(/xox[bp]-test-\d/);
    expect(text).not.toContain(fakeKey);
    expect(text).not.toContain('abc/def');
    expect(text).toContain('[redacted]');
    expect(out.entries()).toHaveLength(3);
  });

  it('redacts secret fields three levels down, in arrays and errors, without changing the logged object', () => {
    const out = new LogCapture();
    const log = createLogger('info', out);
    const request = { job: { data: { responseUrl: 'https://hooks.slack.test/EXAMPLE', channel: 'C1' } }, clicks: [{ trigger_id: 'test-trigger' }] };
    const failure = Object.assign(new Error('AssumeRole failed'), { Credentials: { SessionToken: 'test-session' } });
    log.info(request, 'queued');
    log.error({ err: failure }, 'failed');
    const [queued, failed] = out.entries() as [{ job: { data: unknown }; clicks: unknown }, { err: { message: string; Credentials: unknown } }];
    expect(queued.job.data).toEqual({ responseUrl: '[redacted]', channel: 'C1' });
    expect(queued.clicks).toEqual([{ trigger_id: '[redacted]' }]);
    expect(failed.err.message).toBe('AssumeRole failed');
    expect(failed.err.Credentials).toBe('[redacted]');
    expect(out.text()).not.toMatch(/EXAMPLE|test-trigger|test-session/);
    // The caller's objects are untouched, and an object without secrets is passed through as is.
    expect(request.job.data.responseUrl).toBe('https://hooks.slack.test/EXAMPLE');
    expect(failure.Credentials.SessionToken).toBe('test-session');
    const clean = { slack: { type: 'command', user: 'U1' } };
    expect(redactFields(clean)).toBe(clean);
  });

  it('scrubs credential exports', () => {
    expect(scrubSecrets('export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG')).toBe('export AWS_SECRET_ACCESS_KEY=[redacted]');
  });
});
