/**
 * What every benchmark section is given, and what it gives back. A section (ack latency here; the scan
 * and findings benchmarks of later issues) is one entry in `SECTIONS` (bench/sections.ts).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** One row of a printed table: column → value. */
export type Row = Record<string, string | number>;

export interface SectionResult {
  /** Printed as a table under the section's title. */
  rows: Row[];
  /** Anything else worth keeping in bench/results.json. */
  data?: unknown;
  /** One-line conclusions printed under the table (e.g. ratios against the floor). */
  notes?: string[];
}

/** A running HTTP server under test. */
export interface ServerUnderTest {
  baseUrl: string;
  pid: number;
}

export interface SlackStandIn {
  baseUrl: string;
  apiUrl: string;
  responseUrl(id: string): string;
  /** Calls and response_url posts received so far. */
  /** `answers`: response_url posts plus ephemeral messages (the fallback once a response_url is used up). */
  stats(): Promise<{ calls: number; responses: number; answers: number }>;
}

export interface BenchContext {
  /** The bot, as `npm start` runs it (HTTP mode, real Redis under `prefix`). */
  bot: ServerUnderTest & { redisUrl: string; prefix: string };
  /** A bare Bolt app that only acks: the floor. */
  floor: ServerUnderTest;
  slack: SlackStandIn;
  signingSecret: string;
  /** `--quick`: fewer requests, for a smoke run. */
  quick: boolean;
  /** What each synthetic AWS call costs in the sections that scan (`--aws-latency-ms`, `--aws-cpu-us`). */
  awsCost: { latencyMs: number; cpuUs: number };
  /** Redis the sections' own processes use. */
  redisUrl: string;
  /** Records the bot's resident memory now, under `label` (the footprint table). */
  footprint(label: string): Promise<void>;
}

export interface BenchSection {
  id: string;
  title: string;
  /** False when the section measures its own processes and needs neither the bot nor the floor (default true). */
  usesBot?: boolean;
  run(ctx: BenchContext): Promise<SectionResult>;
}

/** Resident set size of a process in MiB (Linux /proc); `VmHWM` gives its peak so far. */
export function rssMiB(pid: number | 'self', field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/**
 * CPU time (user + system, ms) a process has used so far, from Linux's /proc/<pid>/stat (in clock ticks
 * of 10 ms). Unlike latency, which moves with whatever else the machine runs, the CPU a request costs
 * is steady from run to run. `only: 'main thread'`: that thread's alone.
 */
export function cpuMs(pid: number, only?: 'main thread'): number {
  // A process's main thread is the task whose id is the process's: in a ROLE=all bot, the one that answers Slack.
  const fields = readFileSync(only ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8')
    .split(') ')[1]!
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `url` until it answers 200; returns the time it took from `since` (ms). */
export async function waitFor200(url: string, since: number, timeoutMs = 30_000): Promise<number> {
  const deadline = since + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return Date.now() - since;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** Starts a process and resolves with the first stdout line matching `pattern`. */
export function startAndWaitForLine(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const match = pattern.exec(out);
      if (match) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({ child, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited (${code}):\n${out}`)));
  });
}

/**
 * Sends `message` to a child process over IPC and resolves with its first message of type `answer`; a
 * message of type `error` rejects with its `error`.
 */
export function ask<T>(child: ChildProcess, message: object, answer: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string; error?: string }) => {
      if (m.type === 'error') {
        child.off('message', onMessage);
        reject(new Error(m.error));
      } else if (m.type === answer) {
        child.off('message', onMessage);
        resolve(m as T);
      }
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** Starts the Slack stand-in in its own process. */
export async function startSlackStandIn(script: string): Promise<{ slack: SlackStandIn; child: ChildProcess }> {
  const child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { type: string; baseUrl: string }) => (m.type === 'ready' ? resolve(m.baseUrl) : reject(new Error('unexpected message'))));
    child.once('exit', (code) => reject(new Error(`slack stand-in exited (${code})`)));
  });
  const slack: SlackStandIn = {
    baseUrl,
    apiUrl: `${baseUrl}/api/`,
    responseUrl: (id) => `${baseUrl}/response/${id}`,
    stats: async () => {
      const m = await ask<{ calls: number; responses: number; answers: number }>(child, { type: 'stats' }, 'stats');
      return { calls: m.calls, responses: m.responses, answers: m.answers };
    },
  };
  return { slack, child };
}

/** Stops a child process (SIGTERM, then SIGKILL after `graceMs`). */
export async function stop(child: ChildProcess | undefined, graceMs = 3000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
