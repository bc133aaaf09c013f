/**
 * An open-loop, fixed-rate load generator in a process of its own: it sends signed Slack requests at
 * `rate` per second for `durationMs` whether or not the earlier ones were answered (a closed loop, like
 * autocannon's default, slows down with the server and hides queueing). Each request is a command or a
 * click of the mix, in turn; every one has a body, signature and response_url of its own.
 *
 *   node --import tsx bench/open-loop.ts '<JSON of OpenLoopPlan>'   prints one JSON line (OpenLoopResult)
 *
 * A request counts as `failed` when it errs, answers non-2xx or takes over Slack's 3 s; as `empty` when a
 * request whose ack carries the answer (`expect`) comes back 2xx without it.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Agent, request } from 'undici';
import { buttonClick, sign, slashCommand } from '../test/helpers/slack-request.js';

export type OpenLoopKind = 'help' | 'status' | 'click';

export interface OpenLoopPlan {
  url: string;
  signingSecret: string;
  /** Base of the Slack stand-in's response URLs (`<base>/response/<id>`). */
  slackBaseUrl: string;
  rate: number;
  durationMs: number;
  mix: OpenLoopKind[];
  /** A tag in the response ids, so runs do not share response_urls. */
  tag: string;
}

export interface KindStats {
  sent: number;
  ok: number;
  empty: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
  /** The start of the first empty ack or failure, to see what it was. */
  sample?: string;
}

export interface OpenLoopResult {
  rate: number;
  durationMs: number;
  /** Requests per second actually sent (the generator keeps to the schedule unless its own CPU is starved). */
  sentPerSec: number;
  byKind: Record<string, KindStats>;
  all: KindStats;
}

const SLACK_DEADLINE_MS = 3000;
/** What an ack that carries its answer must contain. */
const EXPECT: Record<OpenLoopKind, string | undefined> = { help: 'available commands', status: 'GDPR posture', click: undefined };

function body(kind: OpenLoopKind, plan: OpenLoopPlan, n: number): string {
  const responseUrl = `${plan.slackBaseUrl}/response/${plan.tag}-${n}`;
  if (kind === 'click') return buttonClick({ actionId: 'audit.verify', value: 'verify', userId: 'U0000APPR1', responseUrl });
  return slashCommand({ text: kind, user_id: 'U0000USER', response_url: responseUrl });
}

/** The `p`th percentile (nearest rank) of sorted `values`; 0 when empty. */
function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
}

type Sample = { ms: number; ok: boolean; empty: boolean; text?: string };

function stats(samples: Sample[]): KindStats {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    sent: samples.length,
    ok: samples.filter((s) => s.ok && !s.empty).length,
    empty: samples.filter((s) => s.ok && s.empty).length,
    failed: samples.filter((s) => !s.ok).length,
    p50: pct(sorted, 50),
    p99: pct(sorted, 99),
    max: sorted.length ? Math.round(sorted[sorted.length - 1]!) : 0,
    sample: samples.find((s) => !s.ok || s.empty)?.text,
  };
}

export async function runOpenLoop(plan: OpenLoopPlan): Promise<OpenLoopResult> {
  const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000, pipelining: 1 });
  const samples = new Map<OpenLoopKind, Sample[]>(plan.mix.map((k) => [k, []]));
  const total = Math.round((plan.rate * plan.durationMs) / 1000);
  const interval = 1000 / plan.rate;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const due = started + n * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const kind = plan.mix[n % plan.mix.length]!;
    const payload = body(kind, plan, n);
    const timestamp = Math.floor(Date.now() / 1000);
    const sentAt = performance.now();
    inFlight.push(
      request(plan.url, {
        method: 'POST',
        dispatcher: agent,
        headersTimeout: SLACK_DEADLINE_MS,
        bodyTimeout: SLACK_DEADLINE_MS,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': sign(payload, timestamp, plan.signingSecret),
        },
        body: payload,
      }).then(
        async (res) => {
          const text = await res.body.text();
          const ms = performance.now() - sentAt;
          const expect = EXPECT[kind];
          const ok = res.statusCode >= 200 && res.statusCode < 300 && ms <= SLACK_DEADLINE_MS;
          const empty = expect !== undefined && !text.includes(expect);
          samples
            .get(kind)!
            .push({ ms, ok, empty, text: !ok || empty ? `HTTP ${res.statusCode} after ${Math.round(ms)} ms: ${text.slice(0, 160)}` : undefined });
        },
        (error: unknown) =>
          void samples.get(kind)!.push({
            ms: performance.now() - sentAt,
            ok: false,
            empty: false,
            text: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          }),
      ),
    );
  }
  const sentFor = performance.now() - started;
  await Promise.all(inFlight);
  await agent.close();
  const byKind: Record<string, KindStats> = {};
  for (const [kind, s] of samples) byKind[kind] = stats(s);
  return {
    rate: plan.rate,
    durationMs: plan.durationMs,
    sentPerSec: Math.round(total / Math.max(sentFor / 1000, 0.001)),
    byKind,
    all: stats([...samples.values()].flat()),
  };
}

const here = dirname(fileURLToPath(import.meta.url));

/** Runs the generator in a child process and resolves with its result. */
export async function openLoop(plan: OpenLoopPlan): Promise<OpenLoopResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(here, 'open-loop.ts'), JSON.stringify(plan)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as OpenLoopResult;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runOpenLoop(JSON.parse(process.argv[2] ?? '') as OpenLoopPlan).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (error: unknown) => {
      process.stderr.write(`open-loop failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** One note per kind with empty or failed acks: what the first of them was. */
export function failureNotes(label: string, r: OpenLoopResult): string[] {
  return Object.entries(r.byKind)
    .filter(([, k]) => k.sample)
    .map(([kind, k]) => `${label}, ${kind}: ${k.failed} failed, ${k.empty} empty; first: ${k.sample}`);
}
