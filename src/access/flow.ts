import { randomUUID } from 'node:crypto';
import type { AuditInput } from '../audit/log.js';
import type { AccessRoleConfig, ApproverRules } from '../config/schema.js';
import { formatDuration, parseDuration } from '../config/duration.js';
import type { OutboundMessage } from '../notify/outbox.js';
import { dmChannel } from '../notify/dm.js';
import { accessProducer } from '../queues/producers.js';
import type { Services } from '../services.js';
import {
  approvalMessage,
  breakglassAlert,
  durationRangeProblem,
  expiryWarningMessage,
  notADurationProblem,
  requesterMessage,
  roleArnMismatchText,
  unknownRoleProblem,
} from './messages.js';
import { AccessError, dueEvent, isUsable, nextDeadline, type AccessEvent, type AccessRequest } from './state.js';
import { RevocationFailures } from './revocation-failures.js';
import { AccessStore, newRequestId, TamperedRequestError, type Applied } from './store.js';

/** STS's floor, and the shortest grant anyone may ask for. */
export const MIN_GRANT_MS = 15 * 60_000;
/** Longest justification kept (the rest is refused, not cut: the approver must see what was written). */
export const MAX_JUSTIFICATION = 1500;

/** What a person asked for, validated. */
export interface AccessInput {
  role: AccessRoleConfig;
  durationMs: number;
  justification: string;
  ticket?: string;
}

/** Per-field problems with a request (the modal shows them beside the fields; the command lists them). */
export interface InputProblems {
  role?: string;
  duration?: string;
  justification?: string;
}

/**
 * Validates a request's fields against the configuration: the role must exist (the answer lists the known
 * ones), the duration must be between 15m and the role's `maxDuration`, the justification must not be empty.
 */
export function validateAccessInput(
  fields: { role: string; duration: string; justification: string; ticket?: string },
  roles: readonly AccessRoleConfig[],
): { ok: true; value: AccessInput } | { ok: false; problems: InputProblems } {
  const problems: InputProblems = {};
  const role = roles.find((r) => r.name === fields.role.trim().toLowerCase());
  if (!role) problems.role = unknownRoleProblem(fields.role.trim(), roles);
  const ms = parseDuration(fields.duration);
  if (ms === undefined) {
    problems.duration = notADurationProblem(fields.duration.trim());
  } else if (ms < MIN_GRANT_MS || (role && ms > role.maxDuration)) {
    problems.duration = durationRangeProblem(role);
  }
  const justification = fields.justification.trim();
  if (!justification) problems.justification = 'A justification is required: say why you need this access.';
  else if (justification.length > MAX_JUSTIFICATION)
    problems.justification = `The justification is too long (${justification.length} characters, at most ${MAX_JUSTIFICATION}).`;
  if (!role || ms === undefined || Object.keys(problems).length > 0) return { ok: false, problems };
  const ticket = fields.ticket?.trim();
  return { ok: true, value: { role, durationMs: ms, justification, ...(ticket ? { ticket: ticket.slice(0, 200) } : {}) } };
}

/** `/gdpr access <role> <duration> <justification…>` → fields. */
export function splitAccessArgs(text: string): { role: string; duration: string; justification: string } {
  const match = /^(\S*)\s*(\S*)\s*([\s\S]*)$/.exec(text.trim());
  return { role: match?.[1] ?? '', duration: match?.[2] ?? '', justification: match?.[3] ?? '' };
}

/** Thrown by flow steps that need configuration the operator has not given. */
export class AccessConfigError extends AccessError {}

/**
 * The just-in-time access flow: every step a listener or a job takes, each one a state transition
 * committed atomically ({@link AccessStore}) followed by its effects: the audit entry, Slack messages
 * through the outbox (the approval message and the requester's DM are updated in place by `ref`), and
 * the jobs that follow. Listener-side steps never call AWS; AWS is called only from the jobs
 * (jobs/access-credentials.ts, jobs/access-revoke.ts).
 */
/**
 * What the access flow uses: the configuration, Redis (its store, the DM cache, the extension lock), the
 * record seal, the queues (through the producer), the approvers, the audit log, the outbox, the Slack
 * client (DM channels only) and the clock.
 */
