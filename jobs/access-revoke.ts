import { UnrecoverableError, type Job } from 'bullmq';
import { arnAccount } from '../src/config/schema.js';
import { AccessStore, TamperedRequestError } from '../src/access/store.js';
import type { AccessRequest } from '../src/access/state.js';
import { revocationFailedMessage, revocationInForceMessage, revocationValidUntil, unreadableGrantRevocationMessage } from '../src/access/messages.js';
import { describeProblem } from '../src/redis/integrity.js';
import { RevocationFailures } from '../src/access/revocation-failures.js';
import {
  applyRevocation,
  cleanupRevocation,
  isPermanentRevocationError,
  revocationCutoff,
  revocationStatement,
  type RevocationTarget,
} from '../src/access/revoke.js';
import { grantTagValue, sourceIdentityFor } from '../src/access/sts.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import type { Services } from '../src/services.js';
import { dmChannel } from '../src/notify/dm.js';
import type { OutboundMessage } from '../src/notify/outbox.js';

type RevokeJob = Job<JobData<'access-revoke'>, JobResult<'access-revoke'>, JobName<'access-revoke'>>;

/** Margin for clock skew between the bot and AWS before a revocation statement is removed. */
export const CLEANUP_MARGIN_MS = 5 * 60_000;

/** How long a revoke job waits for its grant to read as revoked before it retries (polls × ms). */
const REVOKED_WAIT_POLLS = 40;
const REVOKED_WAIT_MS = 50;

/** Raised when no revoker is configured for the role's account (the configuration changed since the grant). */
class NoRevokerError extends Error {
  constructor(account: string) {
    super(`no revoker is configured for account ${account} (access.revokers)`);
    this.name = 'NoRevokerError';
  }
}

/**
 * `revoke`: denies the live sessions of a revoked grant, in the role's own account, through that
 * account's revoker role (`access.revokers`; never the bot's own identity, which only mints sessions):
 * checks the role the revoker sees is the grant's (GetRole), writes the deny statement for the grant's
 * sessions issued before the revocation plus `access.revocationMargin`, and reads it back. Only then is
 * `access.revocation.applied` audited and the revoker told it is in force; a cleanup is scheduled for
 * when every such session has expired.
 *
 * Failing closed and loudly: an error that retrying will not cure (AccessDenied, an SCP, LimitExceeded,
 * the wrong role, no revoker), or any error on the job's last attempt, audits
 * `access.revocation.failed`, alerts `channels.audit` and the revoker ("sessions remain valid until …",
 * with what to do by hand), counts it in `/metrics` and keeps it unresolved (`/healthz` degraded) until
 * a later attempt reads back or the grant's sessions have expired.
 */
