/**
 * `npm run bench`: measures the bot as `npm start` runs it, beside a floor, in one run, and prints
 * tables, then every goal of issue #19 as "goal | value | target | met", and writes bench/results.json
 * (`goals: [{ name, value, target, met }]` and each section's data). Not a test: numbers depend on the machine.
 *
 *   npm run bench              full run (about 8–11 minutes on 2 cores)
 *   npm run bench -- --quick   fewer requests and smaller sizes, for a smoke run of every section
 *   npm run bench -- --only=<sdk-cpu|org-scan|isolation|ack-latency|scale-out|findings|scan|footprint>
 *   npm run bench -- --aws-latency-ms=20 --aws-cpu-us=900   what each synthetic AWS call costs (defaults: bench/settings.ts)
 *   npm run bench -- --scale-out-accounts=50                the issue's scale-out size (default 25 accounts × 4 regions)
 *   npm run bench -- --split-buckets=N                      the bucket-split run of scale-out with N buckets (default 10,000)
 *   npm run bench -- --workload=status   only the ack workloads whose name contains the text
 *   npm run bench -- --cpu-prof=<dir>    the bot writes a V8 CPU profile into <dir> when it stops
 *
 * Sections are listed in bench/sections.ts; the footprint (start-up time to /healthz = 200, RSS after
 * start-up and after each section) is measured here around them. The bot, the floor and the Slack
 * stand-in are only started when a selected section (or the footprint) needs them.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { TEST_SIGNING_SECRET } from '../test/helpers/slack-request.js';
import {
  rssMiB,
  startAndWaitForLine,
  startSlackStandIn,
  stop,
  waitFor200,
  type BenchContext,
  type BenchSection,
  type Row,
  type SectionResult,
} from './harness.js';
import { BENCH_RATE_LIMITS, DEFAULT_AWS_CPU_US, DEFAULT_AWS_LATENCY_MS, SECTIONS } from './sections.js';
import { npmStartMs, startupRssMiB, webModules } from './footprint.js';
import { computeGoals, goalRows, type FootprintData, type SectionData } from './goals.js';
import { freePort } from '../src/redis/connection.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
/** `--split`: the bot as two processes, `ROLE=web` (measured) and `ROLE=worker`, as the README suggests for scale. */
const split = process.argv.includes('--split');
/**
 * `--pin` (Linux, needs `taskset`): the bot and the floor run on the last CPU, this process (the load
 * generator) and the Slack stand-in it forks on the first, so the measured server does not share its CPU
 * with the load.
 */
const pin = process.argv.includes('--pin') && cpus().length > 1;
const serverCpu = String(cpus().length - 1);
/** Runs `args` under `taskset` on the server CPU when pinning. */
const onServerCpu = (args: string[]): [string, string[]] => (pin ? ['taskset', ['-c', serverCpu, process.execPath, ...args]] : [process.execPath, args]);
/** `--cpu-prof=<dir>`: the bot runs with `node --cpu-prof`, its profile lands in `<dir>` (open it in Chrome DevTools). */
const cpuProfDir = process.argv.find((a) => a.startsWith('--cpu-prof='))?.slice('--cpu-prof='.length);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const numberFlag = (name: string, fallback: number) => {
  const raw = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name}=${raw}: a number ≥ 0, please`);
  return n;
};
/** What each synthetic AWS call costs in the sections that scan; defaults measured by bench/sdk-cpu.ts (see the README). */
const awsCost = { latencyMs: numberFlag('aws-latency-ms', DEFAULT_AWS_LATENCY_MS), cpuUs: numberFlag('aws-cpu-us', DEFAULT_AWS_CPU_US) };

/** Prints rows as an aligned text table. */
export function printTable(rows: Row[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const width = (c: string) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (typeof rows[0]![columns[i]!] === 'number' ? cell.padStart(width(columns[i]!)) : cell.padEnd(width(columns[i]!)))).join('  ');
  console.log(line(columns));
  console.log(columns.map((c) => '-'.repeat(width(c))).join('  '));
  for (const row of rows) console.log(line(columns.map((c) => String(row[c] ?? ''))));
}

async function cleanupPrefix(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

function printSection(title: string, result: SectionResult): void {
  console.log(`\n== ${title}`);
  printTable(result.rows);
  for (const note of result.notes ?? []) console.log(`  ${note}`);
}

/** Runs a section; one that throws gives an empty table and its error (reported as a goal not met). */
async function runSection(section: BenchSection, ctx: BenchContext): Promise<SectionResult & { error?: string }> {
  try {
    return await section.run(ctx);
  } catch (error) {
    // The first line: a child's whole stderr (an out-of-memory report) does not fit in a table cell.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
    return { rows: [], notes: [`FAILED: ${message}`], error: message };
  }
}

/** Computes, prints and returns the goals of the sections that ran. */
function printGoals(results: Record<string, SectionResult & { error?: string }>): ReturnType<typeof computeGoals> {
  const data = Object.fromEntries(
    Object.entries(results)
      .filter(([, r]) => !r.error)
      .map(([id, r]) => [id, r.data]),
  ) as SectionData;
  const failed = Object.entries(results)
    .filter(([, r]) => r.error)
    .map(([id, r]) => ({ name: `section ${id} failed: its goals were not measured`, value: r.error!, target: 'runs', met: false }));
  const goals = [...computeGoals(data), ...failed];
  console.log(
    `\n== Goals of issue #19 (${goals.filter((g) => g.met).length} of ${goals.length} met${quick ? '; --quick: smaller sizes, not the figures to publish' : ''})`,
  );
  printTable(goalRows(goals));
  return goals;
}

