import { UnrecoverableError, WaitingChildrenError, type Job } from 'bullmq';
import pLimit from 'p-limit';
import { describeCallError, toCallError } from '../src/aws/collectors/context.js';
import { planRegions, resolveAccounts } from '../src/aws/collectors/targets.js';
import { manualStatuses } from '../src/checks/manual.js';
import { checksFor, GLOBAL_REGION } from '../src/checks/engine.js';
import { selectChecks } from '../src/checks/registry.js';
import { renderReport, type ReportFormat } from '../src/checks/report.js';
import { registerEntry, registerMarkdown } from '../src/breach/document.js';
import { BreachStore } from '../src/breach/store.js';
import { mergeShards, parseShardJobId, ShardStore } from '../src/checks/shards.js';
import { ResultStore, ScanState, type ScanMeta } from '../src/checks/store.js';
import { DataMapStore } from '../src/datamap/store.js';
import { summarize } from '../src/checks/summary.js';
import { CheckScope, CheckStatus, type Check, type CheckResult } from '../src/checks/types.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import { shareStatusCharts } from '../src/home/charts.js';
import { publishHomesAfterScan } from '../src/home/publish.js';
import type { Services } from '../src/services.js';
import { postureMessage, progressMessage } from '../src/slack/posture.js';
import { withWaivers } from '../src/waivers/flow.js';

type ScanJob = Job<JobData<'scan'>, JobResult<'scan'>, JobName<'scan'>>;

/** The outbox ref of a scan's progress message. */
export function scanMessageRef(scanId: string): string {
  return `scan:${scanId}`;
}

async function uploadReport(services: Services, data: JobData<'scan'>): Promise<JobResult<'scan'>> {
  if (!data.channel) throw new UnrecoverableError('report job without a channel');
  const store = new ResultStore(services.redis, services.keys);
  const [stored, last, dataMaps] = await Promise.all([store.latest(), store.lastScan(), new DataMapStore(services.redis, services.keys).all()]);
  // Waived failures are reported as waived, with who accepted the risk, why and until when.
  const results = await withWaivers(services, stored);
  const format: ReportFormat = data.format ?? 'md';
  const now = services.now();
  const content = renderReport(format, {
    generatedAt: now,
    scannedAt: last?.finishedAt,
    scanId: last?.id,
    accounts: [...new Set(results.map((r) => r.accountId))].sort(),
    results,
    coverage: last?.coverage,
    manual: manualStatuses(services.config.manualAnswers, now),
    dataMap: dataMaps.maps,
  });
  // The breach register (Art. 33(5)) belongs in the evidence too: every assessment, notified or not.
  const breaches = await new BreachStore(services.redis, services.keys).all(1000);
  const withRegister = format === 'md' ? `${content}\n${registerMarkdown(breaches)}` : format === 'json' ? `${JSON.stringify({ ...(JSON.parse(content) as object), breaches: breaches.map(registerEntry) }, null, 2)}\n` : content;
  const filename = `gdpr-evidence-${now.toISOString().slice(0, 10)}.${format}`;
  await services.slack.files.uploadV2({
    channel_id: data.channel,
    filename,
    title: `GDPR evidence report (${format.toUpperCase()})`,
    content: withRegister,
    initial_comment: `GDPR evidence report${data.user ? ` requested by <@${data.user}>` : ''}: per article, check, resource and status${last?.finishedAt ? `, results of ${last.finishedAt}` : ''}.`,
  });
  return { uploaded: filename };
}

/** A scan's (account, region) job that failed every retry, and why. */
export interface FailedTarget {
  accountId: string;
  region: string;
  reason: string;
}

/**
 * The targets among a parent's ignored child failures (BullMQ: child job key → failure reason). A
 * child's job id is `<scanId>-<account>-<region>` (see the plan step), its key `<prefix>:<queue>:<id>`.
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
 * The scan parent job. Step `plan`: resolve the accounts (and assume nothing yet), queue one
 * `scan-target` child per account × region and post the progress message. Then it waits for its
 * children (BullMQ parent/child); when they are done it summarises, records the history, frees the
 * scope and updates the message with the summary. `report` jobs upload the evidence file.
 */
