import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Approvers } from '../access/approvers.js';
import { newId } from '../approvals/ids.js';
import type { AuditInput, AuditLog } from '../audit/log.js';
import { canonicalJson } from '../audit/canonical.js';
import type { AwsClients } from '../aws/clients.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Outbox } from '../notify/outbox.js';
import type { JobResult } from '../queues/definitions.js';
import { remediationProducer } from '../queues/producers.js';
import { isLastAttempt, StopRetrying, type JobAttempt } from '../queues/retry.js';
import { TamperedRecordError } from '../redis/integrity.js';
import type { Keys } from '../redis/keys.js';
import { Lease } from '../redis/lease.js';
import type { Services } from '../services.js';
import { assertOwnAccount, WrongAccountError } from './account.js';
import { describeAwsError, isAccessDenied, isRetryable, missingPermission } from './aws-errors.js';
import type { FixRequest, FixResolver, FixVerifier, Verification } from './engine.js';
import { approvalMessage, approvalRef, outcomeText, planIsLong, planText } from './messages.js';
import type { AskedOutcome, DecisionOutcome, FixAskOutcome, RestoreAskOutcome, TamperedOutcome } from './outcomes.js';
import { findRemediation, followUpFor } from './catalog/index.js';
import {
  checkToVerify,
  FINAL_STATUSES,
  REMEDIATION_IDS,
  targetFromOutside,
  type RemediationRequest,
  type RequestSource,
  type TransitionResult,
} from './state.js';
import { RequestStore, type StagedAudit } from './store.js';
import type { Remediation, RemediationContext, RemediationTarget } from './types.js';

/**
 * The remediation workflow in one place: create a request (from a check, a command, a finding or a
 * restore), decide on it (Approve / Reject), and the job steps `plan` (read-only preview), `apply`
 * (approved fixes only, then verification) and `sweep` (expiry, lost and stuck jobs). The jobs in
 * `jobs/remediation.ts` and the listeners in `commands/` only call it.
 */

/** What {@link RemediationFlow.create} needs. */
export interface CreateRequestInput {
  /** A remediation id from the catalog (src/remediations/catalog/index.ts). */
  remediationId: string;
  target: RemediationTarget;
  /** Slack user id of who asked, or `system` when the bot asks on its own (findings feed). */
  requestedBy: string;
  source: RequestSource;
  /** The Slack message the request came from; outcomes are replied in its thread. */
  origin?: { channel: string; ts?: string };
}

/** The answer of {@link RemediationFlow.create}. `existing` is true when an open request for the same fix and target was reused. */
export type CreateRequestResult = { ok: true; request: RemediationRequest; existing: boolean } | { ok: false; error: string };

/** The queue producer of the flow (`remediationProducer` of src/queues/producers.ts: it owns the job ids and retries). */
export interface RemediationJobs {
  plan(requestId: string): Promise<void>;
  apply(requestId: string): Promise<void>;
  /** Where the apply job of a request is (BullMQ's state, `missing` when there is none). */
  applyState(requestId: string): Promise<{ state: string; failedReason?: string }>;
}

/** The slot of an open request per fix and target (a lease held by the request's id), so a double click asks once. */
export interface RequestSlots {
  /** Takes the slot for `id`; false when someone holds it. */
  claim(slot: string, id: string, ttlMs: number): Promise<boolean>;
  holder(slot: string): Promise<string | undefined>;
  /** Frees the slot if `holder` still holds it. */
  release(slot: string, holder: string, ttlMs: number): Promise<void>;
}

