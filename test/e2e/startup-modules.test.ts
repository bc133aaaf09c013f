import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childCwd, REPO_ROOT, spawnTracked } from '../helpers/children.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { SlackTestServer } from '../helpers/slack-server.js';

/**
 * What the built program (dist/, as `npm start` and `gdpr-bot scan` run it) loads. A resolve hook
 * (`module.register`, given to the child with `--import`) appends every module URL the child resolves
 * to a file; the test reads that list. The AWS SDK clients are large (all of them: +66–76 MB of RSS and
 * ~0.7 s of start-up), so a process loads one only when it runs something that calls that service.
 */
const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-modules-'));
const HOOKS = join(dir, 'hooks.mjs');
const REGISTER = join(dir, 'register.mjs');
writeFileSync(
  HOOKS,
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (process.env.GDPR_BOT_TEST_MODULE_LOG) appendFileSync(process.env.GDPR_BOT_TEST_MODULE_LOG, resolved.url + '\\n');
  return resolved;
}
`,
);
writeFileSync(REGISTER, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(HOOKS).href)});\n`);

const BIN = join(REPO_ROOT, 'bin/gdpr-bot.js');
const prefix = uniquePrefix('modules');
let logs = 0;

/** Starts `gdpr-bot <args>` from dist/ under the hook; `modules()` is every module URL it resolved so far. */
function run(args: string[], env: Record<string, string>) {
  const log = join(dir, `modules-${++logs}.log`);
  writeFileSync(log, '');
  const child = spawnTracked(process.execPath, ['--import', pathToFileURL(REGISTER).href, BIN, ...args], {
    cwd: childCwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', GDPR_BOT_TEST_MODULE_LOG: log, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const modules = () => [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
  return { child, exited, modules, out: () => stdout, err: () => stderr };
}

/** The `@aws-sdk/client-*` packages among the URLs (e.g. `client-ec2`). */
function sdkClients(urls: string[]): string[] {
  return [...new Set(urls.flatMap((u) => /\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(u)?.[1] ?? []))].sort();
}
const jobModules = (urls: string[]) => urls.filter((u) => u.includes('/dist/jobs/'));

async function startedPort(r: ReturnType<typeof run>): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const line = r
      .out()
      .split('\n')
      .find((l) => l.includes('gdpr-bot is running'));
    if (line) return (JSON.parse(line) as { port: number }).port;
    if (r.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the bot did not start:\n${r.out()}\n${r.err()}`);
}

let slack: SlackTestServer;
beforeAll(async () => {
  // What `npm start` does first: build dist/ when a source is newer than the last good build (a no-op when fresh).
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build.js'), '--if-stale'], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(build.status, build.stderr + build.stdout).toBe(0);
  slack = await new SlackTestServer().start();
}, 180_000);
afterAll(async () => {
  await slack?.close();
  await cleanupPrefix(prefix);
});

describe('start-up of the built bot', () => {
  const config = join(dir, 'gdpr-bot.yml');
  writeFileSync(config, 'approvers: { users: [U0123ABCD] }\nscan: { regions: [eu-west-1] }\n');
  const env = (role: string) => ({
    ROLE: role,
    GDPR_BOT_CONFIG: config,
    SLACK_BOT_TOKEN: 'xoxb-test-modules',
    SLACK_SIGNING_SECRET: 'signing-secret-test-modules',
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    PORT: '0',
    AWS_REGION: 'eu-west-1',
  });

  it.each(['web', 'worker', 'all'])(
    'ROLE=%s answers /healthz having loaded no AWS SDK client (ROLE=web: no job processor either; ROLE=worker: no Bolt)',
    async (role) => {
      const r = run(['start'], env(role));
      const port = await startedPort(r);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const modules = r.modules();
      // The hook saw the program itself: an empty list would prove nothing.
      expect(modules.some((u) => u.endsWith('/dist/src/main.js'))).toBe(true);
      // Bolt and the listeners only where Slack is answered: a worker loads neither.
      expect(modules.some((u) => u.includes('/@slack/bolt/'))).toBe(role !== 'worker');
      expect(modules.some((u) => u.includes('/dist/commands/'))).toBe(role !== 'worker');
      expect(sdkClients(modules)).toEqual([]);
      // The chart libraries (Vega, Vega-Lite, resvg) load on the first chart drawn, not at start-up.
      expect(modules.filter((u) => /\/node_modules\/(vega[a-z-]*|@resvg\/[a-z-]+)\//.test(u))).toEqual([]);
      if (role === 'web') expect(jobModules(modules)).toEqual([]);
      else expect(jobModules(modules).length).toBeGreaterThan(5);
      r.child.kill('SIGTERM');
      expect(await r.exited).toBe(0);
    },
    60_000,
  );
});

/**
 * A stand-in for AWS on one endpoint (`AWS_ENDPOINT_URL`), answering as the real services do: STS
 * (query protocol, XML), EC2 (EC2 query, XML) and KMS (JSON 1.1). Anything else is a 400, so a scan
 * that called another service would show it as an error, besides loading its client.
 */
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:eu-west-1:111122223333:key/${KEY_ID}`;

function fakeAws(): Promise<{ server: Server; url: string; calls: string[] }> {
  const calls: string[] = [];
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString()));
      req.on('end', () => resolve(text));
    });
  const server = createServer((req, res) => {
    void body(req).then((text) => {
      const target = req.headers['x-amz-target'];
      const action = typeof target === 'string' ? target : (new URLSearchParams(text).get('Action') ?? '?');
      calls.push(action);
      const xml = (payload: string) => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(payload);
      };
      if (action === 'GetCallerIdentity') {
        return xml(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
            '<Arn>arn:aws:iam::111122223333:user/scanner</Arn><UserId>AIDAEXAMPLEUSERID0000</UserId><Account>111122223333</Account>' +
            '</GetCallerIdentityResult><ResponseMetadata><RequestId>0c3f0a2e-0000-4000-8000-000000000001</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
        );
      }
      if (action === 'DescribeRegions') {
        return xml(
          '<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>0c3f0a2e-0000-4000-8000-000000000002</requestId><regionInfo>' +
            '<item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>' +
            '</regionInfo></DescribeRegionsResponse>',
        );
      }
      // One enabled customer managed key with automatic rotation on.
      const json = (payload: unknown) => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      if (action === 'TrentService.ListKeys') return json({ Keys: [{ KeyId: KEY_ID, KeyArn: KEY_ARN }], Truncated: false });
      if (action === 'TrentService.DescribeKey') {
        return json({
          KeyMetadata: {
            AWSAccountId: '111122223333',
            KeyId: KEY_ID,
            Arn: KEY_ARN,
            CreationDate: 1767225600,
            Enabled: true,
            KeyUsage: 'ENCRYPT_DECRYPT',
            KeyState: 'Enabled',
            Origin: 'AWS_KMS',
            KeyManager: 'CUSTOMER',
            KeySpec: 'SYMMETRIC_DEFAULT',
            CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
            EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
            MultiRegion: false,
          },
        });
      }
      if (action === 'TrentService.GetKeyRotationStatus') return json({ KeyId: KEY_ARN, KeyRotationEnabled: true, RotationPeriodInDays: 365 });
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'UnknownOperationException', message: `not served here: ${action}` }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls })),
  );
}

