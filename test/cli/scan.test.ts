import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { runScanCli } from '../../src/cli/scan.js';
import { toCsv, toSarif } from '../../src/checks/report.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runScanCli(argv, {
    env: { GDPR_BOT_CONFIG: '' },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    clients: new AwsClients({ defaultRegion: 'eu-west-1' }),
  });
  return { code, stdout, stderr };
}

describe('npm run scan (the CI command)', () => {
  it('exits 1 when a failure at or above --fail-on exists, 0 below it; progress goes to stderr', async () => {
    restore = mockSyntheticAccount({ buckets: 4, misconfigured: true }).restore;
    const high = await run(['--fail-on', 'high', '--regions', 'eu-west-1']);
    expect(high.code).toBe(1);
    expect(high.stdout).toMatch(/FAIL\s+critical\s+1\s+s3_bucket_public_access_blocked/);
    expect(high.stderr).toContain(`${SYNTHETIC_ACCOUNT_ID} eu-west-1:`);
    expect(high.stdout).not.toContain('AWS calls');
    const onlyEbs = await run(['--checks', 'ebs_default_encryption', '--fail-on', 'critical', '--regions', 'eu-west-1']);
    expect(onlyEbs.code).toBe(0);
  });

  it('prints every result as JSON with check id, action item, articles, severity, status, resource and message', async () => {
    restore = mockSyntheticAccount({ buckets: 2 }).restore;
    const out = await run(['--format', 'json', '--fail-on', 'none', '--checks', '12', '--regions', 'eu-west-1,eu-central-1']);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as { results: Record<string, unknown>[]; articles: { article: string }[] };
    expect(json.results.length).toBeGreaterThan(3);
    expect(Object.keys(json.results[0]!)).toEqual(expect.arrayContaining(['checkId', 'actionItem', 'gdpr', 'severity', 'status', 'resource', 'message']));
    expect(json.results.some((r) => r.region === 'eu-central-1')).toBe(true);
    expect(json.articles.map((a) => a.article)).toEqual(['Art. 25', 'Art. 30', 'Art. 32', 'Art. 33']);
  });

  it('writes SARIF 2.1.0 with one rule per check and a located result per failure', async () => {
    restore = mockSyntheticAccount({ buckets: 4, misconfigured: true }).restore;
    const out = await run(['--format', 'sarif', '--fail-on', 'none', '--regions', 'eu-west-1']);
    const sarif = JSON.parse(out.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: unknown[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0]!;
    expect(run0.results.length).toBeGreaterThan(0);
    for (const r of run0.results) {
      expect(run0.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.locations).toHaveLength(1);
    }
  });

  it('refuses bad arguments with exit code 2 and the usage', async () => {
    const bad = await run(['--format', 'xml', '--checks', 'nope', '--regions', 'mars-1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of/);
    expect(bad.stderr).toMatch(/unknown check\(s\) or action item\(s\): nope/);
    expect(bad.stderr).toMatch(/not AWS regions: mars-1/);
  });
});

describe('report formats', () => {
  it('quotes CSV cells with commas and quotes, one row per article', () => {
    const csv = toCsv({
      generatedAt: new Date('2026-01-01T00:00:00Z'),
      accounts: ['1'],
      results: [{ checkId: 's3_bucket_tls_only', accountId: '1', region: 'global', status: 'fail', resource: 'arn:aws:s3:::a,b', message: 'Bucket "a,b" has no policy.' }],
    });
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"arn:aws:s3:::a,b"');
    expect(lines[1]).toContain('"Bucket ""a,b"" has no policy."');
  });

  it('leaves passing results out of SARIF', () => {
    const sarif = JSON.parse(
      toSarif({ generatedAt: new Date(), accounts: ['1'], results: [{ checkId: 'ebs_default_encryption', accountId: '1', region: 'eu-west-1', status: 'pass', resource: '1/eu-west-1', message: 'ok 1/eu-west-1' }] }),
    ) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results).toEqual([]);
  });
});
