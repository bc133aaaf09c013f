import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../src/log.js';
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

  it('scrubs credential exports', () => {
    expect(scrubSecrets('export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG')).toBe('export AWS_SECRET_ACCESS_KEY=[redacted]');
  });
});
