import { UnrecoverableError, type Job } from 'bullmq';
import type { AuditLog } from '../src/audit/log.js';
import type { AwsClients } from '../src/aws/clients.js';
import type { Config } from '../src/config/schema.js';
import { archiveGuardDutyFindings } from '../src/findings/archive.js';
import { findingMessage } from '../src/findings/messages.js';
import { FindingStore } from '../src/findings/store.js';
import type { Logger } from '../src/log.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import type { Keys } from '../src/redis/keys.js';
import type { SlackOutbox } from '../src/slack/outbound.js';
import { code, escapeMrkdwn } from '../src/slack/mrkdwn.js';
import type { Redis } from 'ioredis';

type ArchiveJob = Job<JobData<'findings-archive'>, JobResult<'findings-archive'>, JobName<'findings-archive'>>;

export interface FindingsArchiveDeps {
  config: Config;
  redis: Redis;
  keys: Keys;
  outbox: SlackOutbox;
  audit: AuditLog;
  aws: AwsClients;
  log: Logger;
  now: () => Date;
}

function isPermanent(error: unknown): boolean {
  return error instanceof Error && /AccessDenied|BadRequest|InvalidInput|ValidationException/.test(`${error.name} ${error.message}`);
}

/**
 * Archives one GuardDuty finding (the Slack listener has already checked that the clicker is an
 * approver). Writes `finding.archived` or `finding.archive_failed` to the audit log, marks the finding
 * archived in the stored state and updates its Slack message; the approver is told if it failed.
 */
export function makeFindingsArchiveProcessor(deps: FindingsArchiveDeps) {
  return async (job: ArchiveJob): Promise<JobResult<'findings-archive'>> => {
    const { findingId, requestedBy } = job.data;
    const store = new FindingStore(deps.redis, deps.keys);
    const finding = await store.get(findingId);
    if (!finding) throw new UnrecoverableError(`unknown finding ${findingId}`);
    if (finding.source !== 'guardduty' || !finding.detectorId) throw new UnrecoverableError(`finding ${findingId} cannot be archived through the API`);
    if (finding.archived) return { archived: true };
    const member = deps.config.findings?.accounts?.find((a) => a.id === finding.account);
    const aws = member ? deps.aws.forAccount({ accountId: member.id, roleArn: member.roleArn }, 'gdpr-bot-findings') : deps.aws;
    try {
      await archiveGuardDutyFindings(aws, finding.region, finding.detectorId, [finding.id]);
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const last = !isPermanent(error) && job.attemptsMade + 1 < (job.opts.attempts ?? 1);
      if (last) throw error;
      await deps.audit.append({ actor: requestedBy, action: 'finding.archive_failed', subject: finding.id, detail: { source: finding.source, account: finding.account, region: finding.region, reason } });
      await deps.outbox.send({
        kind: 'ephemeral',
        channel: finding.channel,
        user: requestedBy,
        text: `:x: Archiving GuardDuty finding ${code(finding.id)} failed: ${escapeMrkdwn(reason.slice(0, 300))}. (Only GuardDuty's administrator account can archive findings.)`,
      });
      throw new UnrecoverableError(reason);
    }
    const archived = { ...finding, archived: true, archivedBy: requestedBy, archivedAt: deps.now().toISOString() };
    await deps.audit.append({ actor: requestedBy, action: 'finding.archived', subject: finding.id, detail: { source: finding.source, type: finding.type, account: finding.account, region: finding.region } });
    await deps.outbox.sendWith([{ kind: 'update', channel: finding.channel, ref: finding.ref, ...findingMessage(archived) }], (tx) => {
      tx.hset(deps.keys.key('findings', 'state'), finding.id, JSON.stringify(archived));
    });
    return { archived: true };
  };
}
