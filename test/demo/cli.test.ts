import { request } from 'node:http';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../../src/cli/main.js';
import { pingRedis } from '../../src/redis/connection.js';
import { childCwd, REPO_ROOT, spawnTracked, TSX_IMPORT } from '../helpers/children.js';

async function main(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runMain(argv, { env: {}, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** A request with a Host header of our choosing (fetch does not let one set it). */
function get(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('gdpr-bot demo, the command', () => {
  let redisUrl: string | undefined;
  afterAll(async () => {
    // Should the test fail half-way, the private redis-server of the demo must not outlive it.
    if (redisUrl && (await pingRedis(redisUrl))) {
      const redis = new Redis(redisUrl);
      await redis.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
      redis.disconnect();
    }
  });

  it('refuses bad options with exit 2 and explains itself with --help', async () => {
    const bad = await main(['demo', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port: expected a port number');
    expect((await main(['demo', '--redis', 'x'])).stderr).toContain('unknown option --redis');
    const help = await main(['demo', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: gdpr-bot demo');
    expect((await main(['help'])).stdout).toMatch(/^\s+demo\s/m);
  });

  it('prints the page address, serves the page on 127.0.0.1 with its own private Redis, and stops cleanly on Ctrl-C', async () => {
    const child = spawnTracked(process.execPath, ['--import', TSX_IMPORT, join(REPO_ROOT, 'test/demo/fixtures/cli-child.ts'), 'demo'], {
      cwd: childCwd(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await expect.poll(() => /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1], { timeout: 30_000 }).toBeDefined();
    const url = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)![1]!;
    await expect.poll(() => /private redis-server on (redis:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1], { timeout: 5_000 }).toBeDefined();
    redisUrl = /private redis-server on (redis:\/\/127\.0\.0\.1:\d+)/.exec(stderr)![1]!;
    expect(redisUrl).not.toBe('redis://127.0.0.1:6379');
    expect(await pingRedis(redisUrl)).toBe(true);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>gdpr-bot demo</title>');
    // Another site's page (DNS rebinding) or a cross-site form gets nothing.
    expect(await get(url, 'attacker.example:80')).toBe(421);
    const form = await fetch(new URL('/demo/api/command', url), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"user":"UDEMOALICE","channel":"CDEMOSECUR","text":"/gdpr scan"}',
    });
    expect(form.status).toBe(403);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGINT received, stopping');
    expect(await pingRedis(redisUrl)).toBe(false);
  }, 60_000);
});
