import pLimit from 'p-limit';
import { describeCallError, toCallError } from '../aws/collectors/context.js';
import type { ScanTargets } from '../aws/collectors/targets.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Outbox } from '../notify/outbox.js';
import type { JobData, JobResult } from '../queues/definitions.js';
import type { ParentJob, ScanProducer } from '../queues/producers.js';
import { isLastAttempt, StopRetrying, type JobAttempt } from '../queues/retry.js';
import { checksFor, GLOBAL_REGION } from './engine.js';
import { manualStatuses } from './manual.js';
import { scanFinishedMessage, scanMessageRef, scanProgressMessage, scanStartFailedText } from './messages.js';
import { selectChecks } from './registry.js';
import { mergeShards, parseShardJobId, type ShardStore } from './shards.js';
import { ScanState, type ResultStore, type ScanMeta } from './store.js';
import { summarize } from './summary.js';
import { CheckScope, CheckStatus, type Check, type CheckResult } from './types.js';

type ScanData = JobData<'scan'>;

/** What the scan parent job uses. */
export interface ScanFlowDeps {
  config: Pick<Config, 'scan' | 'channels' | 'manualAnswers'>;
  log: Logger;
  results: ResultStore;
  shards: ShardStore;
  /** The buckets holding personal data (the data map), marked in the summary. */
  personal: () => Promise<ReadonlySet<string>>;
  outbox: Pick<Outbox, 'send'>;
  targets: Pick<ScanTargets, 'accounts' | 'regions'>;
  producer: Pick<ScanProducer, 'targets'>;
  /** The results with the waivers in force applied (src/waivers/flow.ts). */
  withWaivers: <R extends CheckResult>(results: readonly R[]) => Promise<readonly R[]>;
  /** Refreshes the Home tabs of recent viewers with the new posture. */
  refreshHomes: () => Promise<unknown>;
  now: () => Date;
}

/** The scan job as the flow sees it (BullMQ stays in jobs/scan.ts). */
export interface ScanJobHandle {
  id: string;
  /** The job's qualified queue name: with its id, the parent of its (account, region) jobs. */
  queue: string;
  attempt: JobAttempt;
  /** Stores the job's data (the step it reached), so a retry resumes there. */
  save(data: ScanData): Promise<void>;
}

/** A scan's (account, region) job that failed every retry, and why. */
export interface FailedTarget {
  accountId: string;
  region: string;
  reason: string;
}

/**
 * The targets among a parent's ignored child failures (BullMQ: child job key → failure reason). A
 * child's job id is `<scanId>-<account>-<region>` (`scanTargetJobId`), its key `<prefix>:<queue>:<id>`.
 */
export function failedTargets(scanId: string, failures: Record<string, string>): FailedTarget[] {
  const out: FailedTarget[] = [];
  for (const [key, reason] of Object.entries(failures)) {
    const id = key.slice(key.lastIndexOf(':') + 1);
    // A bucket job (`…-s3-shardN`) is no (account, region): its buckets are merged as not checked by mergeShards.
    if (parseShardJobId(scanId, id)) continue;
    const m = id.startsWith(`${scanId}-`) ? /^(\d{12})-([a-z0-9-]+)$/.exec(id.slice(scanId.length + 1)) : null;
    if (m) out.push({ accountId: m[1]!, region: m[2]!, reason });
  }
  return out.sort((a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region));
}

/**
 * What a target that could not be scanned stands for: an `error` ("not checked") for each check it
 * would have run, account-wide ones too when it was its account's home region (first in the plan).
 */
