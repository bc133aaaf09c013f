import type { AwsClients } from '../aws/clients.js';
import { collectCallerAccount } from '../aws/collectors/caller-account.js';
import { collectGuardDutyFindings } from '../aws/collectors/guardduty-findings.js';
import { collectMacieFindings } from '../aws/collectors/macie-findings.js';
import { collectSecurityHubFindings } from '../aws/collectors/securityhub-findings.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { JobResult } from '../queues/definitions.js';
import { StopRetrying } from '../queues/retry.js';
import { Lease } from '../redis/lease.js';
import { handOverFindings, maxPerPoll, type PollDeps, type SourceOutcome } from './poll.js';
import { FindingStore } from './store.js';
import { polledSources, SELF_ACCOUNT } from './targets.js';

const COLLECT = { guardduty: collectGuardDutyFindings, macie: collectMacieFindings, securityhub: collectSecurityHubFindings };

/** What a findings poll uses: the hand-over's deps, the AWS clients (member accounts through `forAccount`) and the metrics. */
export interface FindingsPollDeps extends PollDeps {
  aws: AwsClients;
  metrics: Metrics;
  /**
   * TTL of a poll's (account, region) lock (default 10 min). A running poll renews it every third of
   * this, so only a poll that stopped renewing (its process died or hung) loses it to another worker.
   */
  lockMs?: number;
}

/** A poll found its (account, region) lock gone or someone else's: it stops rather than race another poll. */
export class PollLockLostError extends StopRetrying {
  override name = 'PollLockLostError';
  constructor(
    readonly account: string,
    readonly region: string,
  ) {
    super(`findings poll of ${account}/${region} stopped: its lock expired and another poll may hold it; nothing more was handed over`);
  }
}

/**
 * Keeps a held lock alive: renews it (if it is still ours) every third of its TTL. `check` renews at
 * once and throws {@link PollLockLostError} once the lock is someone else's, so a caller can stop
 * before each write that only the holder may make. A lock that is gone is not taken again: another
 * poll may have held it and finished in the meantime. (Check and write are two steps: a process that
 * stalls for a whole `lockMs` exactly between them is not caught.)
 */
function keepLock(lease: Lease, log: Logger, scope: { account: string; region: string }) {
  let lost = false;
  const renew = async () => {
    if (lost) return;
    if (!(await lease.renew())) {
      lost = true;
      log.warn(scope, 'findings poll lost its lock; stopping before the next hand-over');
    }
  };
  // A failed renewal (Redis unreachable for a moment) is tried again next time; `check` surfaces the error.
  const timer = setInterval(
    () => renew().catch((err: unknown) => log.warn({ ...scope, err }, 'could not renew the findings poll lock')),
    Math.max(1, Math.floor(lease.ttlMs / 3)),
  );
  timer.unref();
  return {
    async check(): Promise<void> {
      await renew();
      if (lost) throw new PollLockLostError(scope.account, scope.region);
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}

/**
 * The `findings-poll` job: polls GuardDuty and Macie (and Security Hub with `findings.pollSecurityHub`)
 * of one (account, region) and hands what is new or changed to Slack (see `handOverFindings`). One poll
 * per (account, region) at a time, across every worker (a Redis lock, renewed while the poll runs; a
 * poll that finds it taken stops before its next hand-over). A source that could not be read is reported
 * and fails the job after the other source was handled. Counts every source's poll and findings in the metrics.
 */
export class FindingsPollFlow {
  /** AWS clients of the member accounts, made once per account. */
  private readonly accounts = new Map<string, AwsClients>();

  constructor(private readonly deps: FindingsPollDeps) {}

  private clientsFor(account: string): AwsClients {
    if (account === SELF_ACCOUNT) return this.deps.aws;
    let clients = this.accounts.get(account);
    if (!clients) {
      const configured = this.deps.config.findings?.accounts?.find((a) => a.id === account);
      if (!configured) throw new Error(`account ${account} is not in findings.accounts`);
      clients = this.deps.aws.forAccount({ accountId: configured.id, roleArn: configured.roleArn }, 'gdpr-bot-findings');
      this.accounts.set(account, clients);
    }
    return clients;
  }

  async poll(account: string, region: string): Promise<JobResult<'findings-poll'>> {
    const deps = this.deps;
    const store = new FindingStore(deps.redis, deps.keys);
    const lease = await Lease.acquire(deps.redis, store.lockKey(account, region), deps.lockMs ?? 600_000);
    if (!lease) return { skipped: 'busy', sources: {} };
    const held = keepLock(lease, deps.log, { account, region });
    try {
      const aws = this.clientsFor(account);
      const minSeverity = deps.config.findings?.minSeverity ?? 'medium';
      // The same cap handOverFindings applies: the collectors then read about that many, not a whole backlog.
      const limit = maxPerPoll(deps.config);
      const sources: Record<string, SourceOutcome> = {};
      const failures: string[] = [];
      for (const source of polledSources(deps.config)) {
        const updatedSince = await store.watermark(source, account, region);
        const collect = COLLECT[source];
        const listedAt = deps.now().getTime();
        const collection = await collect(aws, region, { updatedSince, minSeverity, limit });
        // Only looked up when a notice is actually posted: the own account's id, for the message and the fix target.
        const accountLabel = async () => (account === SELF_ACCOUNT ? ((await collectCallerAccount(aws)) ?? 'this account') : account);
        const outcome = await handOverFindings(deps, { source, account, region, listedAt, accountLabel, beforeHandOver: held.check }, collection);
        sources[source] = outcome;
        count(deps.metrics, { source, account, region }, outcome, deps.now());
        if (outcome.status === 'error') failures.push(`${source}: ${outcome.reason}`);
        deps.log.info({ account, region, source, ...outcome }, 'findings poll');
      }
      if (failures.length > 0) throw new Error(`could not read findings in ${account}/${region}: ${failures.join('; ')}`);
      return { sources };
    } finally {
      held.stop();
      await lease.release();
    }
  }
}

/** One source's poll in the metrics; a source that was read (ok or disabled) moves its last-poll time. */
function count(metrics: Metrics, scope: { source: string; account: string; region: string }, outcome: SourceOutcome, now: Date): void {
  const { source } = scope;
  metrics.findingsPolls.inc({ source, status: outcome.status });
  if (outcome.status === 'error') return;
  metrics.findings.inc({ source, outcome: 'posted' }, outcome.posted);
  metrics.findings.inc({ source, outcome: 'updated' }, outcome.updated);
  metrics.findings.inc({ source, outcome: 'unchanged' }, outcome.unchanged);
  metrics.findings.inc({ source, outcome: 'deferred' }, outcome.deferred);
  metrics.findingsLastPoll.set(scope, now.getTime() / 1000);
}