export type AccessDeps = Pick<Services, 'config' | 'log' | 'redis' | 'keys' | 'integrity' | 'queues' | 'approvers' | 'audit' | 'outbox' | 'slack' | 'now'>;

export class AccessFlow {
  readonly store: AccessStore;
  /** The jobs that follow a step (job ids and retries are the producer's). */
  private readonly jobs: ReturnType<typeof accessProducer>;

  constructor(private readonly s: AccessDeps) {
    this.store = new AccessStore(s.redis, s.keys, s.config.access.expiryWarning, s.integrity);
    this.jobs = accessProducer(s.queues);
  }

  private now(): number {
    return this.s.now().getTime();
  }

  /** The configured role of a request; refused when it was removed from the configuration since. */
  roleOf(request: AccessRequest): AccessRoleConfig {
    const role = this.s.config.access.roles.find((r) => r.name === request.role);
    if (!role) throw new AccessConfigError('invalid-status', `Role ${request.role} is no longer configured for just-in-time access.`);
    return role;
  }

  /**
   * The configured role of a grant that is about to mint sessions: refused when the grant's ARN is not
   * the ARN configured for its role name (the configuration, not Redis, says which role is assumed).
   */
  mintableRoleOf(request: AccessRequest): AccessRoleConfig {
    const role = this.roleOf(request);
    if (role.arn !== request.roleArn) {
      throw new AccessConfigError('invalid-status', roleArnMismatchText(request.id, role.name));
    }
    return role;
  }

  /** Who may approve requests for `role`: its own rules, or the top-level approvers. */
  rulesFor(role: AccessRoleConfig): ApproverRules {
    return role.approvers ?? this.s.config.approvers;
  }

  /**
   * Who is asked to approve: the approvals channel, or (approvalMode `dm`) each approver user listed in the
   * rules, other than the requester. User groups are not expanded for DMs; with none listed, the channel.
   */
  private approvalTargetUsers(request: AccessRequest): { channel?: string; user?: string; ref: string }[] {
    const { access, channels } = this.s.config;
    if (access.approvalMode === 'dm') {
      const users = this.rulesFor(this.roleOf(request)).users.filter((u) => u !== request.requester);
      if (users.length > 0) return users.map((u) => ({ user: u, ref: `access:${request.id}:approval:${u}` }));
    }
    return channels.approvals ? [{ channel: channels.approvals, ref: `access:${request.id}:approval` }] : [];
  }

  /** Whether the request was put in front of approvers (not self-granted or auto-approved at once). */
  private wasPosted(request: AccessRequest): boolean {
    return !request.approvals.some((a) => a.via === 'breakglass' || a.via === 'auto-approve');
  }

  /** The bot's DM channel with `userId` (src/notify/dm.ts). */
  private dm(userId: string): Promise<string> {
    return dmChannel(this.s, userId);
  }

  /** Where the approval request goes: the approvals channel, or each approver user by DM. */
  private async approvalTargets(request: AccessRequest): Promise<{ channel: string; ref: string }[]> {
    const targets = this.approvalTargetUsers(request);
    return Promise.all(targets.map(async (t) => (t.user ? { channel: await this.dm(t.user), ref: t.ref } : { channel: t.channel ?? '', ref: t.ref })));
  }

  /** Updates every message that shows `request`: approval message(s) and the requester's DM. */
  private async publish(request: AccessRequest, extra: OutboundMessage[] = []): Promise<void> {
    const messages: OutboundMessage[] = [];
    if (this.wasPosted(request)) {
      for (const target of await this.approvalTargets(request))
        messages.push({ kind: 'update', channel: target.channel, ref: target.ref, ...approvalMessage(request) });
    }
    messages.push({ kind: 'update', channel: await this.dm(request.requester), ref: `access:${request.id}:dm`, ...requesterMessage(request) });
    await this.s.outbox.send(...messages, ...extra);
  }

  /** The audit entry of a change of `request`. */
  private entry(actor: string, action: string, request: AccessRequest, detail: Record<string, unknown> = {}): AuditInput {
    return {
      actor,
      action,
      subject: request.id,
      detail: { role: request.role, roleArn: request.roleArn, requester: request.requester, kind: request.kind, status: request.status, ...detail },
    };
  }

