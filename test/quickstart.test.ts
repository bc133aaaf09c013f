import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnTracked } from './helpers/children.js';

/** Runs a command in `cwd` to its end; resolves with its exit code and output. */
function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<{ code: number | null; out: string }> {
  const child = spawnTracked(command, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GDPR_BOT_TEST_REDIS_URL: process.env.GDPR_BOT_TEST_REDIS_URL, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

/** Like {@link run}, keeping stdout and stderr apart. */
function capture(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnTracked(command, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/**
 * A loopback stand-in for AWS, as the SDK's endpoint variables reach it: STS answers who the caller is,
 * every other service refuses (a scanner without its policy). Enough for a scan to write its whole report.
 */
async function standInAws(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (new URLSearchParams(body).get('Action') === 'GetCallerIdentity') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>111122223333</Account><Arn>arn:aws:iam::111122223333:user/ci</Arn><UserId>AIDAEXAMPLE</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>',
        );
        return;
      }
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end(
        '<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>r1</RequestID></Response>',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Processes whose working directory is inside `dir` (what a test run there could have left behind). */
function processesIn(dir: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`).startsWith(dir)) out.push(pid);
    } catch {
      // The process ended while we looked, or is not ours to read: it is not one we left.
    }
  }
  return out;
}

/**
 * The README's quickstart on a fresh clone: `cp .env.example .env`, then the test command. The test run
 * must not read that `.env` (its placeholder token, its port 3000), must stay green, and must leave no
 * process behind; the bot started with the placeholder `.env` must say what is wrong and exit.
 */
describe('the quickstart on a fresh clone', () => {
  const clone = mkdtempSync(join(tmpdir(), 'gdpr-bot-clone-'));
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it('runs the tests green with the quickstart .env in place, and leaves no process behind', async () => {
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, clone]);
    // "npm ci" is already done for this checkout: the clone uses the same installed packages.
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'));
    copyFileSync(join(clone, '.env.example'), join(clone, '.env'));
    expect(existsSync(join(clone, '.env'))).toBe(true);

    const tests = await run(process.execPath, [join(clone, 'node_modules/vitest/vitest.mjs'), 'run', 'test/main.test.ts', 'test/e2e/app.test.ts'], clone, {
      NO_COLOR: '1',
    });
    expect(tests.out).toMatch(/Tests\s+\d+ passed/);
    expect(tests.code, tests.out.slice(-3000)).toBe(0);
    expect(processesIn(clone)).toEqual([]);

    // `npm ci` builds the program (the prepare script); here the packages are linked, so build it.
    const build = await run(process.execPath, ['scripts/build.js'], clone);
    expect(build.code, build.out).toBe(0);
    // `npm start` builds first only when a source is newer than the last good build: here, nothing to do.
    const stamp = statSync(join(clone, 'dist/.build-ok')).mtimeMs;
    const again = await run(process.execPath, ['scripts/build.js', '--if-stale'], clone);
    expect(again.code).toBe(0);
    expect(statSync(join(clone, 'dist/.build-ok')).mtimeMs).toBe(stamp);
    // The bot itself does read `.env` (that is what it is for): with the placeholder values it names
    // what is missing and exits instead of starting half-configured.
    const bot = await run(process.execPath, ['bin/gdpr-bot.js', 'start'], clone);
    expect(bot.code).toBe(2);
    expect(bot.out).toContain('SLACK_SIGNING_SECRET');
    // …the placeholder bot token included, though Slack is not asked (it may not be reachable from here).
    expect(bot.out).toMatch(/SLACK_BOT_TOKEN: .*not the placeholder of \.env\.example/);
    expect(bot.out).not.toContain('gdpr-bot is running');
    expect(processesIn(clone)).toEqual([]);

    // The executable, as the README runs it (`npx gdpr-bot …` resolves the checkout's own bin): only the
    // result on stdout, so `> policy.json` is a valid file; problems on stderr.
    const policy = await capture('npm', ['exec', '--offline', '--', 'gdpr-bot', 'policy', '--scanner'], clone);
    expect(policy.code, policy.stderr).toBe(0);
    expect((JSON.parse(policy.stdout) as { Version: string }).Version).toBe('2012-10-17');
    // `npx gdpr-bot scan --format sarif > gdpr.sarif` is a SARIF file, even when nothing could be checked (exit 3).
    const aws = await standInAws();
    try {
      const sarif = await capture(
        'npm',
        ['exec', '--offline', '--', 'gdpr-bot', 'scan', '--format', 'sarif', '--regions', 'eu-west-1', '--checks', '12'],
        clone,
        {
          AWS_ENDPOINT_URL: aws.url,
          AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'test-secret-EXAMPLE',
          AWS_REGION: 'eu-west-1',
          AWS_MAX_ATTEMPTS: '1',
        },
      );
      expect(sarif.code, sarif.stderr).toBe(3);
      const report = JSON.parse(sarif.stdout) as { version: string; runs: { results: unknown[]; invocations: { executionSuccessful: boolean }[] }[] };
      expect(report.version).toBe('2.1.0');
      expect(report.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
      expect(report.runs[0]!.results.length).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => aws.server.close(resolve));
    }
    const badRegion = await capture(process.execPath, ['bin/gdpr-bot.js', 'scan', '--regions', 'mars-1'], clone);
    expect(badRegion.code).toBe(2);
    expect(badRegion.stdout).toBe('');
    expect(badRegion.stderr).toContain('not AWS regions: mars-1');
  }, 180_000);
});
