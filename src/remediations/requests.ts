import { createHash, randomBytes } from 'node:crypto';
import type { AwsClients } from '../aws/clients.js';
import { canonicalJson } from '../audit/canonical.js';
import { TamperedRecordError } from '../redis/integrity.js';
import { Lease } from '../redis/lease.js';
import type { AuditInput } from '../audit/log.js';
import type { Services } from '../services.js';
import type { FixRequest } from './engine.js';
import { restoreTargetFor } from './ec2-restore-instance.js';
import type { AskedOutcome, DecisionOutcome, FixAskOutcome, RestoreAskOutcome, TamperedOutcome } from './outcomes.js';
import { approvalMessage, approvalRef, outcomeText, planIsLong, planText } from './messages.js';
import { findRemediation } from './registry.js';
import { FINAL_STATUSES, type RemediationRequest, type RequestSource, type TransitionResult } from './state.js';
import { RequestStore, type StagedAudit } from './store.js';
import type { Remediation, RemediationContext, RemediationTarget } from './types.js';

/** What {@link createRemediationRequest} needs. */
export interface CreateRequestInput {
  /** A remediation id from the catalog (src/remediations/registry.ts). */
  remediationId: string;
  target: RemediationTarget;
  /** Slack user id of who asked, or `system` when the bot asks on its own (findings feed). */
  requestedBy: string;
  source: RequestSource;
  /** The Slack message the request came from; outcomes are replied in its thread. */
  origin?: { channel: string; ts?: string };
}

/** The answer of {@link createRemediationRequest}. `existing` is true when an open request for the same fix and target was reused. */
export type CreateRequestResult = { ok: true; request: RemediationRequest; existing: boolean } | { ok: false; error: string };

/** Job options of the plan and apply jobs: the request id is the job id, so one request gives one job. */
const JOB_RETRY = { attempts: 5, backoff: { type: 'exponential', delay: 5000 } } as const;

/** A new request id: short, readable in Slack, safe as a BullMQ job id (no `:`). */
export function newRequestId(): string {
  return `R${randomBytes(5).toString('hex').toUpperCase()}`;
}

/** The Redis-backed request store of these services. */
export function requestStore(services: Pick<Services, 'redis' | 'keys' | 'integrity'>): RequestStore {
  return new RequestStore(services.redis, services.keys, services.integrity);
}

/** The outcome for a click that found a request that failed its integrity check. */
function tampered(error: TamperedRecordError): TamperedOutcome {
  return { kind: 'tampered', id: error.id, problem: error.problem };
}

/**
 * The audit entries of a request change, staged so the store writes them in the same script as the change
 * (`RequestStore.apply`). An expiry found on the way (any transition of an overdue request) is recorded too.
 */
export function stagedAudit(
  services: Pick<Services, 'audit'>,
  entries: (result: TransitionResult) => AuditInput[] = () => [],
  options: { alsoWhenExpired?: boolean } = {},
): StagedAudit {
  return (result) => {
    const expired = result.request.status === 'expired';
    const list = expired ? [...(options.alsoWhenExpired ? entries(result) : []), expiredEntry(result.request)] : entries(result);
    return list.map((e) => services.audit.stage(e));
  };
}

/** The `remediation.expired` entry of a request. */
function expiredEntry(request: RemediationRequest): AuditInput {
  return { actor: 'system', action: 'remediation.expired', subject: request.id, detail: { remediation: request.remediation, expiresAt: request.expiresAt } };
}

/**
 * Chains what a change staged. A failure here loses nothing: the entries stay staged and the next drain
 * (any append, verify, the periodic audit job) chains them.
 */
export async function chainAudit(services: Pick<Services, 'audit' | 'log'>): Promise<void> {
  await services.audit.drain().catch((err: unknown) => services.log.warn({ err }, 'audit entries staged but not chained yet; the audit job will chain them'));
}

/** The approvers of fixes: `remediation.approvers`, or the top-level `approvers`. */
export function remediationApprovers(services: Pick<Services, 'config'>) {
  return services.config.remediation.approvers ?? services.config.approvers;
}

function dedupKey(services: Pick<Services, 'keys'>, remediationId: string, target: RemediationTarget): string {
  const digest = createHash('sha256').update(canonicalJson({ remediationId, target })).digest('hex').slice(0, 32);
  return services.keys.key('remediation', 'active', digest);
}