export function notCheckedResults(target: FailedTarget, checks: readonly Check[], meta: ScanMeta | undefined): CheckResult[] {
  const home = meta?.coverage?.find((c) => c.accountId === target.accountId)?.regions[0] === target.region;
  const reason = target.reason.replace(/\s+/g, ' ').slice(0, 200);
  return checksFor(checks, home).map((check) => {
    const region = check.scope === CheckScope.Account ? GLOBAL_REGION : target.region;
    return {
      checkId: check.id,
      accountId: target.accountId,
      region,
      status: CheckStatus.Error,
      resource: `${target.accountId}/${region}`,
      message: `Not checked: the scan of account ${target.accountId} in ${target.region} failed after every retry (${reason}).`,
    };
  });
}

/**
 * The scan parent job. `prepare` registers a scheduled scan like any other (unless one of the same scope
 * is running) and, in step `plan`, resolves the accounts (and assumes nothing yet), queues one
 * `scan-target` child per account × region and posts the progress message. Then the job waits for its
 * children (BullMQ parent/child); when they are done `finish` summarises, records the history, frees
 * the scope and updates the message with the summary.
 */
export class ScanFlow {
  constructor(private readonly deps: ScanFlowDeps) {}

  private log(job: Pick<ScanJobHandle, 'id'>): Logger {
    return this.deps.log.child({ job: 'scan', jobId: job.id });
  }

  /** Registers and plans the scan; the data to wait with, or why it was skipped. */
  async prepare(job: ScanJobHandle, given: ScanData): Promise<{ data: ScanData & { scanId: string } } | { skipped: string }> {
    const { config, results: store } = this.deps;
    let data = given;
    if (!data.scanId) {
      // A scheduled scan: register it like any other, unless one of the same scope is running.
      const meta: ScanMeta = {
        id: `scheduled-${job.id}`,
        selector: { kind: 'all' },
        regions: [],
        state: ScanState.Running,
        startedAt: this.deps.now().toISOString(),
        total: 0,
        done: 0,
        accounts: [],
        channel: config.channels.findings,
        trigger: 'schedule',
      };
      const begun = await store.begin(meta);
      if (!begun.started) return { skipped: `scan ${begun.runningId} of the same scope is running` };
      data = { ...data, scanId: meta.id, selector: meta.selector, channel: meta.channel, trigger: 'schedule', step: 'plan' };
      await job.save(data);
    }
    const scanId = data.scanId as string;
    if ((data.step ?? 'plan') === 'plan') data = await this.plan(job, { ...data, scanId });
    return { data: { ...data, scanId } };
  }

  private async plan(job: ScanJobHandle, data: ScanData & { scanId: string }): Promise<ScanData> {
    const { config, results: store, outbox } = this.deps;
    const { scanId } = data;
    let accounts;
    try {
      accounts = await this.deps.targets.accounts();
    } catch (error) {
      const reason = describeCallError(toCallError(config.scan.organization ? 'organizations:ListAccounts' : 'sts:GetCallerIdentity', error));
      if (!isLastAttempt(job.attempt)) throw error;
      await store.abort(scanId, this.deps.now());
      if (data.channel)
        await outbox.send({
          kind: 'update',
          channel: data.channel,
          ref: scanMessageRef(scanId),
          requestedBy: data.user,
          text: scanStartFailedText(scanId, reason),
        });
      throw new StopRetrying(`scan ${scanId} could not resolve its accounts: ${reason}`);
    }
    // The regions asked for (the command's, else scan.regions), or every region enabled in each account.
    const requested = data.regions?.length ? data.regions : config.scan.regions;
    const limit = pLimit(8);
    const coverage = await Promise.all(accounts.map((a) => limit(() => this.deps.targets.regions(a, requested))));
    const checkIds = selectChecks(data.selector ?? { kind: 'all' }).map((c) => c.id);
    const children = accounts.flatMap((a, i) => coverage[i]!.regions.map((region, j, regions) => ({ ...a, region, home: j === 0, regions })));
    const meta = await store.updateMeta(scanId, { total: children.length, accounts: accounts.map((a) => a.accountId), coverage });
    const parent: ParentJob = { id: job.id, queue: job.queue };
    await this.deps.producer.targets(
      parent,
      children.map((c) => ({ scanId, accountId: c.accountId, roleArn: c.roleArn, region: c.region, home: c.home, regions: c.regions, checkIds })),
    );
    const next: ScanData = { ...data, step: 'wait' };
    await job.save(next);
    if (next.channel && meta)
      await outbox.send({ kind: 'update', channel: next.channel, ref: scanMessageRef(scanId), requestedBy: next.user, ...scanProgressMessage(meta, 0) });
    this.log(job).info({ scanId, targets: children.length }, 'scan planned');
    return next;
  }

