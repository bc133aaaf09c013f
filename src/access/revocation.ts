import type { IAMClient } from '@aws-sdk/client-iam';
import type { Redis } from 'ioredis';
import type { AuditLog } from '../audit/log.js';
import { arnAccount, type Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { OutboundMessage, Outbox } from '../notify/outbox.js';
import type { JobData, JobResult } from '../queues/definitions.js';
import { isLastAttempt, StopRetrying, type JobAttempt } from '../queues/retry.js';
import { describeProblem } from '../redis/integrity.js';
import type { Keys } from '../redis/keys.js';
import { revocationFailedMessage, revocationInForceMessage, revocationValidUntil, unreadableGrantRevocationMessage } from './messages.js';
import type { RevocationFailures } from './revocation-failures.js';
import { applyRevocation, cleanupRevocation, isPermanentRevocationError, revocationCutoff, revocationStatement, type RevocationTarget } from './revoke.js';
import type { AccessRequest } from './state.js';
import { TamperedRequestError, type AccessStore } from './store.js';
import { grantTagValue, sourceIdentityFor } from './sts.js';

/** Margin for clock skew between the bot and AWS before a revocation statement is removed. */
export const CLEANUP_MARGIN_MS = 5 * 60_000;

/** How long a revoke job waits for its grant to read as revoked before it retries (polls × ms). */
const REVOKED_WAIT_POLLS = 40;
const REVOKED_WAIT_MS = 50;

/** What revoking uses, and nothing more. */
export interface RevocationDeps {
  config: Pick<Config, 'access' | 'channels'>;
  log: Logger;
  metrics: Pick<Metrics, 'accessRevocations'>;
  store: Pick<AccessStore, 'get'>;
  failures: Pick<RevocationFailures, 'record' | 'resolve'>;
  audit: Pick<AuditLog, 'append'>;
  outbox: Outbox;
  now: () => Date;
  /** IAM of an account through its revoker role (`access.revokers`; never the bot's own identity). */
  revokerIam: (account: string, roleArn: string) => Promise<IAMClient>;
  /** The role lock of a policy's read-modify-write lives in Redis (src/access/revoke.ts). */
  redis: Redis;
  keys: Keys;
  /** The DM channel of a Slack user. */
  dmChannel: (userId: string) => Promise<string>;
  /** Queues the `cleanup` job of a revocation (one per grant). */
  queueCleanup: (data: Required<Pick<JobData<'access-revoke'>, 'grantId' | 'issuedBefore'>>, delayMs: number) => Promise<void>;
  /** Waits between reads of a grant not revoked yet (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
}

/** Raised when no revoker is configured for the role's account (the configuration changed since the grant). */
class NoRevokerError extends Error {
  constructor(account: string) {
    super(`no revoker is configured for account ${account} (access.revokers)`);
    this.name = 'NoRevokerError';
  }
}

/** A grant that is gone (deleted from Redis): nothing to revoke or clean up, and not retried. */
class GrantGoneError extends StopRetrying {
  constructor(grantId: string) {
    super(`grant ${grantId} is gone`);
    this.name = 'GrantGone';
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
export class Revocation {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: RevocationDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private async targetFor(grant: AccessRequest): Promise<RevocationTarget & { account: string }> {
    const account = arnAccount(grant.roleArn);
    const revoker = this.deps.config.access.revokers.find((r) => r.account === account);
    if (!revoker) throw new NoRevokerError(account);
    return {
      account,
      iam: await this.deps.revokerIam(account, revoker.roleArn),
      redis: this.deps.redis,
      keys: this.deps.keys,
      roleArn: grant.roleArn,
      sourceIdentity: sourceIdentityFor(grant.requester),
      grantId: grantTagValue(grant.id),
    };
  }

  private async revokerDm(grant: AccessRequest): Promise<string | undefined> {
    const who = grant.decidedBy;
    if (!who || who === 'system') return undefined;
    return this.deps.dmChannel(who).catch(() => undefined);
  }

  private async fail(grant: AccessRequest, error: unknown, issuedBefore: Date, attemptsMade: number): Promise<never> {
    const { config, failures, metrics, audit, log, outbox, now } = this.deps;
    const reason = `${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`;
    const account = arnAccount(grant.roleArn);
    const validUntil = revocationValidUntil(grant, now().getTime());
    await failures.record(grant.id, validUntil, now().getTime());
    metrics.accessRevocations.inc({ outcome: 'failed' });
    await audit.append({
      actor: 'system',
      action: 'access.revocation.failed',
      subject: grant.id,
      detail: {
        roleArn: grant.roleArn,
        account,
        reason,
        attempts: attemptsMade + 1,
        sessionsValidUntil: new Date(grant.grantEnd ?? 0).toISOString(),
        revokedBy: grant.decidedBy,
      },
    });
    log.error({ grantId: grant.id, roleArn: grant.roleArn, reason }, "revocation failed: the grant's sessions remain valid");
    const message = revocationFailedMessage(grant, {
      roleArn: grant.roleArn,
      account,
      reason,
      statement: revocationStatement(sourceIdentityFor(grant.requester), issuedBefore, [grantTagValue(grant.id)]),
    });
    const alerts: OutboundMessage[] = [];
    const channels = new Set([config.channels.audit ?? config.channels.approvals, await this.revokerDm(grant)].filter((c): c is string => Boolean(c)));
    for (const channel of channels) alerts.push({ kind: 'post', channel, ...message });
    await outbox.send(...alerts);
    throw new StopRetrying(reason);
  }

  /**
   * The grant once it reads as revoked: the job is queued just before the state change (see
   * `AccessFlow.revoke`), so it may run a moment before the change lands. Undefined when it has not.
   */
  private async revokedGrant(grantId: string): Promise<AccessRequest | undefined> {
    for (let i = 0; ; i++) {
      const grant = await this.deps.store.get(grantId);
      if (!grant) throw new GrantGoneError(grantId);
      if (grant.status === 'revoked') return grant;
      if (i >= REVOKED_WAIT_POLLS) return undefined;
      await this.sleep(REVOKED_WAIT_MS);
    }
  }

  /**
   * A grant that cannot be read any more (edited or deleted outside the bot after it was revoked): its
   * role is not known for sure, so nothing is written, and that is said as loudly as any failure, with
   * the longest time its sessions may stay valid.
   */
  private async failUnreadable(grantId: string, error: Error): Promise<never> {
    const { config, failures, metrics, audit, log, outbox, now } = this.deps;
    const reason = `${error.name}: ${error instanceof TamperedRequestError ? describeProblem(error.tampered.problem) : error.message}`;
    const at = now().getTime();
    const longest = Math.max(0, ...config.access.roles.map((r) => r.maxDuration));
    const validUntil = at + longest + 15 * 60_000;
    await failures.record(grantId, validUntil, at);
    metrics.accessRevocations.inc({ outcome: 'failed' });
    await audit.append({ actor: 'system', action: 'access.revocation.failed', subject: grantId, detail: { reason, attempts: 1, grantUnreadable: true } });
    log.error({ grantId, reason }, 'revocation failed: the grant cannot be read; its sessions may remain valid');
    const channel = config.channels.audit ?? config.channels.approvals;
    if (channel) await outbox.send({ kind: 'post', channel, ...unreadableGrantRevocationMessage(grantId, reason, validUntil) });
    throw new StopRetrying(reason);
  }

  /**
   * BullMQ fails a job that stalled more often than allowed (its workers died mid-revocation) without
   * running it again, so the processor never sees that end: it is announced here like any failure.
   */
  async stalled(grantId: string, stallMessage: string, attemptsMade: number): Promise<void> {
    const reason = new Error(`the revoke job ${stallMessage} (its worker stopped while revoking)`);
    reason.name = 'JobStalled';
    try {
      let grant: AccessRequest | undefined;
      try {
        grant = await this.deps.store.get(grantId);
      } catch (readError) {
        if (readError instanceof TamperedRequestError) return await this.failUnreadable(grantId, readError);
        throw readError;
      }
      if (!grant) return await this.failUnreadable(grantId, new GrantGoneError(grantId));
      if (grant.status !== 'revoked') return;
      const revokedAt = Math.max(grant.decidedAt ?? 0, this.deps.now().getTime());
      await this.fail(grant, reason, revocationCutoff(revokedAt, this.deps.config.access.revocationMargin), attemptsMade);
    } catch (err) {
      if (err instanceof StopRetrying) return;
      this.deps.log.error({ grantId, err: { message: (err as Error).message } }, 'could not announce a stalled revocation');
    }
  }

  /** The `revoke` job. */
  async revoke(grantId: string, attempt: JobAttempt): Promise<JobResult<'access-revoke'>> {
    let grant: AccessRequest | undefined;
    try {
      grant = await this.revokedGrant(grantId);
    } catch (error) {
      if (error instanceof TamperedRequestError || error instanceof GrantGoneError) return this.failUnreadable(grantId, error);
      throw error;
    }
    if (!grant) {
      // The revocation was refused, or its state change never landed: nothing to deny (yet).
      if (isLastAttempt(attempt)) return { outcome: 'not-revoked' };
      throw new Error(`grant ${grantId} is not revoked (yet); will look again`);
    }
    return this.deny(grant, attempt);
  }

  /** The `cleanup` job: removes the statement once every session it denied has expired. */
  async cleanup(grantId: string, issuedBeforeMs: number | undefined): Promise<JobResult<'access-revoke'>> {
    const grant = await this.deps.store.get(grantId);
    if (!grant) throw new GrantGoneError(grantId);
    const target = await this.targetFor(grant);
    const issuedBefore = new Date(issuedBeforeMs ?? 0);
    const outcome = await cleanupRevocation(target, issuedBefore);
    await this.deps.audit.append({
      actor: 'system',
      action: 'access.revocation.cleaned',
      subject: grant.id,
      detail: { roleArn: grant.roleArn, outcome, issuedBefore: issuedBefore.toISOString() },
    });
    return { outcome };
  }

  private async deny(grant: AccessRequest, attempt: JobAttempt): Promise<JobResult<'access-revoke'>> {
    const { config, failures, metrics, audit, log, outbox, now } = this.deps;
    // The revocation instant is the grant's (stable across retries), or later when the job runs later.
    const revokedAt = Math.max(grant.decidedAt ?? 0, now().getTime());
    const issuedBefore = revocationCutoff(revokedAt, config.access.revocationMargin);
    let applied;
    let account: string;
    try {
      const target = await this.targetFor(grant);
      account = target.account;
      applied = await applyRevocation(target, issuedBefore);
    } catch (error) {
      if (error instanceof NoRevokerError || isPermanentRevocationError(error) || isLastAttempt(attempt))
        return this.fail(grant, error, issuedBefore, attempt.made);
      log.warn({ grantId: grant.id, roleArn: grant.roleArn, attempt: attempt.made + 1, error: (error as Error).name }, 'revocation not in force yet; retrying');
      throw error;
    }
    await failures.resolve(grant.id);
    metrics.accessRevocations.inc({ outcome: 'applied' });
    const role = config.access.roles.find((r) => r.name === grant.role);
    const longestSession = Math.min(config.access.sessionDuration, role?.maxSessionDuration ?? 12 * 3_600_000);
    const cleanupAt = issuedBefore.getTime() + Math.max(longestSession, 900_000) + CLEANUP_MARGIN_MS;
    await this.deps.queueCleanup({ grantId: grant.id, issuedBefore: issuedBefore.getTime() }, Math.max(0, cleanupAt - now().getTime()));
    await audit.append({
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
    const dm = await this.revokerDm(grant);
    if (dm)
      await outbox.send({
        kind: 'post',
        channel: dm,
        ...revocationInForceMessage(grant, { roleArn: applied.verifiedArn, issuedBefore: issuedBefore.getTime() }),
      });
    return { outcome: 'denied', cleanupAt };
  }
}