/**
 * Creates a remediation request and asks for approval. Used by the **Fix** button, `/gdpr fix` and the
 * findings feed. Safe to call from a Slack listener: it only touches Redis (never AWS).
 *
 * It validates the remediation id and target, stores the request as `planning`, audits
 * `remediation.requested`, posts the approval message to `channels.approvals` (through the outbox,
 * ref `remediation:<id>:approval`) and queues a `plan` job that reads AWS, stores the plan, moves the
 * request to `pending` and shows the plan with **Approve** / **Reject** (or, for ids in
 * `remediation.auto`, approves it as "policy" and queues the fix).
 *
 * While a request for the same fix and target is still open, it is returned instead of a new one, so a
 * double click or a Slack retry does not ask twice.
 *
 * @param services the shared services (config, redis, keys, queues, outbox, audit, now)
 * @param input `{ remediationId, target, requestedBy, source: { kind: 'check' | 'finding' | 'command' | 'restore', id }, origin? }`
 * @returns `{ ok: true, request, existing }` or `{ ok: false, error }` with a sentence for the user
 */
export async function createRemediationRequest(services: Services, input: CreateRequestInput): Promise<CreateRequestResult> {
  const remediation = findRemediation(input.remediationId);
  if (!remediation) return { ok: false, error: `there is no fix called ${input.remediationId}` };
  const invalid = remediation.validate(input.target);
  if (invalid) return { ok: false, error: invalid };
  const channel = services.config.channels.approvals;
  if (!channel) return { ok: false, error: 'no approvals channel is configured (channels.approvals)' };

  const store = requestStore(services);
  const now = services.now();
  const ttl = services.config.remediation.requestTtl;
  const id = newRequestId();
  const dedup = dedupKey(services, remediation.id, input.target);
  for (let attempt = 0; attempt < 3; attempt++) {
    // The slot of this fix and target is a lease held by the open request's id.
    if (await Lease.acquire(services.redis, dedup, ttl, id)) break;
    const otherId = await Lease.holder(services.redis, dedup);
    // A request that fails its integrity check counts as gone: a new one is made (and sealed).
    const other = otherId ? await store.get(otherId).catch((error: unknown) => (error instanceof TamperedRecordError ? undefined : Promise.reject(error))) : undefined;
    if (other && !FINAL_STATUSES.has(other.status)) return { ok: true, request: other, existing: true };
    // The other request is finished (or gone): take the slot over, unless someone else just did.
    if (otherId) await Lease.held(services.redis, dedup, otherId, ttl).release();
  }

  const request: RemediationRequest = {
    id,
    remediation: remediation.id,
    target: input.target,
    requestedBy: input.requestedBy,
    source: input.source,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttl).toISOString(),
    updatedAt: now.toISOString(),
    minApprovals: services.config.remediation.minApprovals,
    status: 'planning',
    approvals: [],
    ...(input.origin ? { origin: input.origin } : {}),
    version: 1,
  };
  const requested = services.audit.stage({
    actor: input.requestedBy,
    action: 'remediation.requested',
    subject: id,
    detail: { remediation: remediation.id, target: input.target, source: input.source, risk: remediation.risk },
  });
  if (!(await store.create(request, [requested]))) return { ok: false, error: 'could not store the request (id collision); please try again' };
  await chainAudit(services);
  await services.outbox.send({ kind: 'post', channel, ref: approvalRef(id), ...approvalMessage(request, remediation) });
  await services.queues.get('remediation').add('plan', { requestId: id }, { jobId: `plan-${id}`, ...JOB_RETRY });
  return { ok: true, request, existing: false };
}

/** Queues the fix of an approved request; the job id is derived from the request id, so it runs once. */
export async function queueApply(services: Pick<Services, 'queues'>, requestId: string): Promise<void> {
  await services.queues.get('remediation').add('apply', { requestId }, { jobId: `apply-${requestId}`, ...JOB_RETRY });
}

/** Re-renders the approval message in place (chat.update through the outbox). */
export async function refreshApprovalMessage(services: Services, request: RemediationRequest, remediation: Remediation): Promise<void> {
  const channel = services.config.channels.approvals;
  if (!channel) return;
  await services.outbox.send({ kind: 'update', channel, ref: approvalRef(request.id), ...approvalMessage(request, remediation) });
}

