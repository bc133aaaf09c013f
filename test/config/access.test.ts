import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';

const ARN = 'arn:aws:iam::123456789012:role/gdpr-jit-readonly';

describe('access configuration', () => {
  it('has safe defaults', () => {
    expect(parseConfig({}).access).toEqual({
      roles: [],
      requestTtl: 2 * 3_600_000,
      sessionDuration: 3_600_000,
      federationUrl: 'https://signin.aws.amazon.com/federation',
      consoleUrl: 'https://console.aws.amazon.com/',
      expiryWarning: 10 * 60_000,
      approvalMode: 'channel',
    });
  });

  it('reads a role as the issue shows it', () => {
    const config = parseConfig({
      access: {
        roles: [{ name: 'prod-readonly', arn: ARN, maxDuration: '4h', approvers: { users: ['U0123ABCD'], usergroups: ['S0123ABCD'] }, minApprovals: 2, autoApprove: { usergroups: ['S0ONCALL1'] }, breakglass: false }],
        requestTtl: '2h',
        sessionDuration: '1h',
        federationUrl: 'http://127.0.0.1:9999/federation',
      },
    });
    expect(config.access.roles[0]).toMatchObject({ name: 'prod-readonly', arn: ARN, maxDuration: 4 * 3_600_000, minApprovals: 2, autoApprove: { users: [], usergroups: ['S0ONCALL1'] } });
    expect(config.access.federationUrl).toBe('http://127.0.0.1:9999/federation');
  });

  it('lists every problem: bounds, duplicate names, bad ARNs', () => {
    let error: ConfigError | undefined;
    try {
      parseConfig({
        access: {
          sessionDuration: '5m',
          roles: [
            { name: 'a', arn: 'arn:aws:iam::123:user/x', maxDuration: '13h' },
            { name: 'a', arn: ARN, maxDuration: '10m', minApprovals: 0 },
          ],
          federationUrl: 'not a url',
        },
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = error!.problems.join('\n');
    expect(problems).toContain('access.roles[0].arn: expected an IAM role ARN');
    expect(problems).toContain('access.roles[0].maxDuration: expected a duration between 15m and 12h, got "13h"');
    expect(problems).toContain('access.roles[1].maxDuration: expected a duration between 15m and 12h, got "10m"');
    expect(problems).toContain('access.roles[1].minApprovals');
    expect(problems).toContain('access.roles[1].name: expected a unique role name');
    expect(problems).toContain('access.sessionDuration: expected a duration between 15m and 12h, got "5m"');
    expect(problems).toContain('access.federationUrl');
  });
});