  /**
   * Once every child is done: what failed every retry is recorded as not checked (bucket jobs merged),
   * the scan is summarised into the history, its scope freed and its message updated with the summary.
   * `failures` are BullMQ's ignored child failures (job key → last error).
   */
  async finish(job: Pick<ScanJobHandle, 'id'>, data: ScanData & { scanId: string }, failures: Record<string, string>): Promise<JobResult<'scan'>> {
    const { config, results: store, now } = this.deps;
    const { scanId } = data;
    const log = this.log(job);
    const failed = failedTargets(scanId, failures);
    // Accounts with bucket jobs: their per-bucket results are merged now (an account whose home job
    // failed is recorded as not checked as a whole below).
    const planned = await store.meta(scanId);
    const failedHomes = new Set(
      failed.filter((t) => planned?.coverage?.find((c) => c.accountId === t.accountId)?.regions[0] === t.region).map((t) => t.accountId),
    );
    const failedShards = await mergeShards({
      shards: this.deps.shards,
      results: store,
      scanId,
      checks: selectChecks(data.selector ?? { kind: 'all' }),
      failures,
      failedHomes,
      at: now().toISOString(),
    });
    if (failedShards.length > 0)
      log.warn(
        { scanId, failedShards: failedShards.map((s) => `${s.accountId}#${s.shard + 1}`) },
        'bucket jobs failed every retry; their buckets are recorded as not checked',
      );
    if (failed.length > 0) {
      // A target that failed every retry was not checked: its checks say so, in place of whatever an
      // earlier scan left for them (a stale pass would stand for a target nobody looked at).
      const checks = selectChecks(data.selector ?? { kind: 'all' });
      const stored = new Set((await store.latest()).filter((r) => r.scanId === scanId).map((r) => `${r.accountId}|${r.region}|${r.checkId}`));
      const notChecked = failed.flatMap((t) => notCheckedResults(t, checks, planned).filter((r) => !stored.has(`${r.accountId}|${r.region}|${r.checkId}`)));
      await store.saveResults(scanId, now().toISOString(), notChecked);
      log.warn(
        { scanId, failedTargets: failed.map((t) => `${t.accountId}/${t.region}`) },
        'scan targets failed every retry; their checks are recorded as not checked',
      );
    }
    const all = await store.latest();
    const own = all.filter((r) => r.scanId === scanId);
    const meta = await store.finish(scanId, summarize(all), now(), config.scan.historyRetention);
    if (data.channel) {
      const personal = await this.deps.personal();
      const posture = {
        results: await this.deps.withWaivers(own),
        meta,
        now: now(),
        title: 'Scan finished',
        manual: manualStatuses(config.manualAnswers, now()),
        personal,
      };
      const message = scanFinishedMessage(posture, { scanId, targets: failed, shards: failedShards });
      await this.deps.outbox.send({ kind: 'update', channel: data.channel, ref: scanMessageRef(scanId), requestedBy: data.user, ...message });
    }
    const score = summarize(own).score;
    log.info({ scanId, score, results: own.length, failedTargets: failed.length }, 'scan finished');
    // The Home tabs of recent viewers show the new posture; a failure there does not fail the scan.
    await this.deps.refreshHomes().catch((err: unknown) => log.warn({ err, scanId }, 'could not refresh the Home tabs after the scan'));
    return { scanId, score, targets: meta?.total };
  }
}
