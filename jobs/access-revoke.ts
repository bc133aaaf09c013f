import { UnrecoverableError, type Job } from 'bullmq';
import { Revocation } from '../src/access/revocation.js';
import { RevocationFailures } from '../src/access/revocation-failures.js';
import { AccessStore } from '../src/access/store.js';
import { dmChannel } from '../src/notify/dm.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import { accessProducer } from '../src/queues/producers.js';
import { attemptOf, StopRetrying } from '../src/queues/retry.js';
import type { Services } from '../src/services.js';

type RevokeJob = Job<JobData<'access-revoke'>, JobResult<'access-revoke'>, JobName<'access-revoke'>>;

/** `revoke` denies a revoked grant's live sessions; `cleanup` removes the deny once they expired (src/access/revocation.ts). */
export function makeAccessRevokeProcessor(services: Services) {
  const revocation = new Revocation({
    config: services.config,
    log: services.log,
    metrics: services.metrics,
    store: new AccessStore(services.redis, services.keys, services.config.access.expiryWarning, services.integrity),
    failures: new RevocationFailures(services.redis, services.keys),
    audit: services.audit,
    outbox: services.outbox,
    now: () => services.now(),
    revokerIam: async (account, roleArn) => {
      // Loaded on the first revocation, not when the worker starts (the SDK client is large).
      const { IAMClient } = await import('@aws-sdk/client-iam');
      return services.aws.forAccount({ accountId: account, roleArn }, 'gdpr-bot-revoke').get(IAMClient);
    },
    redis: services.redis,
    keys: services.keys,
    dmChannel: (userId) => dmChannel(services, userId),
    queueCleanup: accessProducer(services.queues).cleanup,
  });

  const processor = async (job: RevokeJob): Promise<JobResult<'access-revoke'>> => {
    try {
      switch (job.name) {
        case 'revoke':
          return await revocation.revoke(job.data.grantId, attemptOf(job));
        case 'cleanup':
          return await revocation.cleanup(job.data.grantId, job.data.issuedBefore);
      }
    } catch (error) {
      throw error instanceof StopRetrying ? new UnrecoverableError(error.message) : error;
    }
  };
  /** A revoke job BullMQ failed for stalling too often (its workers died mid-revocation) is announced like any failure. */
  const onFailed = async (job: RevokeJob | undefined, error: Error): Promise<void> => {
    if (job?.name === 'revoke' && /more than allowable limit/.test(error.message)) await revocation.stalled(job.data.grantId, error.message, job.attemptsMade);
  };
  return Object.assign(processor, { onFailed });
}
