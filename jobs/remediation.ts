import { UnrecoverableError, type Job } from 'bullmq';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import { describeAwsError, isAccessDenied, isRetryable, missingPermission } from '../src/remediations/aws-errors.js';
import { assertOwnAccount, WrongAccountError } from '../src/remediations/account.js';
import { findRemediation } from '../src/remediations/registry.js';
import {
  announceExpiry,
  chainAudit,
  clientsFor,
  notifyRequester,
  postLongPlan,
  queueApply,
  refreshApprovalMessage,
  remediationContext,
  requestStore,
  stagedAudit,
} from '../src/remediations/requests.js';
import { checkToVerify, targetFromOutside, type RemediationRequest } from '../src/remediations/state.js';
import type { Verification } from '../src/remediations/engine.js';
import type { Remediation } from '../src/remediations/types.js';
import type { Services } from '../src/services.js';
import { TamperedRecordError } from '../src/redis/integrity.js';

type RemediationJob = Job<JobData<'remediation'>, JobResult<'remediation'>, JobName<'remediation'>>;

/** How long an approved request may wait before the sweep queues its job again (the job id keeps it single). */
const REQUEUE_AFTER_MS = 60_000;
/** How long a request may be "running" before the sweep looks at its job (longer than any apply with its retries). */
const STALE_RUNNING_MS = 15 * 60_000;

function isLastAttempt(job: RemediationJob): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Turns an AWS error into what the job does next: AccessDenied fails the request at once with the
 * missing permission (UnrecoverableError: retrying cannot help); throttling and 5xx retry with backoff
 * until the last attempt; anything else fails on its last attempt.
 */
function classify(job: RemediationJob, remediation: Remediation, error: unknown): { final: boolean; reason: string; unrecoverable: boolean } {
  if (error instanceof WrongAccountError) return { final: true, unrecoverable: true, reason: error.message };
  if (isAccessDenied(error)) {
    return { final: true, unrecoverable: true, reason: `AccessDenied: the remediator role lacks ${missingPermission(error, remediation.permissions)} (${describeAwsError(error)})` };
  }
  const reason = describeAwsError(error);
  if (isRetryable(error)) return { final: isLastAttempt(job), unrecoverable: false, reason: `${reason} (gave up after ${job.attemptsMade + 1} attempts)` };
  return { final: isLastAttempt(job), unrecoverable: false, reason };
}