  /** Audit entries staged for the store's transaction (written together with the change they record). */
  private stage(...entries: AuditInput[]): string[] {
    return entries.map((e) => this.s.audit.stage(e));
  }

  /**
   * Chains what the last change staged. A failure here loses nothing: the entry stays staged and the next
   * drain (any append, verify, the periodic audit job) chains it.
   */
  private async chain(): Promise<void> {
    await this.s.audit.drain().catch((err: unknown) => this.s.log.warn({ err }, 'audit entries staged but not chained yet; the audit job will chain them'));
  }

  private async enqueueAdvance(request: AccessRequest, delayMs = 0): Promise<void> {
    await this.jobs.advance(request.id, `v${request.version}`, delayMs);
  }

  /**
   * Files a new request (or extension) and starts it on its way: breakglass roles are self-granted at
   * once with an alert to the audit channel; requesters matching `autoApprove` are approved by policy;
   * everyone else waits for approvers.
   */
  async submit(requester: string, input: AccessInput, extension?: { grant: AccessRequest }): Promise<AccessRequest> {
    if (await this.s.approvers.isGuest(requester)) throw new AccessError('not-authorized', 'Guest accounts cannot request AWS access.');
    const now = this.now();
    const role = input.role;
    let request: AccessRequest = {
      id: newRequestId(),
      kind: extension ? 'extension' : 'grant',
      ...(extension ? { grantId: extension.grant.id } : {}),
      requester,
      role: role.name,
      roleArn: role.arn,
      durationMs: input.durationMs,
      justification: input.justification,
      ...(input.ticket ? { ticket: input.ticket } : {}),
      breakglass: role.breakglass,
      minApprovals: role.minApprovals,
      status: 'pending',
      createdAt: now,
      pendingUntil: now + this.s.config.access.requestTtl,
      approvals: [],
      version: 1,
    };
    const auto = !role.breakglass && role.autoApprove ? await this.s.approvers.check(requester, role.autoApprove) : undefined;
    if (!role.breakglass && !auto?.allowed && this.approvalTargetUsers(request).length === 0) {
      throw new AccessConfigError('invalid-status', 'No approvals channel is configured (`channels.approvals`), so nobody could approve this request.');
    }
    await this.store.create(
      request,
      nextDeadline(request, this.s.config.access.expiryWarning),
      this.stage(
        this.entry(requester, extension ? 'access.extension.requested' : 'access.requested', request, {
          durationMs: request.durationMs,
          justification: request.justification,
          ticket: request.ticket,
          grantId: request.grantId,
        }),
      ),
    );
    await this.chain();
    const extra: OutboundMessage[] = [];
    if (role.breakglass) {
      request = (
        await this.store.apply(request.id, { type: 'self-grant', by: requester }, now, ({ after }) =>
          this.stage(this.entry(requester, 'access.breakglass', after, { breakglass: true, justification: after.justification })),
        )
      ).after;
      await this.chain();
      const alertChannel = this.s.config.channels.audit ?? this.s.config.channels.approvals;
      if (alertChannel) extra.push({ kind: 'post', channel: alertChannel, ref: `access:${request.id}:breakglass`, ...breakglassAlert(request) });
    } else if (auto?.allowed) {
      request = (
        await this.store.apply(request.id, { type: 'auto-approve', by: requester }, now, ({ after }) =>
          this.stage(this.entry('policy', 'access.granted', after, { via: 'auto-approve' })),
        )
      ).after;
      await this.chain();
    } else {
      for (const target of await this.approvalTargets(request))
        extra.push({ kind: 'post', channel: target.channel, ref: target.ref, ...approvalMessage(request) });
    }
    extra.push({ kind: 'post', channel: await this.dm(requester), ref: `access:${request.id}:dm`, ...requesterMessage(request) });
    await this.s.outbox.send(...extra);
    // Activation now when approved; otherwise a look at the request when its time to be decided runs out.
    await this.enqueueAdvance(request, request.status === 'approved' ? 0 : request.pendingUntil - now);
    return request;
  }

