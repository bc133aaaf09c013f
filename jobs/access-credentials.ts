import type { Job } from 'bullmq';
import { CredentialsIssuer } from '../src/access/credentials.js';
import { AccessStore } from '../src/access/store.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import type { Services } from '../src/services.js';
import { SlackEphemeralReplies } from '../src/slack/ephemeral.js';

type CredentialsJob = Job<JobData<'access-credentials'>, JobResult<'access-credentials'>, JobName<'access-credentials'>>;

/** What the job is given beyond the shared services (tests pass their own fetch for the console sign-in). */
export interface CredentialsJobServices extends Services {
  fetch?: typeof fetch;
}

/** `mint`: one STS session for an active grant, answered ephemerally and never stored (src/access/credentials.ts). */
export function makeAccessCredentialsProcessor(services: CredentialsJobServices) {
  const issuer = new CredentialsIssuer({
    config: services.config,
    log: services.log,
    store: new AccessStore(services.redis, services.keys, services.config.access.expiryWarning, services.integrity),
    audit: services.audit,
    integrity: services.integrity,
    aws: services.aws,
    replies: new SlackEphemeralReplies(services),
    now: () => services.now(),
    ...(services.fetch ? { fetch: services.fetch } : {}),
  });
  return async (job: CredentialsJob): Promise<JobResult<'access-credentials'>> => {
    switch (job.name) {
      case 'mint':
        return issuer.mint(job.id, job.data);
    }
  };
}