describe('a scan of the built CLI', () => {
  it("loads the SDK clients of the selected check's collector, and of the account and region look-ups, and no other", async () => {
    const aws = await fakeAws();
    try {
      const r = run(['scan', '--checks', 'kms_customer_keys_rotation', '--regions', 'eu-west-1', '--format', 'json'], {
        AWS_ENDPOINT_URL: aws.url,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLETESTKEY00',
        AWS_SECRET_ACCESS_KEY: 'test-secret-access-key-not-real',
        AWS_EC2_METADATA_DISABLED: 'true',
      });
      const code = await r.exited;
      expect(code, r.err()).toBe(0);
      const report = JSON.parse(r.out()) as { results: { checkId: string; status: string }[] };
      expect(report.results.length).toBeGreaterThan(0);
      expect(report.results.map((x) => [x.checkId, x.status])).toEqual([['kms_customer_keys_rotation', 'pass']]);
      expect(aws.calls).toContain('TrentService.GetKeyRotationStatus');
      // STS (whose account this is) and EC2 (which regions are enabled) plan every scan; KMS is the check's.
      expect(sdkClients(r.modules())).toEqual(['client-ec2', 'client-kms', 'client-sts']);
    } finally {
      await new Promise((resolve) => aws.server.close(resolve));
    }
  }, 60_000);
});
