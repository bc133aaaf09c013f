import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients, type AwsClientClass } from '../../src/aws/clients.js';
import { runScanCli } from '../../src/cli/scan.js';
import { toCsv, toSarif } from '../../src/checks/report.js';
import { CHECKS } from '../../src/checks/registry.js';
import { awsError, DEFAULT_REGIONS, mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

async function run(argv: string[], clients: AwsClients = new AwsClients({ defaultRegion: 'eu-west-1' })) {
  let stdout = '';
  let stderr = '';
  const code = await runScanCli(argv, {
    env: { GDPR_BOT_CONFIG: '' },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    clients,
  });
  return { code, stdout, stderr };
}

/**
 * An account whose scanner may call sts:GetCallerIdentity and nothing else: every other request of
 * every client is answered with AccessDenied, as IAM answers a principal without the scanner policy.
 */
class DeniedAws extends AwsClients {
  private readonly wired = new WeakSet<object>();
  constructor() {
    super({ defaultRegion: 'eu-west-1', maxAttempts: 1 });
  }
  override get<C>(Client: AwsClientClass<C>, region?: string): C {
    const client = super.get(Client, region);
    if (!this.wired.has(client as object)) {
      this.wired.add(client as object);
      (client as { middlewareStack: { add(mw: unknown, options: unknown): void } }).middlewareStack.add(
        (_next: unknown, context: { commandName?: string }) => async () => {
          if (context.commandName === 'GetCallerIdentityCommand') {
            return { output: { Account: SYNTHETIC_ACCOUNT_ID, Arn: `arn:aws:iam::${SYNTHETIC_ACCOUNT_ID}:user/ci`, $metadata: {} }, response: {} };
          }
          throw awsError(
            'AccessDenied',
            `User: arn:aws:iam::${SYNTHETIC_ACCOUNT_ID}:user/ci is not authorized to perform this action (${context.commandName})`,
          );
        },
        { step: 'initialize', priority: 'high', name: 'denyAll' },
      );
    }
    return client;
  }
}

interface Sarif {
  runs: {
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
    results: { ruleId: string; kind: string; level: string }[];
  }[];
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
    const sarif = JSON.parse(out.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: { ruleId: string; ruleIndex: number; kind: string; level: string; locations: unknown[] }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0]!;
    expect(run0.results.length).toBeGreaterThan(0);
    for (const r of run0.results) {
      expect(run0.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      if (r.kind === 'fail') expect(['error', 'warning', 'note']).toContain(r.level);
      else expect([r.kind, r.level]).toEqual(['open', 'none']);
      expect(r.locations).toHaveLength(1);
    }
    // The undecided results: no scan.allowedRegions is configured here (the two region checks ask for it),
    // and the misconfigured account keeps a bucket in us-east-1, outside the scanned regions.
    expect(
      run0.results
        .filter((r) => r.kind !== 'fail')
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual(['macie_enabled_in_bucket_regions', 'rds_instance_region_allowed', 's3_bucket_region_allowed']);
  });

  it('scans every region enabled in the account when no region is configured, and none that is not', async () => {
    restore = mockSyntheticAccount({ buckets: 1, optedIn: ['eu-south-2'] }).restore;
    const out = await run(['--format', 'json', '--fail-on', 'none', '--checks', 'ebs_default_encryption']);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as { results: { region: string }[]; coverage: { scanned: number; notChecked: unknown[] } };
    expect(new Set(json.results.map((r) => r.region))).toEqual(new Set([...DEFAULT_REGIONS, 'eu-south-2']));
    expect(json.coverage).toMatchObject({ scanned: DEFAULT_REGIONS.length + 1, notChecked: [] });
    expect(out.stderr).toContain(`${DEFAULT_REGIONS.length + 1} region(s) in 1 account`);
  });

  it('says which enabled regions a narrowed scan did not check, in the table, the JSON and SARIF', async () => {
    restore = mockSyntheticAccount({ buckets: 1 }).restore;
    const table = await run(['--fail-on', 'none', '--checks', 'ebs_default_encryption', '--regions', 'eu-west-1,eu-central-1']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Covers 2 region(s) in 1 account.');
    expect(table.stdout).toMatch(/Not checked: ap-northeast-1, .*us-west-2: enabled but outside the scanned regions/);
    expect(table.stdout).not.toMatch(/Not checked:.*eu-west-1/);
    const json = JSON.parse((await run(['--format', 'json', '--fail-on', 'none', '--checks', 'ebs_default_encryption', '--regions', 'eu-west-1'])).stdout) as {
      coverage: { notChecked: { region: string }[] };
    };
    expect(json.coverage.notChecked.map((n) => n.region)).toEqual(DEFAULT_REGIONS.filter((r) => r !== 'eu-west-1'));
    const sarif = JSON.parse(
      (await run(['--format', 'sarif', '--fail-on', 'none', '--checks', 'ebs_default_encryption', '--regions', 'eu-west-1'])).stdout,
    ) as Sarif;
    expect(sarif.runs[0]!.invocations[0]!.toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'warning', message: { text: expect.stringContaining('Not checked: ap-northeast-1') } }),
    ]);
    expect(sarif.runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  });

  it('exits 2 for a requested region that does not exist, naming it, and skips (and says) one not enabled', async () => {
    restore = mockSyntheticAccount({ buckets: 1 }).restore;
    const unknown = await run(['--checks', 'ebs_default_encryption', '--regions', 'eu-west-1,eu-west-9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('not regions of this AWS partition: eu-west-9');
    const disabled = await run(['--format', 'json', '--fail-on', 'none', '--checks', 'ebs_default_encryption', '--regions', 'eu-west-1,af-south-1']);
    expect(disabled.code).toBe(0);
    expect(disabled.stderr).toContain(`${SYNTHETIC_ACCOUNT_ID}: not enabled there, nothing to check: af-south-1`);
    expect((JSON.parse(disabled.stdout) as { results: { region: string }[] }).results.map((r) => r.region)).toEqual(['eu-west-1']);
  });

  it('cannot pass on nothing: with every call denied but sts:GetCallerIdentity it exits 3 and says nothing could be checked', async () => {
    const denied = await run(['--fail-on', 'none'], new DeniedAws());
    expect(denied.code).toBe(3);
    expect(denied.stderr).toContain('incomplete: nothing could be checked');
    expect(denied.stderr).toMatch(/its enabled regions could not be listed \(AccessDenied on ec2:DescribeRegions\)/);
    expect(denied.stdout).toMatch(/ERROR\s+\S+\s+\d+\s+iam_root_mfa_enabled/);
    expect(denied.stdout).toContain('0 checks passed, 0 failed');
    // Also with the default --fail-on, and in SARIF, which says the run was not successful.
    expect((await run([], new DeniedAws())).code).toBe(3);
    const sarifRun = await run(['--format', 'sarif'], new DeniedAws());
    expect(sarifRun.code).toBe(3);
    const sarif = JSON.parse(sarifRun.stdout) as Sarif;
    const invocation = sarif.runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications.map((n) => n.message.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AccessDenied on iam:GetAccountSummary: \d+ result\(s\) could not be checked/),
        expect.stringContaining('ec2:DescribeRegions'),
      ]),
    );
    // An errored check is SARIF kind "open", whose level must be "none".
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    for (const r of sarif.runs[0]!.results) expect(r).toMatchObject({ kind: 'open', level: 'none' });
    expect(new Set(sarif.runs[0]!.results.map((r) => r.ruleId)).size).toBe(CHECKS.length);
  });

  it('with --allow-errors, checks that could not run do not fail the gate (failures still do)', async () => {
    const allowed = await run(['--fail-on', 'none', '--allow-errors'], new DeniedAws());
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('(allowed by --allow-errors)');
    restore = mockSyntheticAccount({ buckets: 4, misconfigured: true }).restore;
    expect((await run(['--allow-errors', '--regions', 'eu-west-1'])).code).toBe(1);
  });

  it('leaves endpoints to the SDK: AWS_ENDPOINT_URL for every service, AWS_ENDPOINT_URL_STS for STS alone', async () => {
    // Two loopback stand-ins: one for STS, one for every other service (it refuses everything, as an
    // emulator without the scanner's permissions would).
    const seen: { server: string; action: string }[] = [];
    const start = (name: string, answer: (action: string) => { status: number; body: string }) => {
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const action = new URLSearchParams(body).get('Action') ?? req.headers['x-amz-target']?.toString() ?? `${req.method} ${req.url}`;
          seen.push({ server: name, action });
          const a = answer(action);
          res.writeHead(a.status, { 'content-type': 'text/xml' });
          res.end(a.body);
        });
      });
      return new Promise<{ url: string; close: () => Promise<void> }>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) }),
        ),
      );
    };
    const sts = await start('sts', () => ({
      status: 200,
      body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>${SYNTHETIC_ACCOUNT_ID}</Account><Arn>arn:aws:iam::${SYNTHETIC_ACCOUNT_ID}:user/ci</Arn><UserId>AIDAEXAMPLE</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>`,
    }));
    const other = await start('other', () => ({
      status: 403,
      body: '<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>r1</RequestID></Response>',
    }));
    const vars: Record<string, string> = {
      AWS_ENDPOINT_URL: other.url,
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'test-secret-EXAMPLE',
      AWS_REGION: 'eu-west-1',
      AWS_MAX_ATTEMPTS: '1',
    };
    const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    try {
      let stdout = '';
      let stderr = '';
      const code = await runScanCli(['--checks', 'ebs_default_encryption', '--regions', 'eu-west-1'], {
        env: { ...process.env, GDPR_BOT_CONFIG: '' },
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
      });
      expect(code, stderr).toBe(3);
      expect(stdout).toMatch(/ERROR\s+\S+\s+12\s+ebs_default_encryption/);
    } finally {
      for (const [k, v] of Object.entries(before)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await sts.close();
      await other.close();
    }
    expect(seen.filter((s) => s.server === 'sts').map((s) => s.action)).toEqual(['GetCallerIdentity']);
    expect(seen.filter((s) => s.server === 'other').map((s) => s.action)).toEqual(expect.arrayContaining(['DescribeRegions', 'GetEbsEncryptionByDefault']));
    expect(seen.some((s) => s.server === 'other' && s.action === 'GetCallerIdentity')).toBe(false);
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
      results: [
        {
          checkId: 's3_bucket_tls_only',
          accountId: '1',
          region: 'global',
          status: 'fail',
          resource: 'arn:aws:s3:::a,b',
          message: 'Bucket "a,b" has no policy.',
        },
      ],
    });
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"arn:aws:s3:::a,b"');
    expect(lines[1]).toContain('"Bucket ""a,b"" has no policy."');
  });

  it('leaves passing results out of SARIF', () => {
    const sarif = JSON.parse(
      toSarif({
        generatedAt: new Date(),
        accounts: ['1'],
        results: [
          { checkId: 'ebs_default_encryption', accountId: '1', region: 'eu-west-1', status: 'pass', resource: '1/eu-west-1', message: 'ok 1/eu-west-1' },
        ],
      }),
    ) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results).toEqual([]);
  });
});