/** Posts the full plan in the approval message's thread when it does not fit the message. */
export async function postLongPlan(services: Services, request: RemediationRequest): Promise<void> {
  const channel = services.config.channels.approvals;
  if (!channel || !request.plan || !planIsLong(request.plan)) return;
  await services.outbox.send({ kind: 'post', channel, thread: { ref: approvalRef(request.id) }, text: `Full plan of request ${request.id}:\n${planText(request.plan)}` });
}

/** Tells the requester how their request ended: in the thread of the message they clicked, or by DM. */
export async function notifyRequester(services: Services, request: RemediationRequest, remediation: Remediation): Promise<void> {
  const text = outcomeText(request, remediation);
  if (request.origin?.ts) {
    const requestedBy = /^[UW][A-Z0-9]+$/.test(request.requestedBy) ? request.requestedBy : undefined;
    await services.outbox.send({ kind: 'post', channel: request.origin.channel, thread: { ts: request.origin.ts }, text, requestedBy });
  } else if (/^[UW][A-Z0-9]+$/.test(request.requestedBy)) {
    await services.outbox.send({ kind: 'post', channel: request.requestedBy, text });
  }
}

/** Re-renders and notifies after a request expired (its audit entry was staged with the change, see {@link stagedAudit}). */
export async function announceExpiry(services: Services, request: RemediationRequest): Promise<void> {
  const remediation = findRemediation(request.remediation);
  await chainAudit(services);
  if (!remediation) return;
  await refreshApprovalMessage(services, request, remediation);
  await notifyRequester(services, request, remediation);
}

/**
 * An approver's click on Approve or Reject. Authorization is checked here, on the server, for every
 * click (`services.approvers.check` with the requester excluded), then the transition is applied
 * atomically: of any number of identical clicks exactly one changes the request and, when the quorum
 * is reached, queues the fix. Returns what to tell the clicking user (`decisionText` renders it).
 */
export async function decide(services: Services, args: { requestId: string; userId: string; decision: 'approve' | 'reject' }): Promise<DecisionOutcome> {
  try {
    return await decideChecked(services, args);
  } catch (error) {
    if (error instanceof TamperedRecordError) return tampered(error);
    throw error;
  }
}

async function decideChecked(services: Services, args: { requestId: string; userId: string; decision: 'approve' | 'reject' }): Promise<DecisionOutcome> {
  const store = requestStore(services);
  const request = await store.get(args.requestId);
  if (!request) return { kind: 'not-found' };
  const remediation = findRemediation(request.remediation);
  if (!remediation) return { kind: 'unknown-fix', remediation: request.remediation };
  const authz = await services.approvers.check(args.userId, remediationApprovers(services), { requester: request.requestedBy });
  const result = await store.apply(
    args.requestId,
    args.decision === 'approve' ? { type: 'approve', by: args.userId, authz } : { type: 'reject', by: args.userId, authz },
    services.now,
    stagedAudit(services, ({ request: next }) => [
      args.decision === 'approve'
        ? {
            actor: args.userId,
            action: 'remediation.approved',
            subject: next.id,
            detail: { remediation: next.remediation, approvals: next.approvals.length, needed: next.minApprovals, status: next.status },
          }
        : { actor: args.userId, action: 'remediation.rejected', subject: next.id, detail: { remediation: next.remediation } },
    ]),
  );
  if (!result) return { kind: 'not-found' };
  const next = result.request;
  if (result.changed) {
    await chainAudit(services);
    if (next.status === 'expired') {
      await announceExpiry(services, next);
    } else if (args.decision === 'approve') {
      await refreshApprovalMessage(services, next, remediation);
      if (next.status === 'approved') await queueApply(services, next.id);
    } else {
      await refreshApprovalMessage(services, next, remediation);
      await notifyRequester(services, next, remediation);
    }
  } else if (result.refused && !FINAL_STATUSES.has(request.status) && request.status !== 'approved' && request.status !== 'running') {
    // Refused for who they are (not an approver, a guest, the requester): on the trail, coalesced per user and minute.
    await services.audit.refused({ actor: args.userId, action: `remediation.${args.decision}-refused`, subject: request.id, detail: { reason: result.refused } });
  }
  if (result.refused) return { kind: 'refused', reason: result.refused };
  if (args.decision === 'reject') return { kind: 'rejected', requestId: next.id };
  return { kind: 'approved', requestId: next.id, queued: next.status === 'approved', remaining: next.minApprovals - next.approvals.length };
}

