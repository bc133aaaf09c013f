import { GetFindingsCommand, GuardDutyClient, paginateListDetectors, paginateListFindings } from '@aws-sdk/client-guardduty';
import type { AwsClients } from '../clients.js';
import { normalizeGuardDutyFinding } from '../../findings/normalize.js';
import { guardDutyMinScore } from '../../findings/severity.js';
import type { Finding, FindingsCollection, Severity } from '../../findings/types.js';

/** GuardDuty's page size for ListFindings and its limit for GetFindings. */
export const GUARDDUTY_BATCH = 50;

/** IAM actions this collector needs (read-only). */
export const GUARDDUTY_FINDINGS_PERMISSIONS = ['guardduty:ListDetectors', 'guardduty:ListFindings', 'guardduty:GetFindings'];

function reason(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Reads GuardDuty findings of one region: ListDetectors, then per detector ListFindings (criteria:
 * `updatedAt` ≥ `updatedSince` (inclusive: the caller's dedup absorbs the overlap, and nothing updated in
 * the same millisecond is missed), `service.archived = false`, severity ≥ `minSeverity`; 50 a page, oldest
 * first) and GetFindings in batches of 50. No detector → `disabled`; any AWS error → `error` with the reason.
 */
export async function collectGuardDutyFindings(
  aws: AwsClients,
  region: string,
  options: { updatedSince?: number; minSeverity: Severity },
): Promise<FindingsCollection> {
  const client = aws.get(GuardDutyClient, region);
  try {
    const detectorIds: string[] = [];
    for await (const page of paginateListDetectors({ client }, {})) detectorIds.push(...(page.DetectorIds ?? []));
    if (detectorIds.length === 0) return { status: 'disabled', reason: `GuardDuty has no detector in ${region}.` };

    const findings: Finding[] = [];
    for (const detectorId of detectorIds) {
      const criterion: Record<string, { GreaterThanOrEqual?: number; Equals?: string[] }> = {
        'service.archived': { Equals: ['false'] },
        severity: { GreaterThanOrEqual: guardDutyMinScore(options.minSeverity) },
      };
      if (options.updatedSince !== undefined) criterion.updatedAt = { GreaterThanOrEqual: options.updatedSince };
      const ids: string[] = [];
      const pages = paginateListFindings(
        { client, pageSize: GUARDDUTY_BATCH },
        { DetectorId: detectorId, FindingCriteria: { Criterion: criterion }, SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'ASC' } },
      );
      for await (const page of pages) ids.push(...(page.FindingIds ?? []));
      for (let i = 0; i < ids.length; i += GUARDDUTY_BATCH) {
        const res = await client.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: ids.slice(i, i + GUARDDUTY_BATCH) }));
        for (const f of res.Findings ?? []) findings.push(normalizeGuardDutyFinding(f, detectorId));
      }
    }
    return { status: 'ok', findings };
  } catch (error) {
    return { status: 'error', reason: reason(error) };
  }
}
