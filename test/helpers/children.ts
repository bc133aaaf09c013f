import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The checkout's root (children get absolute paths into it, and a working directory of their own). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');
/** `--import` this to run TypeScript in a child, whatever its working directory. */
export const TSX_IMPORT = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Processes a test started. Tests are guests: whatever they start is stopped when the test file ends,
 * passes, fails or times out (the setup file `test/setup.ts` registers {@link killChildren} after every
 * file), and when the test process itself exits.
 */
const children = new Set<ChildProcess>();

/** A working directory of its own for a child, so nothing it reads (a developer's `.env`, `gdpr-bot.yml`) comes from the checkout. */
export function childCwd(): string {
  return mkdtempSync(join(tmpdir(), 'gdpr-bot-child-'));
}

/** `spawn`, with the child remembered so it can never outlive the test. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** The children still running. */
export function runningChildren(): ChildProcess[] {
  return [...children].filter((c) => c.exitCode === null && c.signalCode === null);
}

/** Kills every child still running (SIGKILL: a test that is over has nothing to wait for) and waits until each is gone. */
export async function killChildren(): Promise<void> {
  await Promise.all(
    runningChildren().map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

process.once('exit', () => {
  for (const child of runningChildren()) child.kill('SIGKILL');
});
