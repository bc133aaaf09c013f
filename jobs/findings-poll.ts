import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import type { AwsClients } from '../src/aws/clients.js';
import { collectCallerAccount } from '../src/aws/collectors/caller-account.js';
import { collectGuardDutyFindings } from '../src/aws/collectors/guardduty-findings.js';
import { collectMacieFindings } from '../src/aws/collectors/macie-findings.js';
import { handOverFindings, type PollDeps, type SourceOutcome } from '../src/findings/poll.js';
import { FindingStore } from '../src/findings/store.js';
import { FINDING_SOURCES } from '../src/findings/types.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';

type PollJob = Job<JobData<'findings-poll'>, JobResult<'findings-poll'>, JobName<'findings-poll'>>;

/** The bot's own account in job data, watermark keys and schedulers. */
export const SELF_ACCOUNT = 'self';

export interface FindingsPollDeps extends PollDeps {
  aws: AwsClients;
  /** How long one poll may hold its (account, region) before another worker may take over (default 10 min). */
  lockMs?: number;
}

const LUA_RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Polls GuardDuty and Macie of one (account, region) and hands what is new or changed to Slack (see
 * `handOverFindings`). One poll per (account, region) at a time, across every worker (a Redis lock).
 * A source that could not be read is reported and fails the job after the other source was handled.
 */
export function makeFindingsPollProcessor(deps: FindingsPollDeps) {
  const accounts = new Map<string, AwsClients>();
  const clientsFor = (account: string): AwsClients => {
    if (account === SELF_ACCOUNT) return deps.aws;
    let clients = accounts.get(account);
    if (!clients) {
      const configured = deps.config.findings?.accounts?.find((a) => a.id === account);
      if (!configured) throw new Error(`account ${account} is not in findings.accounts`);
      clients = deps.aws.forAccount({ accountId: configured.id, roleArn: configured.roleArn }, 'gdpr-bot-findings');
      accounts.set(account, clients);
    }
    return clients;
  };

  return async (job: PollJob): Promise<JobResult<'findings-poll'>> => {
    const { account, region } = job.data;
    const store = new FindingStore(deps.redis, deps.keys);
    const lock = store.lockKey(account, region);
    const token = randomUUID();
    if ((await deps.redis.set(lock, token, 'PX', deps.lockMs ?? 600_000, 'NX')) !== 'OK') return { skipped: 'busy', sources: {} };
    try {
      const aws = clientsFor(account);
      const minSeverity = deps.config.findings?.minSeverity ?? 'medium';
      const sources: Record<string, SourceOutcome> = {};
      const failures: string[] = [];
      for (const source of FINDING_SOURCES) {
        const updatedSince = await store.watermark(source, account, region);
        const collect = source === 'guardduty' ? collectGuardDutyFindings : collectMacieFindings;
        const collection = await collect(aws, region, { updatedSince, minSeverity });
        // Only looked up when a notice is actually posted: the own account's id, for the message and the fix target.
        const accountLabel = async () => (account === SELF_ACCOUNT ? ((await collectCallerAccount(aws)) ?? 'this account') : account);
        const outcome = await handOverFindings(deps, { source, account, region, accountLabel }, collection);
        sources[source] = outcome;
        if (outcome.status === 'error') failures.push(`${source}: ${outcome.reason}`);
        deps.log.info({ account, region, source, ...outcome }, 'findings poll');
      }
      if (failures.length > 0) throw new Error(`could not read findings in ${account}/${region}: ${failures.join('; ')}`);
      return { sources };
    } finally {
      await deps.redis.eval(LUA_RELEASE, 1, lock, token);
    }
  };
}
