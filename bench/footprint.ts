/**
 * The footprint's extra figures (goal 4 of issue #19), measured by bench/index.ts beside the bot:
 * what a ROLE=web process loads (the resolve hook of test/e2e/startup-modules.test.ts, given with
 * `--import`), and `npm start` to /healthz = 200 on the built tree.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../src/redis/connection.js';
import { rssMiB, sleep, stop, waitFor200 } from './harness.js';

/** Starts dist/src/main.js as ROLE=web under a module-logging hook; returns the AWS SDK clients and job modules it loaded. */
export async function webModules(root: string, env: Record<string, string | undefined>): Promise<{ awsClients: string[]; jobModules: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-bench-modules-'));
  const log = join(dir, 'modules.log');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(log, '');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', pathToFileURL(register).href, join(root, 'dist/src/main.js')], {
    cwd: dir,
    env: { ...env, ROLE: 'web', PORT: String(port) },
    stdio: 'ignore',
  });
  try {
    await waitFor200(`http://127.0.0.1:${port}/healthz`, Date.now());
  } finally {
    await stop(child);
  }
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return {
    awsClients: [...new Set(urls.flatMap((u) => /\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(u)?.[1] ?? []))].sort(),
    jobModules: new Set(urls.filter((u) => u.includes('/dist/jobs/'))).size,
  };
}

/**
 * RSS (MiB) of dist/src/main.js with `env` once /healthz answers 200 and a second has passed (the sweeps and
 * first polls of a process with workers run at start-up): for the other shapes of the bot beside the one
 * the bench measures throughout (ROLE=web, ROLE=all with WORKERS=inline).
 */
export async function startupRssMiB(root: string, env: Record<string, string | undefined>): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist/src/main.js')], {
    cwd: mkdtempSync(join(tmpdir(), 'gdpr-bot-bench-rss-')),
    env: { ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  try {
    await waitFor200(`http://127.0.0.1:${port}/healthz`, Date.now());
    await sleep(1000);
    return rssMiB(child.pid!);
  } finally {
    await stop(child);
  }
}

/**
 * `npm start` (its `prestart` build check included) to /healthz = 200, in ms; a string saying why when it
 * was not measured. The working directory is the repository (npm runs scripts there), so a `.env` there
 * would be read: then it is not measured.
 */
export async function npmStartMs(root: string, env: Record<string, string | undefined>): Promise<number | string> {
  if (existsSync(join(root, '.env'))) return 'not measured: the repository has a .env, which `npm start` would read';
  const port = await freePort();
  const started = Date.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { ...env, HOME: process.env.HOME, PORT: String(port) },
    stdio: 'ignore',
    detached: true,
  });
  try {
    return await waitFor200(`http://127.0.0.1:${port}/healthz`, started);
  } finally {
    // npm and the bot under it: the whole process group this spawn made.
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.exitCode === null) {
      process.kill(-child.pid!, 'SIGTERM');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  }
}