  /** An approver's click. Refused for the requester, non-approvers, guests, a second click by the same person. */
  async approve(id: string, userId: string): Promise<Applied> {
    const request = await this.store.require(id);
    const rules = this.rulesFor(this.roleOf(request));
    // The decision is made on the server for every click; the transition refuses self-approval first of all.
    const decision =
      userId === request.requester
        ? ({ allowed: false, reason: 'you cannot approve your own request' } as const)
        : await this.s.approvers.check(userId, rules, { requester: request.requester });
    const applied = await this.store.apply(id, { type: 'approve', by: userId, decision }, this.now(), ({ after }) =>
      this.stage(
        this.entry(userId, 'access.approved', after, { approvals: after.approvals.length, needed: after.minApprovals }),
        ...(after.status === 'approved' ? [this.entry(userId, 'access.granted', after, { approvers: after.approvals.map((a) => a.by) })] : []),
      ),
    );
    await this.chain();
    const { after } = applied;
    if (after.status === 'approved') await this.enqueueAdvance(after);
    await this.publish(after);
    return applied;
  }

  /** An approver's Deny; the requester's own Deny click cancels the request instead. */
  async deny(id: string, userId: string): Promise<Applied> {
    const request = await this.store.require(id);
    if (userId === request.requester) return this.cancel(id, userId);
    const decision = await this.s.approvers.check(userId, this.rulesFor(this.roleOf(request)), { requester: request.requester });
    const applied = await this.store.apply(id, { type: 'deny', by: userId, decision }, this.now(), ({ after }) =>
      this.stage(this.entry(userId, 'access.denied', after)),
    );
    await this.chain();
    await this.publish(applied.after);
    return applied;
  }

  /** The requester withdraws a pending request. */
  async cancel(id: string, userId: string): Promise<Applied> {
    const applied = await this.store.apply(id, { type: 'cancel', by: userId }, this.now(), ({ after }) =>
      this.stage(this.entry(userId, 'access.cancelled', after)),
    );
    await this.chain();
    await this.publish(applied.after);
    return applied;
  }

  /** Who `userId` is to `request` when revoking it: its requester, an approver for its role, an admin, or nobody. */
  private async revokerRole(request: AccessRequest, userId: string): Promise<'requester' | 'approver' | 'admin' | undefined> {
    if (userId === request.requester) return 'requester';
    if ((await this.s.approvers.check(userId, this.rulesFor(this.roleOf(request)))).allowed) return 'approver';
    if ((await this.s.approvers.check(userId, this.s.config.approvers)).allowed) return 'admin';
    return undefined;
  }

  /** Queues the job that denies a revoked grant's sessions on its role (and reads the deny back). */
  private async enqueueRevocation(id: string, jobId: string): Promise<{ remove(): Promise<void> }> {
    return this.jobs.revoke(id, jobId);
  }

  /**
   * Ends a grant now (the requester, an approver for its role, or an admin = a top-level approver). The
   * grant's buttons stop working at once; the revoke job then denies its live sessions on the role, and
   * says so only once IAM shows it. A pending request of the caller's own is cancelled instead. On a
   * grant already revoked whose revocation failed (IAM refused it), the same people may try again:
   * `retried` is then true.
   */
  async revoke(id: string, userId: string): Promise<Applied & { retried?: boolean }> {
    const request = await this.store.require(id);
    if (request.status === 'pending' && userId === request.requester) return this.cancel(id, userId);
    if (request.kind === 'extension') {
      throw new AccessError('invalid-status', `${request.id} is an extension; revoke its grant ${request.grantId ?? ''} instead.`);
    }
    const as = await this.revokerRole(request, userId);
    if (request.status === 'revoked' && (await new RevocationFailures(this.s.redis, this.s.keys).isUnresolved(id, this.now()))) {
      if (!as) throw new AccessError('not-authorized', 'Only the requester, an approver for this role or an admin can revoke a grant.');
      await this.s.audit.append(this.entry(userId, 'access.revocation.retried', request, { as }));
      await this.enqueueRevocation(id, `revoke-${id}-retry-${this.now()}`);
      return { before: request, after: request, retried: true };
    }
    // The job that denies the sessions is queued before the grant is marked revoked, so that nothing
    // failing after the state change (Slack, Redis) can leave a revoked grant whose sessions are never
    // denied. Until the grant reads as revoked the job waits (and retries); if the change never lands it
    // ends without touching IAM. One job per call (a finished job of an earlier, failed call must not
    // swallow this one), removed again when the change is refused.
    // (A call that will be refused anyway, not authorized or not a live grant, queues nothing.)
    const revocable = as !== undefined && (request.status === 'approved' || request.status === 'active');
    const job = revocable ? await this.enqueueRevocation(id, `revoke-${id}-${randomUUID()}`) : undefined;
    let applied: Applied;
    try {
      applied = await this.store.apply(id, { type: 'revoke', by: userId, as }, this.now(), ({ after }) =>
        this.stage(this.entry(userId, 'access.revoked', after, { as })),
      );
    } catch (error) {
      await job
        ?.remove()
        .catch((err: unknown) => this.s.log.warn({ err, grantId: id }, 'could not remove the revoke job of a refused revocation; it ends by itself'));
      throw error;
    }
    if (!job) await this.enqueueRevocation(id, `revoke-${id}-${randomUUID()}`); // it became a live grant meanwhile
    await this.chain();
    // The revocation is under way whatever happens to the message updates: the revoker is told so.
    await this.publish(applied.after).catch((err: unknown) =>
      this.s.log.warn({ err, grantId: id }, 'could not update the messages of a revoked grant; its revocation goes on'),
    );
    return applied;
  }

