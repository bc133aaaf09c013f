import { describe, expect, it } from 'vitest';
import { runMain, USAGE } from '../../src/cli/main.js';

async function main(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runMain(argv, { env: {}, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

describe('the gdpr-bot command', () => {
  it('prints its commands for help, and refuses an unknown one with exit 2 on stderr', async () => {
    expect(await main(['help'])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    const unknown = await main(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('unknown command deploy');
    expect((await main([])).code).toBe(2);
  });

  it('policy --scanner writes nothing but the policy JSON to stdout', async () => {
    const out = await main(['policy', '--scanner']);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    const policy = JSON.parse(out.stdout) as { Statement: { Action: string[] }[] };
    expect(policy.Statement.flatMap((s) => s.Action)).toContain('iam:GetAccountAuthorizationDetails');
  });

  it('scan passes its options on: a bad region is a usage error on stderr, nothing on stdout', async () => {
    const out = await main(['scan', '--regions', 'mars-1']);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('not AWS regions: mars-1');
  });
});