export function makeAccessRevokeProcessor(services: Services) {
  const store = new AccessStore(services.redis, services.keys, services.config.access.expiryWarning, services.integrity);
  const failures = new RevocationFailures(services.redis, services.keys);

  async function targetFor(grant: AccessRequest): Promise<RevocationTarget & { account: string }> {
    // Loaded on the first revocation, not when the worker starts (the SDK client is large).
    const { IAMClient } = await import('@aws-sdk/client-iam');
    const account = arnAccount(grant.roleArn);
    const revoker = services.config.access.revokers.find((r) => r.account === account);
    if (!revoker) throw new NoRevokerError(account);
    const aws = services.aws.forAccount({ accountId: account, roleArn: revoker.roleArn }, 'gdpr-bot-revoke');
    return {
      account,
      iam: aws.get(IAMClient),
      redis: services.redis,
      keys: services.keys,
      roleArn: grant.roleArn,
      sourceIdentity: sourceIdentityFor(grant.requester),
      grantId: grantTagValue(grant.id),
    };
  }

  async function revokerDm(grant: AccessRequest): Promise<string | undefined> {
    const who = grant.decidedBy;
    if (!who || who === 'system') return undefined;
    return dmChannel(services, who).catch(() => undefined);
  }

  async function fail(grant: AccessRequest, error: unknown, issuedBefore: Date, attemptsMade: number): Promise<never> {
    const reason = `${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`;
    const account = arnAccount(grant.roleArn);
    const validUntil = revocationValidUntil(grant, services.now().getTime());
    await failures.record(grant.id, validUntil, services.now().getTime());
    services.metrics.accessRevocations.inc({ outcome: 'failed' });
    await services.audit.append({
      actor: 'system',
      action: 'access.revocation.failed',
      subject: grant.id,
      detail: { roleArn: grant.roleArn, account, reason, attempts: attemptsMade + 1, sessionsValidUntil: new Date(grant.grantEnd ?? 0).toISOString(), revokedBy: grant.decidedBy },
    });
    services.log.error({ grantId: grant.id, roleArn: grant.roleArn, reason }, 'revocation failed: the grant\'s sessions remain valid');
    const message = revocationFailedMessage(grant, {
      roleArn: grant.roleArn,
      account,
      reason,
      statement: revocationStatement(sourceIdentityFor(grant.requester), issuedBefore, [grantTagValue(grant.id)]),
    });
    const alerts: OutboundMessage[] = [];
    const channels = new Set([services.config.channels.audit ?? services.config.channels.approvals, await revokerDm(grant)].filter((c): c is string => Boolean(c)));
    for (const channel of channels) alerts.push({ kind: 'post', channel, ...message });
    await services.outbox.send(...alerts);
    throw new UnrecoverableError(reason);
  }

  /**
   * The grant once it reads as revoked: the job is queued just before the state change (see
   * `AccessFlow.revoke`), so it may run a moment before the change lands. Undefined when it has not.
   */
  async function revokedGrant(grantId: string): Promise<AccessRequest | undefined> {
    for (let i = 0; ; i++) {
      const grant = await store.get(grantId);
      if (!grant) throw new UnrecoverableError(`grant ${grantId} is gone`);
      if (grant.status === 'revoked') return grant;
      if (i >= REVOKED_WAIT_POLLS) return undefined;
      await new Promise((r) => setTimeout(r, REVOKED_WAIT_MS));
    }
  }

  /**
   * A grant that cannot be read any more (edited or deleted outside the bot after it was revoked): its
   * role is not known for sure, so nothing is written, and that is said as loudly as any failure, with
   * the longest time its sessions may stay valid.
   */
  async function failUnreadable(grantId: string, error: Error): Promise<never> {
    const reason = `${error.name}: ${error instanceof TamperedRequestError ? describeProblem(error.tampered.problem) : error.message}`;
    const now = services.now().getTime();
    const longest = Math.max(0, ...services.config.access.roles.map((r) => r.maxDuration));
    const validUntil = now + longest + 15 * 60_000;
    await failures.record(grantId, validUntil, now);
    services.metrics.accessRevocations.inc({ outcome: 'failed' });
    await services.audit.append({ actor: 'system', action: 'access.revocation.failed', subject: grantId, detail: { reason, attempts: 1, grantUnreadable: true } });
    services.log.error({ grantId, reason }, 'revocation failed: the grant cannot be read; its sessions may remain valid');
    const channel = services.config.channels.audit ?? services.config.channels.approvals;
    if (channel) await services.outbox.send({ kind: 'post', channel, ...unreadableGrantRevocationMessage(grantId, reason, validUntil) });
    throw new UnrecoverableError(reason);
  }

  /**
   * BullMQ fails a job that stalled more often than allowed (its workers died mid-revocation) without
   * running it again, so the processor never sees that end: it is announced here like any failure.
   */
  async function onFailed(job: RevokeJob | undefined, error: Error): Promise<void> {
    if (!job || job.name !== 'revoke' || !/more than allowable limit/.test(error.message)) return;
    const reason = new Error(`the revoke job ${error.message} (its worker stopped while revoking)`);
    reason.name = 'JobStalled';
    try {
      let grant: AccessRequest | undefined;
      try {
        grant = await store.get(job.data.grantId);
      } catch (readError) {
        if (readError instanceof TamperedRequestError) return await failUnreadable(job.data.grantId, readError);
        throw readError;
      }
      if (!grant) return await failUnreadable(job.data.grantId, new UnrecoverableError(`grant ${job.data.grantId} is gone`));
      if (grant.status !== 'revoked') return;
      const revokedAt = Math.max(grant.decidedAt ?? 0, services.now().getTime());
      await fail(grant, reason, revocationCutoff(revokedAt, services.config.access.revocationMargin), job.attemptsMade);
    } catch (err) {
      if (err instanceof UnrecoverableError) return;
      services.log.error({ grantId: job.data.grantId, err: { message: (err as Error).message } }, 'could not announce a stalled revocation');
    }
  }

  const processor = async (job: RevokeJob): Promise<JobResult<'access-revoke'>> => {
    if (job.name === 'revoke') {
      let grant: AccessRequest | undefined;
      try {
        grant = await revokedGrant(job.data.grantId);
      } catch (error) {
        if (error instanceof TamperedRequestError || (error instanceof UnrecoverableError && /is gone$/.test(error.message))) return failUnreadable(job.data.grantId, error);
        throw error;
      }
      if (!grant) {
        // The revocation was refused, or its state change never landed: nothing to deny (yet).
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) return { outcome: 'not-revoked' };
        throw new Error(`grant ${job.data.grantId} is not revoked (yet); will look again`);
      }
      return revoke(job, grant);
    }
    const grant = await store.get(job.data.grantId);
    if (!grant) throw new UnrecoverableError(`grant ${job.data.grantId} is gone`);
    // `cleanup`
    const target = await targetFor(grant);
    const issuedBefore = new Date(job.data.issuedBefore ?? 0);
    const outcome = await cleanupRevocation(target, issuedBefore);
    await services.audit.append({ actor: 'system', action: 'access.revocation.cleaned', subject: grant.id, detail: { roleArn: grant.roleArn, outcome, issuedBefore: issuedBefore.toISOString() } });
    return { outcome };
  };

  return Object.assign(processor, { onFailed });

  async function revoke(job: RevokeJob, grant: AccessRequest): Promise<JobResult<'access-revoke'>> {
    // The revocation instant is the grant's (stable across retries), or later when the job runs later.
    const revokedAt = Math.max(grant.decidedAt ?? 0, services.now().getTime());
    const issuedBefore = revocationCutoff(revokedAt, services.config.access.revocationMargin);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    let applied;
    let account: string;
    try {
      const target = await targetFor(grant);
      account = target.account;
      applied = await applyRevocation(target, issuedBefore);
    } catch (error) {
      if (error instanceof NoRevokerError || isPermanentRevocationError(error) || lastAttempt) return fail(grant, error, issuedBefore, job.attemptsMade);
      services.log.warn({ grantId: grant.id, roleArn: grant.roleArn, attempt: job.attemptsMade + 1, error: (error as Error).name }, 'revocation not in force yet; retrying');
      throw error;
    }
    await failures.resolve(grant.id);
    services.metrics.accessRevocations.inc({ outcome: 'applied' });
    const role = services.config.access.roles.find((r) => r.name === grant.role);
    const longestSession = Math.min(services.config.access.sessionDuration, role?.maxSessionDuration ?? 12 * 3_600_000);
    const cleanupAt = issuedBefore.getTime() + Math.max(longestSession, 900_000) + CLEANUP_MARGIN_MS;
    await services.queues.get('access-revoke').add(
      'cleanup',
      { grantId: grant.id, issuedBefore: issuedBefore.getTime() },
      { delay: Math.max(0, cleanupAt - services.now().getTime()), jobId: `revoke-cleanup-${grant.id}`, attempts: 10, backoff: { type: 'exponential', delay: 5000 } },
    );
    await services.audit.append({
      actor: 'system',
      action: 'access.revocation.applied',
      subject: grant.id,
      detail: {
        roleArn: grant.roleArn,
        account,
        verifiedArn: applied.verifiedArn,
        readBack: true,
        sourceIdentity: sourceIdentityFor(grant.requester),
        issuedBefore: issuedBefore.toISOString(),
        cleanupAt: new Date(cleanupAt).toISOString(),
      },
    });
    const dm = await revokerDm(grant);
    if (dm) await services.outbox.send({ kind: 'post', channel: dm, ...revocationInForceMessage(grant, { roleArn: applied.verifiedArn, issuedBefore: issuedBefore.getTime() }) });
    return { outcome: 'denied', cleanupAt };
  }
}