/** AWS clients for the target's account: the bot's own, or a member account through its role. */
export function clientsFor(services: Pick<Services, 'aws'>, target: RemediationTarget): AwsClients {
  return target.roleArn ? services.aws.forAccount({ accountId: target.accountId, roleArn: target.roleArn }, 'gdpr-bot-remediate') : services.aws;
}

/** The context a remediation runs with. */
export function remediationContext(services: Pick<Services, 'aws' | 'config' | 'now'>, target: RemediationTarget): RemediationContext {
  return { aws: clientsFor(services, target), region: target.region ?? services.aws.settings.defaultRegion, settings: services.config.remediation, now: services.now };
}

/** A guest's request for a fix: refused, and on the trail (coalesced per user and minute). */
async function refusedFix(services: Services, userId: string, subject: string): Promise<{ kind: 'guest' }> {
  await services.audit
    .refused({ actor: userId, action: 'remediation.request-refused', subject: subject.slice(0, 100), detail: { reason: 'Guest accounts cannot request fixes.' } })
    .catch((err: unknown) => services.log.error({ err: { message: (err as Error).message }, actor: userId }, 'could not audit a refused fix request'));
  return { kind: 'guest' };
}

/**
 * A person asks for the fix of a failing check (the **Fix** button or `/gdpr fix`): guests are refused,
 * the resolver maps the stored check result to a remediation and target (from Redis, never AWS), and
 * a request is created. Returns what to tell the person (ephemeral; `fixAskText` renders it).
 */
export async function requestFixForCheck(
  services: Services,
  args: { fix: FixRequest; userId: string; kind: 'check' | 'command'; origin?: { channel: string; ts?: string } },
): Promise<FixAskOutcome> {
  if (await services.approvers.isGuest(args.userId)) return refusedFix(services, args.userId, args.fix.checkId);
  const resolved = await services.fixResolver.resolve(args.fix);
  if ('error' in resolved) return { kind: 'no-fix', checkId: args.fix.checkId, error: resolved.error };
  const created = await createRemediationRequest(services, {
    remediationId: resolved.remediationId,
    target: resolved.target,
    requestedBy: args.userId,
    source: { kind: args.kind, id: args.fix.checkId },
    ...(args.origin ? { origin: args.origin } : {}),
  });
  if (!created.ok) return { kind: 'not-created', error: created.error };
  return asked(services, created);
}

/**
 * A person asks to undo a succeeded isolation (**Restore network access** on its approval message):
 * guests are refused; the isolation request must exist, be an `ec2-isolate-instance` request that
 * succeeded and have recorded groups; the `ec2-restore-instance` target is copied from that request
 * (never from the click), and a request is created like any fix, so someone else must approve it.
 * Returns what to tell the person (ephemeral; `restoreAskText` renders it).
 */
export async function requestRestore(services: Services, args: { isolationId: string; userId: string; origin?: { channel: string; ts?: string } }): Promise<RestoreAskOutcome> {
  if (await services.approvers.isGuest(args.userId)) return refusedFix(services, args.userId, args.isolationId);
  let isolation: RemediationRequest | undefined;
  try {
    isolation = await requestStore(services).get(args.isolationId);
  } catch (error) {
    if (error instanceof TamperedRecordError) return tampered(error);
    throw error;
  }
  if (!isolation) return { kind: 'no-isolation', isolationId: args.isolationId };
  const restore = restoreTargetFor(isolation);
  if ('error' in restore) return { kind: 'nothing-to-restore', error: restore.error };
  const created = await createRemediationRequest(services, {
    remediationId: 'ec2-restore-instance',
    target: restore.target,
    requestedBy: args.userId,
    source: { kind: 'restore', id: isolation.id },
    ...(args.origin ? { origin: args.origin } : {}),
  });
  if (!created.ok) return { kind: 'not-created', error: created.error };
  return { ...asked(services, created), instance: restore.target.resource! };
}

/** A created (or already open) request, as told to the person who asked for it. */
function asked(services: Pick<Services, 'config'>, created: { request: RemediationRequest; existing: boolean }): AskedOutcome {
  const approvalsChannel = services.config.channels.approvals;
  return created.existing
    ? { kind: 'already-open', requestId: created.request.id, status: created.request.status, ...(approvalsChannel ? { approvalsChannel } : {}) }
    : { kind: 'requested', requestId: created.request.id, ...(approvalsChannel ? { approvalsChannel } : {}) };
}