/** Remediation jobs: `plan` (read-only preview), `apply` (approved fixes only, then verification) and `sweep` (expiry). */
export function makeRemediationProcessor(services: Services) {
  const store = requestStore(services);
  const log = services.log.child({ component: 'remediation' });

  async function finish(request: RemediationRequest, remediation: Remediation): Promise<void> {
    await refreshApprovalMessage(services, request, remediation);
    await notifyRequester(services, request, remediation);
  }

  async function plan(job: RemediationJob, request: RemediationRequest, remediation: Remediation): Promise<JobResult<'remediation'>> {
    if (request.status !== 'planning') return { status: request.status, skipped: 'already planned' };
    let result;
    try {
      // Findings (and restores of their fixes) name the account they come from; a fix there needs that account's role, never ours by accident.
      if (targetFromOutside(request.source)) await assertOwnAccount(clientsFor(services, request.target), request.target);
      const preview = await remediation.plan(remediationContext(services, request.target), request.target);
      result = await store.apply(
        request.id,
        { type: 'planned', plan: preview },
        services.now,
        stagedAudit(services, ({ request: next }) => [{ actor: 'system', action: 'remediation.planned', subject: next.id, detail: { plan: next.plan } }], { alsoWhenExpired: true }),
      );
    } catch (error) {
      const c = classify(job, remediation, error);
      if (!c.final) throw error;
      const failed = await store.apply(
        request.id,
        { type: 'plan-failed', reason: `could not prepare the plan: ${c.reason}` },
        services.now,
        stagedAudit(services, () => [{ actor: 'system', action: 'remediation.failed', subject: request.id, detail: { stage: 'plan', reason: c.reason } }]),
      );
      if (failed?.changed) {
        await chainAudit(services);
        await finish(failed.request, remediation);
      }
      throw c.unrecoverable ? new UnrecoverableError(c.reason) : error;
    }
    if (!result?.changed) return { status: result?.request.status ?? 'missing', skipped: result?.refused };
    let next = result.request;
    await chainAudit(services);
    if (next.status === 'expired') {
      await announceExpiry(services, next);
      return { status: next.status };
    }
    if (services.config.remediation.auto.includes(remediation.id)) {
      const auto = await store.apply(
        next.id,
        { type: 'auto-approve' },
        services.now,
        stagedAudit(services, ({ request: r }) => [{ actor: 'policy', action: 'remediation.approved', subject: r.id, detail: { remediation: remediation.id, rule: 'remediation.auto' } }]),
      );
      if (auto?.changed) {
        next = auto.request;
        await chainAudit(services);
        await queueApply(services, next.id);
      }
    }
    await refreshApprovalMessage(services, next, remediation);
    await postLongPlan(services, next);
    return { status: next.status };
  }

  async function apply(job: RemediationJob, request: RemediationRequest, remediation: Remediation): Promise<JobResult<'remediation'>> {
    const started = await store.apply(request.id, { type: 'start' }, services.now, stagedAudit(services));
    if (!started || started.refused) return { status: started?.request.status ?? 'missing', skipped: started?.refused ?? 'no such request' };
    let current = started.request;
    if (started.changed) await refreshApprovalMessage(services, current, remediation);

    let result;
    try {
      result = await remediation.apply(remediationContext(services, current.target), current.target);
    } catch (error) {
      const c = classify(job, remediation, error);
      log.warn({ requestId: current.id, remediation: remediation.id, attempt: job.attemptsMade + 1, reason: c.reason }, 'remediation attempt failed');
      if (!c.final) throw error;
      const failed = await store.apply(
        current.id,
        { type: 'fail', reason: c.reason },
        services.now,
        stagedAudit(services, () => [{ actor: 'system', action: 'remediation.failed', subject: current.id, detail: { stage: 'apply', reason: c.reason } }]),
      );
      if (failed?.changed) {
        await chainAudit(services);
        await finish(failed.request, remediation);
      }
      throw c.unrecoverable ? new UnrecoverableError(c.reason) : error;
    }
    await services.audit.append({
      actor: 'system',
      action: 'remediation.applied',
      subject: current.id,
      detail: { remediation: remediation.id, target: current.target, outcome: result.outcome, summary: result.summary, calls: result.calls, previous: result.previous ?? null },
    });

    // The check the request came from is the one that must pass now (a finding has no check: every linked one runs).
    const checkId = checkToVerify(current.source);
    const verification = await verify(remediation, current, () => services.fixVerifier.verify(remediation.id, current.target, checkId));
    await services.audit.append({ actor: 'system', action: 'remediation.verified', subject: current.id, detail: { status: verification.status, message: verification.message } });

    const done = await store.apply(
      current.id,
      { type: 'succeed', result, verification },
      services.now,
      stagedAudit(services, ({ request: r }) => (r.status === 'failed' ? [{ actor: 'system', action: 'remediation.failed', subject: r.id, detail: { stage: 'verify', reason: r.error } }] : [])),
    );
    if (!done?.changed) return { status: done?.request.status ?? 'missing', skipped: done?.refused };
    current = done.request;
    await chainAudit(services);
    await finish(current, remediation);
    return { status: current.status };
  }

  /**
   * Proves a fix. Normally by re-running the linked check(s) (`fixVerifier`). A fix that no check can
   * confirm promptly (`verifyWith: 'plan'`) is proven by running its own `plan` again: it must find
   * nothing left to change (a direct read of the setting). Anything that cannot be read is `error`,
   * never `pass`. A `fail` is tried again (`remediation.verifyAttempts`, `verifyDelay` apart).
   */
  async function verify(remediation: Remediation, request: RemediationRequest, byCheck: () => Promise<Verification>): Promise<Verification> {
    const once = async (): Promise<Verification> => {
      try {
        if (remediation.verifyWith !== 'plan') return await byCheck();
        const reread = await remediation.plan(remediationContext(services, request.target), request.target);
        return reread.compliant ? { status: 'pass', message: reread.current } : { status: 'fail', message: `the change did not take: ${reread.current}` };
      } catch (error) {
        return { status: 'error', message: `could not verify: ${describeAwsError(error)}` };
      }
    };
    // AWS reads can lag a change by seconds: a verification that still sees the old value is tried again.
    const { verifyAttempts, verifyDelay } = services.config.remediation;
    let result = await once();
    for (let attempt = 2; attempt <= verifyAttempts && result.status === 'fail'; attempt++) {
      log.info({ requestId: request.id, attempt, message: result.message }, 'fix not visible yet; verifying again');
      await new Promise((resolve) => setTimeout(resolve, verifyDelay));
      result = await once();
    }
    return result;
  }

  /** `op` for one request; a request that fails its integrity check (already reported) is skipped. */
  async function unlessTampered<T>(op: () => Promise<T>): Promise<T | undefined> {
    try {
      return await op();
    } catch (error) {
      if (error instanceof TamperedRecordError) return undefined;
      throw error;
    }
  }

  async function sweep(): Promise<JobResult<'remediation'>> {
    const now = services.now();
    let expired = 0;
    for (const id of await store.overdue(now)) {
      const result = await unlessTampered(() => store.apply(id, { type: 'expire' }, services.now, stagedAudit(services)));
      if (result?.changed && result.request.status === 'expired') {
        expired++;
        await announceExpiry(services, result.request);
      }
    }
    // An approval whose job was lost (process died between the two) is queued again; the job id keeps it single.
    let requeued = 0;
    for (const id of await store.open()) {
      const request = await unlessTampered(() => store.get(id));
      if (request?.status === 'approved' && now.getTime() - Date.parse(request.updatedAt) > REQUEUE_AFTER_MS) {
        await queueApply(services, id);
        requeued++;
      }
    }
    // A fix whose job ended without recording an outcome (e.g. Redis failed on its last attempt) would stay
    // "running" for ever: once its job is failed or gone, the request is failed with that reason.
    for (const id of await store.open()) {
      const request = await unlessTampered(() => store.get(id));
      if (request?.status !== 'running' || now.getTime() - Date.parse(request.updatedAt) <= STALE_RUNNING_MS) continue;
      const job = await services.queues.get('remediation').getJob(`apply-${id}`);
      const state = job ? await job.getState() : 'missing';
      if (state !== 'failed' && state !== 'missing' && state !== 'unknown') continue;
      const reason = `the fix job stopped without recording an outcome (${state}${job?.failedReason ? `: ${job.failedReason}` : ''}); check the resource in AWS before asking again`;
      const failed = await store.apply(
        id,
        { type: 'fail', reason },
        services.now,
        stagedAudit(services, () => [{ actor: 'system', action: 'remediation.failed', subject: id, detail: { stage: 'apply', reason } }]),
      );
      if (failed?.changed) {
        await chainAudit(services);
        const remediation = findRemediation(failed.request.remediation);
        if (remediation) await finish(failed.request, remediation);
      }
    }
    return { status: 'swept', expired, requeued };
  }

  return async (job: RemediationJob): Promise<JobResult<'remediation'>> => {
    if (job.name === 'sweep') return sweep();
    const requestId = job.data.requestId;
    if (!requestId) throw new UnrecoverableError(`${job.name} job without a request id`);
    let request: RemediationRequest | undefined;
    try {
      request = await store.get(requestId);
    } catch (error) {
      // Refused and reported by the store: never planned or applied, and not retried.
      if (error instanceof TamperedRecordError) throw new UnrecoverableError(error.message);
      throw error;
    }
    if (!request) return { status: 'missing', skipped: 'no such request' };
    const remediation = findRemediation(request.remediation);
    if (!remediation) {
      const failed = await store.apply(
        requestId,
        { type: 'fail', reason: `unknown fix ${request.remediation}` },
        services.now,
        stagedAudit(services, () => [{ actor: 'system', action: 'remediation.failed', subject: requestId, detail: { reason: 'unknown fix' } }]),
      );
      if (failed?.changed) await chainAudit(services);
      throw new UnrecoverableError(`unknown remediation ${request.remediation}`);
    }
    return job.name === 'plan' ? plan(job, request, remediation) : apply(job, request, remediation);
  };
}
