// `npm run build`: compiles the TypeScript into dist/ and records that the build succeeded.
// `--if-stale` (what `npm start` runs first): builds only when a source is newer than the last good build,
// so starting an installed tree takes a second instead of a compile.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'dist', '.build-ok');

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const sources = Math.max(
    ...['src', 'commands', 'jobs', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'].map((p) => newest(join(root, p))),
  );
  if (sources <= statSync(stamp).mtimeMs) process.exit(0);
  process.stderr.write('gdpr-bot: sources changed since the last build; building…\n');
}
const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
writeFileSync(stamp, `${new Date().toISOString()}\n`);
