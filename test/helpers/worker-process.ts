import type { ChildProcess } from 'node:child_process';
import { spawnTracked } from './children.js';

/** A worker process started from a fixture script (run with `node --import tsx`). */
export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  output: () => string;
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `fixture` as a child process with `env` added to this process's environment, and resolves once
 * it prints `READY <pid>` on stdout (the fixture's promise that it takes jobs).
 */
export function startWorkerProcess(fixture: string, env: Record<string, string>, timeoutMs = 20_000): Promise<WorkerProcess> {
  const child = spawnTracked(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const stop = (signal: NodeJS.Signals) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill(signal);
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const ready = /READY (\d+)/.exec(out);
      if (ready) {
        clearTimeout(timer);
        resolve({ child, pid: Number(ready[1]), output: () => out, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it was ready:\n${out}`));
    });
  });
}
