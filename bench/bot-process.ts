/**
 * The bot (src/main.ts `startBot`, the role given in ROLE) against the synthetic AWS, with a per-call cost
 * (latency and CPU), in a process of its own, driven over IPC by the bench sections that need a scan
 * inside the bot (org scan, isolation, scale-out). Started with `fork` and these variables besides the
 * bot's own (SLACK_*, REDIS_*, PORT, ROLE, GDPR_BOT_CONFIG):
 *
 *   BENCH_BUCKETS, BENCH_USERS, BENCH_KEYS, BENCH_VOLUMES  the synthetic account's shape (every account alike)
 *   BENCH_AWS_LATENCY_MS, BENCH_AWS_CPU_US                  what each AWS call costs
 *
 * Messages: `{ type: 'scan' }` starts a full scan and answers `{ type: 'scan-started', scanId }`;
 * `{ type: 'wait-scan', scanId }` answers `{ type: 'scan-done', ... }` once the scan is finished;
 * `{ type: 'calls' }` answers `{ type: 'calls', total, perTarget, perBucket }` (this process's AWS calls).
 * Sends `{ type: 'ready', port }` once /healthz would answer.
 */
import { startBot } from '../src/main.js';
import { ResultStore } from '../src/checks/store.js';
import { startScan } from '../src/checks/scans.js';
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

/** AWS calls of this process: in all, and per target (`account/region`) of one call made once per regional scan. */
let total = 0;
const perTarget = new Map<string, number>();
/** Made once per (account, region) scan job: counts how often each target was scanned. */
const ONCE_PER_TARGET = 'GetEbsEncryptionByDefaultCommand';
/** Made once per bucket scanned: counts how often each bucket (`account/bucket`) was scanned by this process. */
const ONCE_PER_BUCKET = 'GetBucketEncryptionCommand';
const perBucket = new Map<string, number>();

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

/**
 * BENCH_FINDINGS=N: GuardDuty holds N findings once `{ type: 'release-findings' }` arrives (none before, so
 * the first scheduled poll finds nothing); the message then queues one poll and answers `findings-queued`.
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

const bot = await startBot(process.env, { awsClients: (region) => new CountingClients(region, account.tables), shutdownTimeoutMs: 2000 });
const store = new ResultStore(bot.services.redis, bot.services.keys);

process.on('message', (message: { type: string; scanId?: string }) => {
  void (async () => {
    if (message.type === 'scan') {
      let started: { scanId: string } | undefined;
      for (let attempt = 1; !started; attempt++) {
        started = await startScan(bot.services, { selector: { kind: 'all' }, trigger: 'cli' }).catch((error: unknown) => {
          if (attempt >= 3) throw error;
          return undefined;
        });
      }
      const { scanId } = started;
      process.send!({ type: 'scan-started', scanId, at: Date.now() });
    } else if (message.type === 'wait-scan') {
      let readErrors = 0;
      for (;;) {
        // A read that fails (the fail-fast producer connection under load) is tried again; the count is reported.
        const meta = await store.meta(message.scanId!).catch(() => void readErrors++);
        if (meta?.state === 'finished') {
          const results = await store.latest();
          // A target that failed every retry stands as "Not checked: the scan of account A in R failed …" results.
          const notChecked = new Set(
            results
              .filter((r) => r.scanId === message.scanId)
              .flatMap((r) => /^Not checked: the scan of account (\d+) in ([a-z0-9-]+) failed/.exec(r.message)?.slice(1, 3).join('/') ?? []),
          );
          process.send!({
            type: 'scan-done',
            scanId: message.scanId,
            finishedAt: Date.parse(meta.finishedAt ?? '') || Date.now(),
            total: meta.total,
            done: meta.done,
            failedTargets: notChecked.size,
            results: results.length,
            readErrors,
          });
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    } else if (message.type === 'release-findings') {
      released = { at: Date.now(), ids: Array.from({ length: burst }, (_, i) => `gd${String(i + 1).padStart(6, '0')}`) };
      await bot.services.queues.get('findings-poll').add('poll', { account: 'self', region: process.env.AWS_REGION! });
      process.send!({ type: 'findings-queued', at: released.at });
    } else if (message.type === 'calls') {
      process.send!({ type: 'calls', total, perTarget: Object.fromEntries(perTarget), perBucket: Object.fromEntries(perBucket) });
    }
  })().catch((error: unknown) => process.send!({ type: 'error', error: error instanceof Error ? error.message : String(error) }));
});
process.on('SIGTERM', () => {
  void bot.close().then(() => process.exit(0));
});
process.send!({ type: 'ready', port: bot.port });