  /** The requester asks for more time on an active grant; the extension goes through approval again. */
  async requestExtension(grantId: string, userId: string): Promise<AccessRequest> {
    const grant = await this.store.require(grantId);
    if (userId !== grant.requester) throw new AccessError('not-requester', 'Only the person the grant was given to can ask to extend it.');
    const now = this.now();
    if (!isUsable(grant, now)) throw new AccessError('grant-ended', `Grant ${grant.id} is ${grant.status}; request new access instead.`);
    const role = this.roleOf(grant);
    const byMs = Math.min(grant.durationMs, role.maxDuration - ((grant.grantEnd ?? now) - now));
    if (byMs < MIN_GRANT_MS)
      throw new AccessError('invalid-status', `Grant ${grant.id} is already close to the ${formatDuration(role.maxDuration)} maximum of ${role.name}.`);
    // One extension request at a time per grant (double clicks, Slack retries).
    const lock = await this.s.redis.set(this.s.keys.key('access', 'extension-pending', grantId), '1', 'PX', this.s.config.access.requestTtl, 'NX');
    if (lock !== 'OK') throw new AccessError('already-approved', `An extension of grant ${grant.id} is already waiting for approval.`);
    return this.submit(
      userId,
      { role, durationMs: byMs, justification: `Extension of ${grant.id}: ${grant.justification}`.slice(0, MAX_JUSTIFICATION), ticket: grant.ticket },
      { grant },
    );
  }

  /**
   * A click on **Open AWS console** / **Get CLI credentials**: checks the grant is active and the clicker
   * is its grantee, then enqueues the minting job with ids only (the credentials will exist only inside
   * that job and the ephemeral answer). `clickId` (Slack's action_ts) makes a replayed click harmless.
   */
  async requestCredentials(args: {
    grantId: string;
    userId: string;
    kind: 'console' | 'cli';
    responseUrl?: string;
    channel?: string;
    clickId: string;
  }): Promise<void> {
    const grant = await this.store.require(args.grantId);
    if (args.userId !== grant.requester) throw new AccessError('not-requester', `Only <@${grant.requester}> can use grant ${grant.id}.`);
    if (!isUsable(grant, this.now())) throw new AccessError('grant-ended', `Grant ${grant.id} is ${grant.status}; it no longer gives credentials.`);
    this.mintableRoleOf(grant);
    // The job data is sealed: whoever can write Redis cannot queue a mint for someone else's grant, or
    // point it at another response_url or channel (jobs/access-credentials.ts checks the seal).
    const data = {
      grantId: grant.id,
      kind: args.kind,
      userId: args.userId,
      issuedAt: this.now(),
      ...(args.responseUrl ? { responseUrl: args.responseUrl } : {}),
      ...(args.channel ? { channel: args.channel } : {}),
    };
    await this.jobs.mint({ ...data, seal: this.s.integrity.sealOf('access-credentials-job', data) }, args.clickId);
  }

