import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';

const ARN = 'arn:aws:iam::123456789012:role/gdpr-jit-readonly';
const REVOKERS = [{ account: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/gdpr-bot-jit-revoker' }];

/** The problems parseConfig lists for `raw`, one per line ('' when it is valid). */
function problemsOf(raw: unknown): string {
  try {
    parseConfig(raw);
    return '';
  } catch (e) {
    return (e as ConfigError).problems.join('\n');
  }
}

describe('access configuration', () => {
  it('has safe defaults', () => {
    expect(parseConfig({}).access).toEqual({
      roles: [],
      revokers: [],
      revocationMargin: 5 * 60_000,
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
        revokers: REVOKERS,
        roles: [
          {
            name: 'prod-readonly',
            arn: ARN,
            maxDuration: '4h',
            approvers: { users: ['U0123ABCD'], usergroups: ['S0123ABCD'] },
            minApprovals: 2,
            autoApprove: { usergroups: ['S0ONCALL1'] },
            breakglass: false,
          },
        ],
        requestTtl: '2h',
        sessionDuration: '1h',
        federationUrl: 'http://127.0.0.1:9999/federation',
      },
    });
    expect(config.access.roles[0]).toMatchObject({
      name: 'prod-readonly',
      arn: ARN,
      maxDuration: 4 * 3_600_000,
      minApprovals: 2,
      autoApprove: { users: [], usergroups: ['S0ONCALL1'] },
    });
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

  it('refuses at start-up a JIT role in an account the bot has no revoker for, naming the fix', () => {
    const member = 'arn:aws:iam::222233334444:role/gdpr-jit-readonly';
    const problems = problemsOf({
      access: {
        revokers: REVOKERS,
        roles: [
          { name: 'prod-readonly', arn: ARN },
          { name: 'member-readonly', arn: member },
        ],
      },
    });
    expect(problems).toContain('access.roles[1].arn: expected a role the bot can revoke: account 222233334444 has no revoker');
    expect(problems).toContain('Add { account: "222233334444", roleArn: "arn:aws:iam::222233334444:role/<revoker role>" } to access.revokers');
    expect(problems).not.toContain('access.roles[0]');
    // With one for that account too, it starts.
    expect(
      problemsOf({
        access: {
          revokers: [...REVOKERS, { account: '222233334444', roleArn: 'arn:aws:iam::222233334444:role/gdpr-bot-jit-revoker' }],
          roles: [{ name: 'member-readonly', arn: member }],
        },
      }),
    ).toBe('');
  });

  it('refuses a revoker in another account than it is listed for, listed twice, or that is itself a JIT role', () => {
    const problems = problemsOf({
      access: {
        revokers: [
          { account: '123456789012', roleArn: 'arn:aws:iam::999999999999:role/revoker' },
          { account: '123456789012', roleArn: ARN },
        ],
        roles: [{ name: 'prod-readonly', arn: ARN }],
      },
    });
    expect(problems).toContain('access.revokers[0].roleArn: expected a role in account 123456789012');
    expect(problems).toContain('access.revokers[1].account: expected one revoker per account');
    expect(problems).toContain('access.revokers[1].roleArn: expected a role that is not also a just-in-time role');
  });

  it('bounds the revocation margin and reads permissions boundaries', () => {
    expect(problemsOf({ access: { revocationMargin: '1h' } })).toContain('access.revocationMargin: expected a duration between 0s and 30m');
    const config = parseConfig({
      access: { revokers: REVOKERS, revocationMargin: '0s', roles: [{ name: 'ro', arn: ARN, permissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] },
    });
    expect(config.access.revocationMargin).toBe(0);
    expect(config.access.roles[0]!.permissionsBoundary).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(problemsOf({ access: { revokers: REVOKERS, roles: [{ name: 'ro', arn: ARN, permissionsBoundary: 'ReadOnlyAccess' }] } })).toContain(
      'access.roles[0].permissionsBoundary: expected an IAM policy ARN',
    );
  });
});