/** What the remediation flow uses, and nothing more. */
export interface RemediationDeps {
  config: Pick<Config, 'channels' | 'remediation' | 'approvers'>;
  log: Logger;
  requests: RequestStore;
  slots: RequestSlots;
  outbox: Outbox;
  audit: Pick<AuditLog, 'stage' | 'drain' | 'append' | 'refused'>;
  approvers: Pick<Approvers, 'check' | 'isGuest'>;
  now: () => Date;
  /** AWS clients for a target's account: the bot's own, or a member account through its role. */
  clientsFor: (target: RemediationTarget) => AwsClients;
  /** The region of a target that names none. */
  defaultRegion: string;
  jobs: RemediationJobs;
  fixResolver: FixResolver;
  fixVerifier: FixVerifier;
  /** The catalog (default: src/remediations/catalog/index.ts). */
  findRemediation?: (id: string) => Remediation | undefined;
  /** Waits between verification attempts (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
}

/** How long an approved request may wait before the sweep queues its job again (the job id keeps it single). */
const REQUEUE_AFTER_MS = 60_000;
/** How long a request may be "running" before the sweep looks at its job (longer than any apply with its retries). */
const STALE_RUNNING_MS = 15 * 60_000;

/** A new request id: short, readable in Slack, safe as a BullMQ job id (no `:`). */
export function newRequestId(): string {
  return newId(REMEDIATION_IDS);
}

/** The Redis-backed request store of these services. */
export function requestStore(services: Pick<Services, 'redis' | 'keys' | 'integrity'>): RequestStore {
  return new RequestStore(services.redis, services.keys, services.integrity);
}

/** The slots as leases in Redis. */
export function leaseSlots(redis: Redis, keys: Keys): RequestSlots {
  const key = (slot: string) => keys.key('remediation', 'active', slot);
  return {
    async claim(slot, id, ttlMs) {
      return (await Lease.acquire(redis, key(slot), ttlMs, id)) !== undefined;
    },
    async holder(slot) {
      return (await Lease.holder(redis, key(slot))) ?? undefined;
    },
    async release(slot, holder, ttlMs) {
      await Lease.held(redis, key(slot), holder, ttlMs).release();
    },
  };
}

/** AWS clients for the target's account: the bot's own, or a member account through its role. */
export function clientsFor(aws: AwsClients, target: RemediationTarget): AwsClients {
  return target.roleArn ? aws.forAccount({ accountId: target.accountId, roleArn: target.roleArn }, 'gdpr-bot-remediate') : aws;
}

/** The flow's dependencies, taken from the shared services of the composition root. */
export function remediationDeps(services: Services): RemediationDeps {
  return {
    config: services.config,
    log: services.log,
    requests: requestStore(services),
    slots: leaseSlots(services.redis, services.keys),
    outbox: services.outbox,
    audit: services.audit,
    approvers: services.approvers,
    now: () => services.now(),
    clientsFor: (target) => clientsFor(services.aws, target),
    defaultRegion: services.aws.settings.defaultRegion,
    jobs: remediationProducer(services.queues),
    fixResolver: services.fixResolver,
    fixVerifier: services.fixVerifier,
  };
}

/** The flow of these services. */
export function remediationFlow(services: Services): RemediationFlow {
  return new RemediationFlow(remediationDeps(services));
}

/** The outcome for a click that found a request that failed its integrity check. */
function tampered(error: TamperedRecordError): TamperedOutcome {
  return { kind: 'tampered', id: error.id, problem: error.problem };
}

/** The `remediation.expired` entry of a request. */
function expiredEntry(request: RemediationRequest): AuditInput {
  return { actor: 'system', action: 'remediation.expired', subject: request.id, detail: { remediation: request.remediation, expiresAt: request.expiresAt } };
}

/** The slot name of a fix and target. */
function slotOf(remediationId: string, target: RemediationTarget): string {
  return createHash('sha256').update(canonicalJson({ remediationId, target })).digest('hex').slice(0, 32);
}

function isUser(id: string): boolean {
  return /^[UW][A-Z0-9]+$/.test(id);
}

export class RemediationFlow {
  private readonly store: RequestStore;
  private readonly log: Logger;
  private readonly find: (id: string) => Remediation | undefined;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: RemediationDeps) {
    this.store = deps.requests;
    this.log = deps.log.child({ component: 'remediation' });
    this.find = deps.findRemediation ?? findRemediation;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The approvers of fixes: `remediation.approvers`, or the top-level `approvers`. */
  get approvers() {
    return this.deps.config.remediation.approvers ?? this.deps.config.approvers;
  }

  /**
   * The audit entries of a request change, staged so the store writes them in the same script as the change
   * (`RequestStore.apply`). An expiry found on the way (any transition of an overdue request) is recorded too.
   */
  private staged(entries: (result: TransitionResult) => AuditInput[] = () => [], options: { alsoWhenExpired?: boolean } = {}): StagedAudit {
    return (result) => {
      const expired = result.request.status === 'expired';
      const list = expired ? [...(options.alsoWhenExpired ? entries(result) : []), expiredEntry(result.request)] : entries(result);
      return list.map((e) => this.deps.audit.stage(e));
    };
  }

  /**
   * Chains what a change staged. A failure here loses nothing: the entries stay staged and the next drain
   * (any append, verify, the periodic audit job) chains them.
   */
  private async chainAudit(): Promise<void> {
    await this.deps.audit
      .drain()
      .catch((err: unknown) => this.deps.log.warn({ err }, 'audit entries staged but not chained yet; the audit job will chain them'));
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
   * @param input `{ remediationId, target, requestedBy, source: { kind: 'check' | 'finding' | 'command' | 'restore', id }, origin? }`
   * @returns `{ ok: true, request, existing }` or `{ ok: false, error }` with a sentence for the user
   */
  async create(input: CreateRequestInput): Promise<CreateRequestResult> {
    const { config, audit, slots } = this.deps;
    const remediation = this.find(input.remediationId);
    if (!remediation) return { ok: false, error: `there is no fix called ${input.remediationId}` };
    const invalid = remediation.validate(input.target);
    if (invalid) return { ok: false, error: invalid };
    const channel = config.channels.approvals;
    if (!channel) return { ok: false, error: 'no approvals channel is configured (channels.approvals)' };

    const store = this.store;
    const now = this.deps.now();
    const ttl = config.remediation.requestTtl;
    const id = newRequestId();
    const slot = slotOf(remediation.id, input.target);
    for (let attempt = 0; attempt < 3; attempt++) {
      // The slot of this fix and target is a lease held by the open request's id.
      if (await slots.claim(slot, id, ttl)) break;
      const otherId = await slots.holder(slot);
      // A request that fails its integrity check counts as gone: a new one is made (and sealed).
      const other = otherId
        ? await store.get(otherId).catch((error: unknown) => (error instanceof TamperedRecordError ? undefined : Promise.reject(error)))
        : undefined;
      if (other && !FINAL_STATUSES.has(other.status)) return { ok: true, request: other, existing: true };
      // The other request is finished (or gone): take the slot over, unless someone else just did.
      if (otherId) await slots.release(slot, otherId, ttl);
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
      minApprovals: config.remediation.minApprovals,
      status: 'planning',
      approvals: [],
      ...(input.origin ? { origin: input.origin } : {}),
      version: 1,
    };
    const requested = audit.stage({
      actor: input.requestedBy,
      action: 'remediation.requested',
      subject: id,
      detail: { remediation: remediation.id, target: input.target, source: input.source, risk: remediation.risk },
    });
    if (!(await store.create(request, [requested]))) return { ok: false, error: 'could not store the request (id collision); please try again' };
    await this.chainAudit();
    await this.deps.outbox.send({ kind: 'post', channel, ref: approvalRef(id), ...approvalMessage(request, remediation) });
    await this.deps.jobs.plan(id);
    return { ok: true, request, existing: false };
  }

  /** Re-renders the approval message in place (chat.update through the outbox). */
  private async refreshApprovalMessage(request: RemediationRequest, remediation: Remediation): Promise<void> {
    const channel = this.deps.config.channels.approvals;
    if (!channel) return;
    await this.deps.outbox.send({ kind: 'update', channel, ref: approvalRef(request.id), ...approvalMessage(request, remediation) });
  }

  /** Posts the full plan in the approval message's thread when it does not fit the message. */
  private async postLongPlan(request: RemediationRequest): Promise<void> {
    const channel = this.deps.config.channels.approvals;
    if (!channel || !request.plan || !planIsLong(request.plan)) return;
    await this.deps.outbox.send({
      kind: 'post',
      channel,
      thread: { ref: approvalRef(request.id) },
      text: `Full plan of request ${request.id}:\n${planText(request.plan)}`,
    });
  }

  /** Tells the requester how their request ended: in the thread of the message they clicked, or by DM. */
  private async notifyRequester(request: RemediationRequest, remediation: Remediation): Promise<void> {
    const text = outcomeText(request, remediation);
    if (request.origin?.ts) {
      const requestedBy = isUser(request.requestedBy) ? request.requestedBy : undefined;
      await this.deps.outbox.send({ kind: 'post', channel: request.origin.channel, thread: { ts: request.origin.ts }, text, requestedBy });
    } else if (isUser(request.requestedBy)) {
      await this.deps.outbox.send({ kind: 'post', channel: request.requestedBy, text });
    }
  }

  /** The approval message and the requester are told the outcome. */
  private async finish(request: RemediationRequest, remediation: Remediation): Promise<void> {
    await this.refreshApprovalMessage(request, remediation);
    await this.notifyRequester(request, remediation);
  }

  /** Re-renders and notifies after a request expired (its audit entry was staged with the change, see {@link staged}). */
  private async announceExpiry(request: RemediationRequest): Promise<void> {
    const remediation = this.find(request.remediation);
    await this.chainAudit();
    if (!remediation) return;
    await this.finish(request, remediation);
  }

  /**
   * An approver's click on Approve or Reject. Authorization is checked here, on the server, for every
   * click (`approvers.check` with the requester excluded), then the transition is applied
   * atomically: of any number of identical clicks exactly one changes the request and, when the quorum
   * is reached, queues the fix. Returns what to tell the clicking user (`decisionText` renders it).
   */
  async decide(args: { requestId: string; userId: string; decision: 'approve' | 'reject' }): Promise<DecisionOutcome> {
    try {
      return await this.decideChecked(args);
    } catch (error) {
      if (error instanceof TamperedRecordError) return tampered(error);
      throw error;
    }
  }

  private async decideChecked(args: { requestId: string; userId: string; decision: 'approve' | 'reject' }): Promise<DecisionOutcome> {
    const store = this.store;
    const request = await store.get(args.requestId);
    if (!request) return { kind: 'not-found' };
    const remediation = this.find(request.remediation);
    if (!remediation) return { kind: 'unknown-fix', remediation: request.remediation };
    const authz = await this.deps.approvers.check(args.userId, this.approvers, { requester: request.requestedBy });
    const result = await store.apply(
      args.requestId,
      args.decision === 'approve' ? { type: 'approve', by: args.userId, authz } : { type: 'reject', by: args.userId, authz },
      this.deps.now,
      this.staged(({ request: next }) => [
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
      await this.chainAudit();
      if (next.status === 'expired') {
        await this.announceExpiry(next);
      } else if (args.decision === 'approve') {
        await this.refreshApprovalMessage(next, remediation);
        if (next.status === 'approved') await this.deps.jobs.apply(next.id);
      } else {
        await this.finish(next, remediation);
      }
    } else if (result.refused && !FINAL_STATUSES.has(request.status) && request.status !== 'approved' && request.status !== 'running') {
      // Refused for who they are (not an approver, a guest, the requester): on the trail, coalesced per user and minute.
      await this.deps.audit.refused({
        actor: args.userId,
        action: `remediation.${args.decision}-refused`,
        subject: request.id,
        detail: { reason: result.refused },
      });
    }
    if (result.refused) return { kind: 'refused', reason: result.refused };
    if (args.decision === 'reject') return { kind: 'rejected', requestId: next.id };
    return { kind: 'approved', requestId: next.id, queued: next.status === 'approved', remaining: next.minApprovals - next.approvals.length };
  }

  /** A guest's request for a fix: refused, and on the trail (coalesced per user and minute). */
  private async refusedFix(userId: string, subject: string): Promise<{ kind: 'guest' }> {
    await this.deps.audit
      .refused({
        actor: userId,
        action: 'remediation.request-refused',
        subject: subject.slice(0, 100),
        detail: { reason: 'Guest accounts cannot request fixes.' },
      })
      .catch((err: unknown) => this.deps.log.error({ err: { message: (err as Error).message }, actor: userId }, 'could not audit a refused fix request'));
    return { kind: 'guest' };
  }

  /**
   * A person asks for the fix of a failing check (the **Fix** button or `/gdpr fix`): guests are refused,
   * the resolver maps the stored check result to a remediation and target (from Redis, never AWS), and
   * a request is created. Returns what to tell the person (ephemeral; `fixAskText` renders it).
   */
  async requestFixForCheck(args: {
    fix: FixRequest;
    userId: string;
    kind: 'check' | 'command';
    origin?: { channel: string; ts?: string };
  }): Promise<FixAskOutcome> {
    if (await this.deps.approvers.isGuest(args.userId)) return this.refusedFix(args.userId, args.fix.checkId);
    const resolved = await this.deps.fixResolver.resolve(args.fix);
    if ('error' in resolved) return { kind: 'no-fix', checkId: args.fix.checkId, error: resolved.error };
    const created = await this.create({
      remediationId: resolved.remediationId,
      target: resolved.target,
      requestedBy: args.userId,
      source: { kind: args.kind, id: args.fix.checkId },
      ...(args.origin ? { origin: args.origin } : {}),
    });
    if (!created.ok) return { kind: 'not-created', error: created.error };
    return this.asked(created);
  }

  /**
   * A person asks to undo a succeeded isolation (**Restore network access** on its approval message):
   * guests are refused; the isolation request must exist and its fix must offer a follow-up that can
   * follow it (`followUps`; an isolation that succeeded and recorded groups); the follow-up's target is
   * copied from that request by the follow-up fix (`targetFromRequest`, never from the click), and a
   * request is created like any fix, so someone else must approve it.
   * Returns what to tell the person (ephemeral; `restoreAskText` renders it).
   */
  async requestRestore(args: { isolationId: string; userId: string; origin?: { channel: string; ts?: string } }): Promise<RestoreAskOutcome> {
    if (await this.deps.approvers.isGuest(args.userId)) return this.refusedFix(args.userId, args.isolationId);
    let isolation: RemediationRequest | undefined;
    try {
      isolation = await this.store.get(args.isolationId);
    } catch (error) {
      if (error instanceof TamperedRecordError) return tampered(error);
      throw error;
    }
    if (!isolation) return { kind: 'no-isolation', isolationId: args.isolationId };
    const restore = followUpFor(isolation, this.find);
    if ('error' in restore) return { kind: 'nothing-to-restore', error: restore.error };
    const created = await this.create({
      remediationId: restore.remediation.id,
      target: restore.target,
      requestedBy: args.userId,
      source: { kind: 'restore', id: isolation.id },
      ...(args.origin ? { origin: args.origin } : {}),
    });
    if (!created.ok) return { kind: 'not-created', error: created.error };
    return { ...this.asked(created), instance: restore.target.resource! };
  }

  /** A created (or already open) request, as told to the person who asked for it. */
  private asked(created: { request: RemediationRequest; existing: boolean }): AskedOutcome {
    const approvalsChannel = this.deps.config.channels.approvals;
    return created.existing
      ? { kind: 'already-open', requestId: created.request.id, status: created.request.status, ...(approvalsChannel ? { approvalsChannel } : {}) }
      : { kind: 'requested', requestId: created.request.id, ...(approvalsChannel ? { approvalsChannel } : {}) };
  }

  /** The context a remediation runs with. */
  private context(target: RemediationTarget): RemediationContext {
    return { aws: this.deps.clientsFor(target), region: target.region ?? this.deps.defaultRegion, settings: this.deps.config.remediation, now: this.deps.now };
  }

  /**
   * Turns an AWS error into what the job does next: AccessDenied fails the request at once with the
   * missing permission (not retried: retrying cannot help); throttling and 5xx retry with backoff
   * until the last attempt; anything else fails on its last attempt.
   */
  private classify(attempt: JobAttempt, remediation: Remediation, error: unknown): { final: boolean; reason: string; unrecoverable: boolean } {
    if (error instanceof WrongAccountError) return { final: true, unrecoverable: true, reason: error.message };
    if (isAccessDenied(error)) {
      return {
        final: true,
        unrecoverable: true,
        reason: `AccessDenied: the remediator role lacks ${missingPermission(error, remediation.permissions)} (${describeAwsError(error)})`,
      };
    }
    const reason = describeAwsError(error);
    const last = isLastAttempt(attempt);
    if (isRetryable(error)) return { final: last, unrecoverable: false, reason: `${reason} (gave up after ${attempt.made + 1} attempts)` };
    return { final: last, unrecoverable: false, reason };
  }

  /**
   * The stored request of a `plan` or `apply` job and its fix. A request that fails its integrity check
   * (refused and reported by the store) is never planned or applied, and not retried; one naming an
   * unknown fix is failed.
   */
  private async load(requestId: string): Promise<{ request: RemediationRequest; remediation: Remediation } | undefined> {
    let request: RemediationRequest | undefined;
    try {
      request = await this.store.get(requestId);
    } catch (error) {
      if (error instanceof TamperedRecordError) throw new StopRetrying(error.message);
      throw error;
    }
    if (!request) return undefined;
    const remediation = this.find(request.remediation);
    if (!remediation) {
      const failed = await this.store.apply(
        requestId,
        { type: 'fail', reason: `unknown fix ${request.remediation}` },
        this.deps.now,
        this.staged(() => [{ actor: 'system', action: 'remediation.failed', subject: requestId, detail: { reason: 'unknown fix' } }]),
      );
      if (failed?.changed) await this.chainAudit();
      throw new StopRetrying(`unknown remediation ${request.remediation}`);
    }
    return { request, remediation };
  }

  /** The `plan` job: the remediation's read-only plan; the request becomes `pending` (or, for `remediation.auto`, approved). */
  async plan(requestId: string, attempt: JobAttempt): Promise<JobResult<'remediation'>> {
    const loaded = await this.load(requestId);
    if (!loaded) return { status: 'missing', skipped: 'no such request' };
    const { request, remediation } = loaded;
    const store = this.store;
    if (request.status !== 'planning') return { status: request.status, skipped: 'already planned' };
    let result;
    try {
      // Findings (and restores of their fixes) name the account they come from; a fix there needs that account's role, never ours by accident.
      if (targetFromOutside(request.source)) await assertOwnAccount(this.deps.clientsFor(request.target), request.target);
      const preview = await remediation.plan(this.context(request.target), request.target);
      result = await store.apply(
        request.id,
        { type: 'planned', plan: preview },
        this.deps.now,
        this.staged(({ request: next }) => [{ actor: 'system', action: 'remediation.planned', subject: next.id, detail: { plan: next.plan } }], {
          alsoWhenExpired: true,
        }),
      );
    } catch (error) {
      const c = this.classify(attempt, remediation, error);
      if (!c.final) throw error;
      const failed = await store.apply(
        request.id,
        { type: 'plan-failed', reason: `could not prepare the plan: ${c.reason}` },
        this.deps.now,
        this.staged(() => [{ actor: 'system', action: 'remediation.failed', subject: request.id, detail: { stage: 'plan', reason: c.reason } }]),
      );
      if (failed?.changed) {
        await this.chainAudit();
        await this.finish(failed.request, remediation);
      }
      throw c.unrecoverable ? new StopRetrying(c.reason) : error;
    }
    if (!result?.changed) return { status: result?.request.status ?? 'missing', skipped: result?.refused };
    let next = result.request;
    await this.chainAudit();
    if (next.status === 'expired') {
      await this.announceExpiry(next);
      return { status: next.status };
    }
    if (this.deps.config.remediation.auto.includes(remediation.id)) {
      const auto = await store.apply(
        next.id,
        { type: 'auto-approve' },
        this.deps.now,
        this.staged(({ request: r }) => [
          { actor: 'policy', action: 'remediation.approved', subject: r.id, detail: { remediation: remediation.id, rule: 'remediation.auto' } },
        ]),
      );
      if (auto?.changed) {
        next = auto.request;
        await this.chainAudit();
        await this.deps.jobs.apply(next.id);
      }
    }
    await this.refreshApprovalMessage(next, remediation);
    await this.postLongPlan(next);
    return { status: next.status };
  }

  /** The `apply` job: an approved request's fix, with the target account's role, then its verification. */
  async apply(requestId: string, attempt: JobAttempt): Promise<JobResult<'remediation'>> {
    const loaded = await this.load(requestId);
    if (!loaded) return { status: 'missing', skipped: 'no such request' };
    const { request, remediation } = loaded;
    const store = this.store;
    const started = await store.apply(request.id, { type: 'start' }, this.deps.now, this.staged());
    if (!started || started.refused) return { status: started?.request.status ?? 'missing', skipped: started?.refused ?? 'no such request' };
    let current = started.request;
    if (started.changed) await this.refreshApprovalMessage(current, remediation);

    let result;
    try {
      result = await remediation.apply(this.context(current.target), current.target);
    } catch (error) {
      const c = this.classify(attempt, remediation, error);
      this.log.warn({ requestId: current.id, remediation: remediation.id, attempt: attempt.made + 1, reason: c.reason }, 'remediation attempt failed');
      if (!c.final) throw error;
      const failed = await store.apply(
        current.id,
        { type: 'fail', reason: c.reason },
        this.deps.now,
        this.staged(() => [{ actor: 'system', action: 'remediation.failed', subject: current.id, detail: { stage: 'apply', reason: c.reason } }]),
      );
      if (failed?.changed) {
        await this.chainAudit();
        await this.finish(failed.request, remediation);
      }
      throw c.unrecoverable ? new StopRetrying(c.reason) : error;
    }
    await this.deps.audit.append({
      actor: 'system',
      action: 'remediation.applied',
      subject: current.id,
      detail: {
        remediation: remediation.id,
        target: current.target,
        outcome: result.outcome,
        summary: result.summary,
        calls: result.calls,
        previous: result.previous ?? null,
      },
    });

    // The check the request came from is the one that must pass now (a finding has no check: every linked one runs).
    const checkId = checkToVerify(current.source);
    const verification = await this.verify(remediation, current, () => this.deps.fixVerifier.verify(remediation.id, current.target, checkId));
    await this.deps.audit.append({
      actor: 'system',
      action: 'remediation.verified',
      subject: current.id,
      detail: { status: verification.status, message: verification.message },
    });

    const done = await store.apply(
      current.id,
      { type: 'succeed', result, verification },
      this.deps.now,
      this.staged(({ request: r }) =>
        r.status === 'failed' ? [{ actor: 'system', action: 'remediation.failed', subject: r.id, detail: { stage: 'verify', reason: r.error } }] : [],
      ),
    );
    if (!done?.changed) return { status: done?.request.status ?? 'missing', skipped: done?.refused };
    current = done.request;
    await this.chainAudit();
    await this.finish(current, remediation);
    return { status: current.status };
  }

  /**
   * Proves a fix. Normally by re-running the linked check(s) (`fixVerifier`). A fix that no check can
   * confirm promptly (`verifyWith: 'plan'`) is proven by running its own `plan` again: it must find
   * nothing left to change (a direct read of the setting). Anything that cannot be read is `error`,
   * never `pass`. A `fail` is tried again (`remediation.verifyAttempts`, `verifyDelay` apart).
   */
  private async verify(remediation: Remediation, request: RemediationRequest, byCheck: () => Promise<Verification>): Promise<Verification> {
    const once = async (): Promise<Verification> => {
      try {
        if (remediation.verifyWith !== 'plan') return await byCheck();
        const reread = await remediation.plan(this.context(request.target), request.target);
        return reread.compliant ? { status: 'pass', message: reread.current } : { status: 'fail', message: `the change did not take: ${reread.current}` };
      } catch (error) {
        return { status: 'error', message: `could not verify: ${describeAwsError(error)}` };
      }
    };
    // AWS reads can lag a change by seconds: a verification that still sees the old value is tried again.
    const { verifyAttempts, verifyDelay } = this.deps.config.remediation;
    let result = await once();
    for (let attempt = 2; attempt <= verifyAttempts && result.status === 'fail'; attempt++) {
      this.log.info({ requestId: request.id, attempt, message: result.message }, 'fix not visible yet; verifying again');
      await this.sleep(verifyDelay);
      result = await once();
    }
    return result;
  }

  /** `op` for one request; a request that fails its integrity check (already reported) is skipped. */
  private async unlessTampered<T>(op: () => Promise<T>): Promise<T | undefined> {
    try {
      return await op();
    } catch (error) {
      if (error instanceof TamperedRecordError) return undefined;
      throw error;
    }
  }

  /** The `sweep` job: expires overdue requests, queues lost approvals again and fails fixes whose job stopped. */
  async sweep(): Promise<JobResult<'remediation'>> {
    const store = this.store;
    const now = this.deps.now();
    let expired = 0;
    for (const id of await store.overdue(now)) {
      const result = await this.unlessTampered(() => store.apply(id, { type: 'expire' }, this.deps.now, this.staged()));
      if (result?.changed && result.request.status === 'expired') {
        expired++;
        await this.announceExpiry(result.request);
      }
    }
    // An approval whose job was lost (process died between the two) is queued again; the job id keeps it single.
    let requeued = 0;
    for (const id of await store.open()) {
      const request = await this.unlessTampered(() => store.get(id));
      if (request?.status === 'approved' && now.getTime() - Date.parse(request.updatedAt) > REQUEUE_AFTER_MS) {
        await this.deps.jobs.apply(id);
        requeued++;
      }
    }
    // A fix whose job ended without recording an outcome (e.g. Redis failed on its last attempt) would stay
    // "running" for ever: once its job is failed or gone, the request is failed with that reason.
    for (const id of await store.open()) {
      const request = await this.unlessTampered(() => store.get(id));
      if (request?.status !== 'running' || now.getTime() - Date.parse(request.updatedAt) <= STALE_RUNNING_MS) continue;
      const job = await this.deps.jobs.applyState(id);
      if (job.state !== 'failed' && job.state !== 'missing' && job.state !== 'unknown') continue;
      const reason = `the fix job stopped without recording an outcome (${job.state}${job.failedReason ? `: ${job.failedReason}` : ''}); check the resource in AWS before asking again`;
      const failed = await store.apply(
        id,
        { type: 'fail', reason },
        this.deps.now,
        this.staged(() => [{ actor: 'system', action: 'remediation.failed', subject: id, detail: { stage: 'apply', reason } }]),
      );
      if (failed?.changed) {
        await this.chainAudit();
        const remediation = this.find(failed.request.remediation);
        if (remediation) await this.finish(failed.request, remediation);
      }
    }
    return { status: 'swept', expired, requeued };
  }
}
