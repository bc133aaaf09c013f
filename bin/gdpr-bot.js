#!/usr/bin/env node
// The `gdpr-bot` executable (`npx gdpr-bot …` in a clone, `gdpr-bot …` where the package is installed).
// It runs the compiled program in dist/: `npm ci` builds it, and so does `npm run build` after a change.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('gdpr-bot: the program is not built yet: run `npm run build` (npm ci and npm install do it too).\n');
  process.exit(2);
}
// `gdpr-bot start` (and `doctor`, which checks what `start` would use) reads `.env` from the working
// directory, when there is one, for variables not already set.
if ((process.argv[2] === 'start' || process.argv[2] === 'doctor') && existsSync('.env')) process.loadEnvFile('.env');
const { runMain } = await import(entry.href);
try {
  const code = await runMain(process.argv.slice(2), { env: process.env, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
  if (code !== undefined) process.exitCode = code;
} catch (error) {
  process.stderr.write(`gdpr-bot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