/** Runs the selected sections that need no bot (the bot-less path of `--only=scan` / `--only=findings`). */
async function runWithoutBot(started: number, sections: BenchSection[]): Promise<void> {
  const ctx: BenchContext = {
    get bot(): never {
      throw new Error('this section declared usesBot: false');
    },
    get floor(): never {
      throw new Error('this section declared usesBot: false');
    },
    get slack(): never {
      throw new Error('this section declared usesBot: false');
    },
    signingSecret: TEST_SIGNING_SECRET,
    quick,
    awsCost,
    redisUrl,
    footprint: async () => undefined,
  };
  const results: Record<string, SectionResult & { title: string }> = {};
  for (const section of sections) {
    const result = await runSection(section, ctx);
    printSection(section.title, result);
    results[section.id] = { title: section.title, ...result };
  }
  const goals = printGoals(results);
  writeResults(started, { goals, sections: results });
}

function writeResults(started: number, body: Record<string, unknown>): void {
  const out = join(root, 'bench/results.json');
  writeFileSync(
    out,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        quick,
        split,
        pin,
        only: only ?? null,
        awsCost,
        machine: { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
        ...body,
        benchSeconds: Math.round((Date.now() - started) / 1000),
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nwrote ${out} (${Math.round((Date.now() - started) / 1000)} s in all)`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const ids = [...SECTIONS.map((s) => s.id), 'footprint'];
  if (only && !ids.includes(only)) throw new Error(`--only=${only}: no such section (sections: ${ids.join(', ')})`);
  const selected = SECTIONS.filter((s) => !only || s.id === only);
  console.log(
    `gdpr-bot benchmark${quick ? ' (quick)' : ''}${split ? ' (split: ROLE=web measured, ROLE=worker beside it)' : ''}${pin ? ` (pinned: servers on CPU ${serverCpu}, load on CPU 0)` : ''}: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  console.log(
    `synthetic AWS per call: ${awsCost.latencyMs} ms latency (a timer) + ${awsCost.cpuUs} µs CPU (a busy loop); the CPU default is the real SDK's, measured by bench/sdk-cpu.ts (section sdk-cpu)`,
  );
  if (only && only !== 'footprint' && selected.every((s) => s.usesBot === false)) return runWithoutBot(started, selected);

  if (pin) execFileSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
  // What `npm start` runs first: builds only when a source is newer than the last good build (and records it, so `npm start` below does not build again).
  console.log('building when stale (node scripts/build.js --if-stale) …');
  execFileSync(process.execPath, [join(root, 'scripts/build.js'), '--if-stale'], { stdio: 'inherit' });

  const children: ChildProcess[] = [];
  const prefix = `{gdpr-bench-${randomBytes(4).toString('hex')}}`;
  try {
    const { slack, child: slackChild } = await startSlackStandIn(join(root, 'bench/slack-server-process.ts'));
    children.push(slackChild);

    const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-bench-'));
    const configPath = join(dir, 'gdpr-bot.yml');
    writeFileSync(
      configPath,
      stringify({ approvers: { users: ['U0000APPR1'] }, channels: { approvals: 'C0000APPR', audit: 'C0000AUDT' }, slack: { rateLimits: BENCH_RATE_LIMITS } }),
    );

    // The bot exactly as `npm start` runs it (ROLE=all: web and workers in one process), or with --split
    // as a ROLE=web process (measured) beside a ROLE=worker process.
    const port = await freePort();
    const spawnedAt = Date.now();
    const botEnv = {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: 'xoxb-test-bench-not-a-real-token',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      PORT: String(port),
      LOG_LEVEL: 'info',
      GDPR_BOT_CONFIG: configPath,
      AWS_REGION: 'eu-west-1',
      ROLE: split ? 'web' : 'all',
    };
    const profArgs = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProfDir)}`] : [];
    const bot = spawn(...onServerCpu([...profArgs, join(root, 'dist/src/main.js')]), { cwd: dir, env: botEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(bot);
    const startupMs = await waitFor200(`http://127.0.0.1:${port}/healthz`, spawnedAt);
    if (split) {
      const workerPort = await freePort();
      children.push(
        spawn(process.execPath, [join(root, 'dist/src/main.js')], {
          cwd: dir,
          env: { ...botEnv, ROLE: 'worker', PORT: String(workerPort) },
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
      await waitFor200(`http://127.0.0.1:${workerPort}/healthz`, Date.now());
    }

    const floorStart = await startAndWaitForLine(
      ...onServerCpu(['--import', 'tsx', join(root, 'bench/floor-app.ts')]),
      { PATH: process.env.PATH, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
      /LISTENING (\d+)/,
    );
    children.push(floorStart.child);

    const footprint: Row[] = [];
    const ctx: BenchContext = {
      bot: { baseUrl: `http://127.0.0.1:${port}`, pid: bot.pid!, redisUrl, prefix },
      floor: { baseUrl: `http://127.0.0.1:${floorStart.match[1]}`, pid: floorStart.child.pid! },
      slack,
      signingSecret: TEST_SIGNING_SECRET,
      quick,
      awsCost,
      redisUrl,
      footprint: async (label) => {
        footprint.push({ when: label, 'bot RSS MiB': rssMiB(bot.pid!), 'floor RSS MiB': rssMiB(floorStart.child.pid!) });
      },
    };
    await ctx.footprint('after start-up');
    const measureFootprint = !only || only === 'footprint';
    const webEnv = { ...botEnv, REDIS_PREFIX: `${prefix}-web` };
    const web = measureFootprint ? await webModules(root, webEnv) : undefined;
    const npmStart = measureFootprint ? await npmStartMs(root, { ...botEnv, REDIS_PREFIX: `${prefix}-npm` }) : undefined;
    // The other shapes' start-up RSS, beside the ROLE=all (workers' thread) figure measured throughout.
    const shapes =
      measureFootprint && !split
        ? {
            web: await startupRssMiB(root, { ...botEnv, ROLE: 'web', REDIS_PREFIX: `${prefix}-rss-web` }),
            inline: await startupRssMiB(root, { ...botEnv, WORKERS: 'inline', REDIS_PREFIX: `${prefix}-rss-inline` }),
          }
        : undefined;

    const results: Record<string, SectionResult & { title: string }> = {};
    for (const section of selected) {
      const result = await runSection(section, ctx);
      printSection(section.title, result);
      results[section.id] = { title: section.title, ...result };
      if (section.usesBot === false) await ctx.footprint(`after ${section.id} (ran in its own process)`);
    }

    const footprintData: FootprintData = {
      startupMs,
      npmStartMs: typeof npmStart === 'number' ? npmStart : undefined,
      rss: footprint as FootprintData['rss'],
      web,
      ...(shapes ? { shapes } : {}),
    };
    const footprintResult: SectionResult = {
      rows: footprint,
      notes: [
        `Start-up to /healthz = 200: ${startupMs} ms (node dist/src/main.js, ROLE=${split ? 'web, beside a ROLE=worker process' : 'all'}); \`npm start\` to /healthz = 200: ${npmStart === undefined ? 'not measured (--only)' : typeof npmStart === 'number' ? `${npmStart} ms` : npmStart}.`,
        web
          ? `ROLE=web loaded ${web.awsClients.length} AWS SDK clients${web.awsClients.length ? ` (${web.awsClients.join(', ')})` : ''} and ${web.jobModules} job modules (a resolve hook logs every module it loads).`
          : 'ROLE=web modules: not measured (--only).',
        "The sections with their own processes (scan, findings, the synthetic-AWS bots) do not change this bot's RSS; their peaks are in their tables.",
        ...(shapes
          ? [
              `RSS after start-up of the other shapes: ROLE=web ${shapes.web} MiB; ROLE=all with WORKERS=inline (its workers on the thread that answers Slack) ${shapes.inline} MiB.`,
            ]
          : []),
      ],
      data: footprintData,
    };
    if (measureFootprint || only === undefined) {
      printSection('Footprint (RSS MiB; the floor is a bare Bolt app that only acks)', footprintResult);
      results.footprint = { title: 'Footprint', ...footprintResult };
    }
    const goals = printGoals(results);
    writeResults(started, { goals, footprint: footprintData, sections: results });
  } finally {
    for (const child of children.reverse()) await stop(child);
    await cleanupPrefix(prefix);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
