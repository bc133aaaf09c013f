import { IAMClient } from '@aws-sdk/client-iam';
import { UnrecoverableError, type Job } from 'bullmq';
import { AccessStore } from '../src/access/store.js';
import { applyRevocation, cleanupRevocation, PolicyTooLargeError, roleNameFromArn } from '../src/access/revoke.js';
import { sourceIdentityFor } from '../src/access/sts.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import type { Services } from '../src/services.js';
import { code } from '../src/slack/mrkdwn.js';

type RevokeJob = Job<JobData<'access-revoke'>, JobResult<'access-revoke'>, JobName<'access-revoke'>>;

/** Margin for clock skew between the bot and AWS before a revocation statement is removed. */
export const CLEANUP_MARGIN_MS = 5 * 60_000;

/**
 * `revoke`: denies the live sessions of a revoked grant (deny statement on the role for its
 * SourceIdentity, sessions issued before now), then schedules `cleanup` for when every session that
 * could have been issued before that time has expired (the longest session the bot issues for the role,
 * plus a margin). `cleanup` removes the statement unless a later revocation has moved it forward.
 */
export function makeAccessRevokeProcessor(services: Services) {
  const store = new AccessStore(services.redis, services.keys, services.config.access.expiryWarning, services.integrity);
  return async (job: RevokeJob): Promise<JobResult<'access-revoke'>> => {
    const grant = await store.get(job.data.grantId);
    if (!grant) throw new UnrecoverableError(`grant ${job.data.grantId} is gone`);
    const target = {
      iam: services.aws.get(IAMClient),
      redis: services.redis,
      keys: services.keys,
      roleArn: grant.roleArn,
      sourceIdentity: sourceIdentityFor(grant.requester),
    };
    if (job.name === 'cleanup') {
      const issuedBefore = new Date(job.data.issuedBefore ?? 0);
      const outcome = await cleanupRevocation(target, issuedBefore);
      await services.audit.append({ actor: 'system', action: 'access.revocation.cleaned', subject: grant.id, detail: { roleArn: grant.roleArn, outcome, issuedBefore: issuedBefore.toISOString() } });
      return { outcome };
    }
    const issuedBefore = services.now();
    try {
      await applyRevocation(target, issuedBefore);
    } catch (error) {
      if (error instanceof PolicyTooLargeError) {
        const alert = services.config.channels.audit ?? services.config.channels.approvals;
        if (alert) {
          await services.outbox.send({
            kind: 'post',
            channel: alert,
            text: `:rotating_light: Revoking grant ${code(grant.id)} failed: the revocation policy on role ${code(roleNameFromArn(grant.roleArn))} is full. Its sessions are still valid until they expire; act on the role by hand.`,
          });
        }
        await services.audit.append({ actor: 'system', action: 'access.revocation.failed', subject: grant.id, detail: { roleArn: grant.roleArn, reason: error.message } });
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
    const role = services.config.access.roles.find((r) => r.name === grant.role);
    const longestSession = Math.min(services.config.access.sessionDuration, role?.maxSessionDuration ?? 12 * 3_600_000);
    const cleanupAt = issuedBefore.getTime() + Math.max(longestSession, 900_000) + CLEANUP_MARGIN_MS;
    await services.audit.append({
      actor: 'system',
      action: 'access.revocation.applied',
      subject: grant.id,
      detail: { roleArn: grant.roleArn, sourceIdentity: target.sourceIdentity, issuedBefore: issuedBefore.toISOString(), cleanupAt: new Date(cleanupAt).toISOString() },
    });
    await services.queues.get('access-revoke').add(
      'cleanup',
      { grantId: grant.id, issuedBefore: issuedBefore.getTime() },
      { delay: cleanupAt - services.now().getTime(), jobId: `revoke-cleanup-${grant.id}`, attempts: 10, backoff: { type: 'exponential', delay: 5000 } },
    );
    return { outcome: 'denied', cleanupAt };
  };
}