  /**
   * Applies whatever time has made due for one request (activation, warning, expiry), with effects, and
   * schedules the next look at it. Safe to run any number of times, from any process.
   */
  async advance(id: string): Promise<string[]> {
    const done: string[] = [];
    const warning = this.s.config.access.expiryWarning;
    for (let step = 0; step < 5; step++) {
      let request: AccessRequest | undefined;
      try {
        request = await this.store.get(id);
      } catch (error) {
        // Refused (and reported) by the store: nothing is done to it, and nothing is scheduled for it.
        if (error instanceof TamperedRequestError) return done;
        throw error;
      }
      if (!request) break;
      const now = this.now();
      const event = dueEvent(request, now, warning);
      if (!event) break;
      try {
        if (request.kind === 'extension' && event.type === 'activate') await this.applyExtension(request, now);
        else await this.afterTimed(await this.store.apply(id, event, now, (applied) => this.stage(...this.timedEntries(applied, event, now))), event, now);
        done.push(event.type);
      } catch (error) {
        // Another process got there first: look again.
        if (!(error instanceof AccessError)) throw error;
      }
    }
    const latest = await this.store.get(id).catch((error: unknown) => {
      if (error instanceof TamperedRequestError) return undefined;
      throw error;
    });
    const deadline = latest ? nextDeadline(latest, warning) : undefined;
    if (latest && deadline !== undefined) {
      await this.jobs.advance(id, `at${deadline}`, deadline - this.now());
    }
    return done;
  }

  private async applyExtension(extension: AccessRequest, now: number): Promise<void> {
    const grantId = extension.grantId ?? '';
    await this.s.redis.del(this.s.keys.key('access', 'extension-pending', grantId));
    let grant: Applied;
    try {
      grant = await this.store.apply(grantId, { type: 'extend', extensionId: extension.id, byMs: extension.durationMs }, now, ({ after }) =>
        this.stage(this.entry('system', 'access.extended', after, { extensionId: extension.id, grantEnd: new Date(after.grantEnd ?? now).toISOString() })),
      );
    } catch (error) {
      if (!(error instanceof AccessError)) throw error;
      // The grant ended (or was revoked) while the extension waited: the extension lapses with it.
      const reason = error.message;
      const lapsed = await this.store.apply(extension.id, { type: 'revoke', by: 'system', as: 'admin' }, now, ({ after }) =>
        this.stage(this.entry('system', 'access.extension.lapsed', after, { reason })),
      );
      await this.chain();
      await this.publish(lapsed.after);
      return;
    }
    await this.chain();
    const ext = await this.store.apply(extension.id, { type: 'activate' }, now);
    await this.publish(ext.after);
    await this.publish(grant.after);
    await this.enqueueAdvance(grant.after, (nextDeadline(grant.after, this.s.config.access.expiryWarning) ?? now) - now);
  }

  /** The audit entries of a change that time made due (staged with the change itself). */
  private timedEntries(applied: Applied, event: AccessEvent, now: number): AuditInput[] {
    const { after } = applied;
    switch (event.type) {
      case 'activate':
        return [
          this.entry('system', 'access.activated', after, {
            grantStart: new Date(after.grantStart ?? now).toISOString(),
            grantEnd: new Date(after.grantEnd ?? now).toISOString(),
            breakglass: after.breakglass,
          }),
        ];
      case 'warn':
        return [this.entry('system', 'access.warned', after)];
      case 'expire':
        return [this.entry('system', 'access.expired', after, { was: applied.before.status })];
      default:
        return [];
    }
  }

  private async afterTimed(applied: Applied, event: AccessEvent, now: number): Promise<void> {
    const { after } = applied;
    await this.chain();
    switch (event.type) {
      case 'activate':
        await this.publish(after);
        break;
      case 'warn':
        await this.s.outbox.send({ kind: 'post', channel: await this.dm(after.requester), ...expiryWarningMessage(after, now) });
        break;
      case 'expire':
        await this.publish(after);
        break;
      default:
        break;
    }
  }

  /** Advances every request whose deadline has passed (the safety net behind the delayed jobs). */
  async sweep(): Promise<number> {
    const ids = await this.store.due(this.now());
    for (const id of ids) await this.advance(id);
    return ids.length;
  }
}
