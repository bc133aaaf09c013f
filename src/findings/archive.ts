import type { AwsClients } from '../aws/clients.js';

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
