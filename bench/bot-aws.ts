/**
 * The synthetic AWS of bench/bot-process.ts, on whichever thread runs the bot's jobs: the account (its
 * shape from BENCH_BUCKETS, BENCH_USERS, BENCH_KEYS, BENCH_VOLUMES), the per-call cost (BENCH_AWS_LATENCY_MS,
 * BENCH_AWS_CPU_US), the call counters and the findings burst (BENCH_FINDINGS).
 *
 * In a `ROLE=all` bot the jobs run on the workers' thread (src/queues/worker-thread.ts), which imports this
 * module as its `setup`: `workerThreadOptions()` gives it the counting clients, and it answers
 * `{ bench: 'calls' }` and `{ bench: 'release-findings' }` from bot-process.ts there.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import type { AccountTarget } from '../src/aws/clients.js';
import { HandlerTable, syntheticAccount, SyntheticAwsClients, SYNTHETIC_ACCOUNT_ID, type SyntheticCallCost } from '../src/demo/synthetic-aws.js';

const num = (name: string, fallback: number) => (process.env[name] === undefined ? fallback : Number(process.env[name]));
const cost: SyntheticCallCost = { latencyMs: num('BENCH_AWS_LATENCY_MS', 0), cpuUs: num('BENCH_AWS_CPU_US', 0) };
const account = syntheticAccount({
  buckets: num('BENCH_BUCKETS', 3),
  users: num('BENCH_USERS', 3),
  keys: num('BENCH_KEYS', 2),
  volumes: num('BENCH_VOLUMES', 2),
  pageSize: 1000,
});

/** AWS calls of this thread: in all, and per target (`account/region`) of one call made once per regional scan. */
let total = 0;
const perTarget = new Map<string, number>();
/** Made once per (account, region) scan job: counts how often each target was scanned. */
const ONCE_PER_TARGET = 'GetEbsEncryptionByDefaultCommand';
/** Made once per bucket scanned: counts how often each bucket (`account/bucket`) was scanned by this thread. */
const ONCE_PER_BUCKET = 'GetBucketEncryptionCommand';
const perBucket = new Map<string, number>();

export interface BenchCalls {
  total: number;
  perTarget: Record<string, number>;
  perBucket: Record<string, number>;
}

/** What this thread's clients were asked. */
export function calls(): BenchCalls {
  return { total, perTarget: Object.fromEntries(perTarget), perBucket: Object.fromEntries(perBucket) };
}

/** Synthetic clients that also count calls, per account (the tables are the same for every account). */
class CountingClients extends SyntheticAwsClients {
  private readonly counted = new WeakSet<object>();
  constructor(
    defaultRegion: string,
    private readonly shared: ReadonlyMap<unknown, HandlerTable>,
    target: AccountTarget = {},
  ) {
    super(defaultRegion, shared, target, cost);
  }
  override get<C>(Client: Parameters<SyntheticAwsClients['get']>[0], region?: string): C {
    const client = super.get(Client, region) as C;
    if (!this.counted.has(client as object)) {
      this.counted.add(client as object);
      const who = this.account.accountId ?? 'self';
      const config = (client as { config: { region: () => Promise<string> } }).config;
      const stack = (client as { middlewareStack: { addRelativeTo(mw: unknown, options: unknown): void } }).middlewareStack;
      stack.addRelativeTo(
        (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
          total++;
          if (context.commandName === ONCE_PER_TARGET) {
            const key = `${who}/${await config.region()}`;
            perTarget.set(key, (perTarget.get(key) ?? 0) + 1);
          } else if (context.commandName === ONCE_PER_BUCKET) {
            const key = `${who}/${(args as { input?: { Bucket?: string } }).input?.Bucket ?? '?'}`;
            perBucket.set(key, (perBucket.get(key) ?? 0) + 1);
          }
          return next(args);
        },
        { relation: 'before', toMiddleware: 'syntheticAccount', name: 'benchCounter' },
      );
    }
    return client;
  }
  override forAccount(target: AccountTarget & { roleArn: string }): CountingClients {
    return new CountingClients(this.settings.defaultRegion, this.shared, target);
  }
}

/** The bot's AWS clients: the synthetic account, counted. */
export const benchAwsClients = (region: string) => new CountingClients(region, account.tables);

/**
 * BENCH_FINDINGS=N: GuardDuty holds N findings once {@link releaseFindings} is called (none before, so the
 * first scheduled poll finds nothing).
 */
const burst = num('BENCH_FINDINGS', 0);
let released: { at: number; ids: string[] } | undefined;
if (burst > 0) {
  const { GuardDutyClient } = await import('@aws-sdk/client-guardduty');
  const { gdFinding } = await import('../test/helpers/aws-findings.js');
  const TYPES = ['Backdoor:EC2/C&CActivity.B', 'UnauthorizedAccess:IAMUser/MaliciousIPCaller', 'Recon:EC2/PortProbeUnprotectedPort'];
  const gd = account.tables.get(GuardDutyClient)!;
  gd.handlers.set('ListFindingsCommand', ((input: { NextToken?: string; MaxResults?: number }) => {
    const ids = released?.ids ?? [];
    const start = Number(input.NextToken ?? 0);
    const size = Math.min(input.MaxResults ?? 50, 50);
    return { FindingIds: ids.slice(start, start + size), NextToken: start + size < ids.length ? String(start + size) : undefined };
  }) as never);
  gd.handlers.set('GetFindingsCommand', ((input: { FindingIds: string[] }) => ({
    Findings: input.FindingIds.map((id) => {
      const n = Number(id.slice(2));
      return gdFinding(n, { Type: TYPES[n % 3], Severity: 1 + (n % 90) / 10, updatedAtMs: released!.at + n, AccountId: SYNTHETIC_ACCOUNT_ID });
    }),
  })) as never);
}

/** Puts the burst's findings into this thread's GuardDuty; returns when (epoch ms). */
export function releaseFindings(at = Date.now()): number {
  released = { at, ids: Array.from({ length: burst }, (_, i) => `gd${String(i + 1).padStart(6, '0')}`) };
  return at;
}

/** The `setup` hook of the workers' thread (src/queues/worker-thread-entry.ts). */
export function workerThreadOptions() {
  return { awsClients: benchAwsClients };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (m: { bench?: string; id?: number; at?: number }) => {
    if (m.bench === 'calls') port.postMessage({ bench: 'calls', id: m.id, calls: calls() });
    else if (m.bench === 'release-findings') port.postMessage({ bench: 'findings-released', id: m.id, at: releaseFindings(m.at) });
  });
}