export function makeScanProcessor(services: Services) {
  return async (job: ScanJob, token?: string): Promise<JobResult<'scan'>> => {
    if (job.name === 'report') return uploadReport(services, job.data);
    if (job.name === 'chart') return shareStatusCharts(services, job.data);
    const store = new ResultStore(services.redis, services.keys);
    const config = services.config;
    let data = job.data;
    const log = services.log.child({ job: 'scan', jobId: job.id });

    if (!data.scanId) {
      // A scheduled scan: register it like any other, unless one of the same scope is running.
      const meta: ScanMeta = {
        id: `scheduled-${job.id}`,
        selector: { kind: 'all' },
        regions: [],
        state: ScanState.Running,
        startedAt: services.now().toISOString(),
        total: 0,
        done: 0,
        accounts: [],
        channel: config.channels.findings,
        trigger: 'schedule',
      };
      const begun = await store.begin(meta);
      if (!begun.started) return { skipped: `scan ${begun.runningId} of the same scope is running` };
      data = { ...data, scanId: meta.id, selector: meta.selector, channel: meta.channel, trigger: 'schedule', step: 'plan' };
      await job.updateData(data);
    }
    const scanId = data.scanId as string;

    if ((data.step ?? 'plan') === 'plan') {
      let accounts;
      try {
        accounts = await resolveAccounts(services.aws, config.scan);
      } catch (error) {
        const reason = describeCallError(toCallError(config.scan.organization ? 'organizations:ListAccounts' : 'sts:GetCallerIdentity', error));
        if (job.attemptsMade + 1 < (job.opts.attempts ?? 1)) throw error;
        await store.abort(scanId, services.now());
        if (data.channel) {
          await services.outbox.send({ kind: 'update', channel: data.channel, ref: scanMessageRef(scanId), requestedBy: data.user, text: `:warning: Scan \`${scanId}\` could not start: ${reason}.` });
        }
        throw new UnrecoverableError(`scan ${scanId} could not resolve its accounts: ${reason}`);
      }
      // The regions asked for (the command's, else scan.regions), or every region enabled in each account.
      const requested = data.regions?.length ? data.regions : config.scan.regions;
      const limit = pLimit(8);
      const coverage = await Promise.all(
        accounts.map((a) =>
          limit(() =>
            planRegions(a.roleArn ? services.aws.forAccount({ accountId: a.accountId, roleArn: a.roleArn }) : services.aws, a.accountId, {
              requested,
              home: services.aws.settings.defaultRegion,
            }),
          ),
        ),
      );
      const checkIds = selectChecks(data.selector ?? { kind: 'all' }).map((c) => c.id);
      const children = accounts.flatMap((a, i) => coverage[i]!.regions.map((region, j, regions) => ({ ...a, region, home: j === 0, regions })));
      const meta = await store.updateMeta(scanId, { total: children.length, accounts: accounts.map((a) => a.accountId), coverage });
      await services.queues.get('scan-target').addBulk(
        children.map((c) => ({
          name: 'target' as const,
          data: { scanId, accountId: c.accountId, roleArn: c.roleArn, region: c.region, home: c.home, regions: c.regions, checkIds },
          opts: {
            jobId: `${scanId}-${c.accountId}-${c.region}`,
            parent: { id: job.id as string, queue: job.queueQualifiedName },
            ignoreDependencyOnFailure: true,
            attempts: 3,
            backoff: { type: 'exponential', delay: 5000 },
          },
        })),
      );
      data = { ...data, step: 'wait' };
      await job.updateData(data);
      if (data.channel && meta) await services.outbox.send({ kind: 'update', channel: data.channel, ref: scanMessageRef(scanId), requestedBy: data.user, ...progressMessage(meta, 0) });
      log.info({ scanId, targets: children.length }, 'scan planned');
    }

    if (token && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();

    const failures = await job.getIgnoredChildrenFailures();
    const failed = failedTargets(scanId, failures);
    // Accounts with bucket jobs: their per-bucket results are merged now (an account whose home job
    // failed is recorded as not checked as a whole below).
    const planned = await store.meta(scanId);
    const failedHomes = new Set(failed.filter((t) => planned?.coverage?.find((c) => c.accountId === t.accountId)?.regions[0] === t.region).map((t) => t.accountId));
    const failedShards = await mergeShards({
      shards: new ShardStore(services.redis, services.keys),
      results: store,
      scanId,
      checks: selectChecks(data.selector ?? { kind: 'all' }),
      failures,
      failedHomes,
      at: services.now().toISOString(),
    });
    if (failedShards.length > 0) log.warn({ scanId, failedShards: failedShards.map((s) => `${s.accountId}#${s.shard + 1}`) }, 'bucket jobs failed every retry; their buckets are recorded as not checked');
    if (failed.length > 0) {
      // A target that failed every retry was not checked: its checks say so, in place of whatever an
      // earlier scan left for them (a stale pass would stand for a target nobody looked at).
      const checks = selectChecks(data.selector ?? { kind: 'all' });
      const stored = new Set((await store.latest()).filter((r) => r.scanId === scanId).map((r) => `${r.accountId}|${r.region}|${r.checkId}`));
      const notChecked = failed.flatMap((t) => notCheckedResults(t, checks, planned).filter((r) => !stored.has(`${r.accountId}|${r.region}|${r.checkId}`)));
      await store.saveResults(scanId, services.now().toISOString(), notChecked);
      log.warn({ scanId, failedTargets: failed.map((t) => `${t.accountId}/${t.region}`) }, 'scan targets failed every retry; their checks are recorded as not checked');
    }
    const all = await store.latest();
    const own = all.filter((r) => r.scanId === scanId);
    const meta = await store.finish(scanId, summarize(all), services.now(), config.scan.historyRetention);
    if (data.channel) {
      const personal = await new DataMapStore(services.redis, services.keys).personal();
      const message = postureMessage({ results: await withWaivers(services, own), meta, now: services.now(), title: 'Scan finished', manual: manualStatuses(config.manualAnswers, services.now()), personal });
      if (failed.length > 0) {
        const names = failed.map((t) => `${t.accountId}/${t.region}`);
        const listed = names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', ');
        message.blocks?.splice(2, 0, {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:warning: ${failed.length} account-region(s) could not be scanned after retries and were *not checked*: ${listed}. Their checks count against the score as "could not check"; no earlier result stands for them. See the bot's logs for scan \`${scanId}\`.`.slice(0, 3000),
          },
        });
      }
      if (failedShards.length > 0) {
        const buckets = failedShards.reduce((n, s) => n + s.buckets, 0);
        const accounts = [...new Set(failedShards.map((s) => s.accountId))].join(', ');
        message.blocks?.splice(2, 0, {
          type: 'section',
          text: { type: 'mrkdwn', text: `:warning: ${failedShards.length} bucket job(s) of account(s) ${accounts} failed after retries: their ${buckets} bucket(s) were *not checked* and count against the score as "could not check".`.slice(0, 3000) },
        });
      }
      await services.outbox.send({ kind: 'update', channel: data.channel, ref: scanMessageRef(scanId), requestedBy: data.user, ...message });
    }
    const score = summarize(own).score;
    log.info({ scanId, score, results: own.length, failedTargets: failed.length }, 'scan finished');
    // The Home tabs of recent viewers show the new posture; a failure there does not fail the scan.
    await publishHomesAfterScan(services, async (user) => !(await services.approvers.isGuest(user))).catch((err: unknown) => log.warn({ err, scanId }, 'could not refresh the Home tabs after the scan'));
    return { scanId, score, targets: meta?.total };
  };
}
