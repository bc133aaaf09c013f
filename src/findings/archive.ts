import type { AuditLog } from '../audit/log.js';
import type { AwsClients } from '../aws/clients.js';
import type { Config } from '../config/schema.js';
import type { Outbox } from '../notify/outbox.js';
import { isLastAttempt, StopRetrying, type JobAttempt } from '../queues/retry.js';
import { archiveFailedText, findingMessage } from './messages.js';
import type { FindingStore } from './store.js';

/**
 * **This module changes AWS state.** It archives GuardDuty findings (`guardduty:ArchiveFindings`) and is
 * called only from the `findings-archive` job, which runs only after an approver pressed **Archive** in
 * Slack (checked on the server) and writes the outcome to the audit log. Only GuardDuty's administrator
 * account (or a standalone account) may archive; a member account gets AccessDenied, which is reported.
 * Macie has no archive API: suppression rules (findings filters) are used instead, and nothing here
 * touches Macie.
 */
export const ARCHIVE_PERMISSIONS = ['guardduty:ArchiveFindings'];

/** Archives `findingIds` (≤ 50) of `detectorId` in `region`. Archiving an archived finding changes nothing. */
export async function archiveGuardDutyFindings(aws: AwsClients, region: string, detectorId: string, findingIds: string[]): Promise<void> {
  const { ArchiveFindingsCommand, GuardDutyClient } = await import('@aws-sdk/client-guardduty');
  await aws.get(GuardDutyClient, region).send(new ArchiveFindingsCommand({ DetectorId: detectorId, FindingIds: findingIds }));
}

/** What archiving a finding from Slack uses. */
export interface ArchiveFlowDeps {
  config: Pick<Config, 'findings'>;
  store: Pick<FindingStore, 'get' | 'stage'>;
  outbox: Pick<Outbox, 'send' | 'sendWith'>;
  audit: Pick<AuditLog, 'append'>;
  /** The bot's own account; member accounts of `findings.accounts` through `forAccount`. */
  aws: AwsClients;
  now: () => Date;
}

function isPermanent(error: unknown): boolean {
  return error instanceof Error && /AccessDenied|BadRequest|InvalidInput|ValidationException/.test(`${error.name} ${error.message}`);
}

/**
 * Archives one GuardDuty finding (the Slack listener has already checked that the clicker is an
 * approver): the `findings-archive` job. Writes `finding.archived` or `finding.archive_failed` to the
 * audit log, marks the finding archived in the stored state and updates its Slack message; the approver
 * is told if it failed. A permanent AWS refusal, and any failure on the last attempt, stops retrying.
 */
export async function archiveFinding(
  deps: ArchiveFlowDeps,
  input: { findingId: string; requestedBy: string },
  attempt: JobAttempt,
): Promise<{ archived: boolean }> {
  const { findingId, requestedBy } = input;
  const finding = await deps.store.get(findingId);
  if (!finding) throw new StopRetrying(`unknown finding ${findingId}`);
  if (finding.source !== 'guardduty' || !finding.detectorId) throw new StopRetrying(`finding ${findingId} cannot be archived through the API`);
  if (finding.archived) return { archived: true };
  const member = deps.config.findings?.accounts?.find((a) => a.id === finding.account);
  const aws = member ? deps.aws.forAccount({ accountId: member.id, roleArn: member.roleArn }, 'gdpr-bot-findings') : deps.aws;
  try {
    await archiveGuardDutyFindings(aws, finding.region, finding.detectorId, [finding.id]);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (!isPermanent(error) && !isLastAttempt(attempt)) throw error;
    await deps.audit.append({
      actor: requestedBy,
      action: 'finding.archive_failed',
      subject: finding.id,
      detail: { source: finding.source, account: finding.account, region: finding.region, reason },
    });
    await deps.outbox.send({ kind: 'ephemeral', channel: finding.channel, user: requestedBy, text: archiveFailedText(finding.id, reason) });
    throw new StopRetrying(reason);
  }
  const archived = { ...finding, archived: true, archivedBy: requestedBy, archivedAt: deps.now().toISOString() };
  await deps.audit.append({
    actor: requestedBy,
    action: 'finding.archived',
    subject: finding.id,
    detail: { source: finding.source, type: finding.type, account: finding.account, region: finding.region },
  });
  await deps.outbox.sendWith([{ kind: 'update', channel: finding.channel, ref: finding.ref, ...findingMessage(archived) }], (tx) =>
    deps.store.stage(tx, [archived], new Map()),
  );
  return { archived: true };
}
