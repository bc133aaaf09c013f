import type { AwsClients } from '../clients.js';
import { combineReads, readFindings, type ReadFindings } from '../../findings/listing.js';
import { normalizeGuardDutyFinding } from '../../findings/normalize.js';
import { guardDutyMinScore } from '../../findings/severity.js';
import type { FindingsCollection, Severity } from '../../findings/types.js';

/** GuardDuty's page size for ListFindings and its limit for GetFindings. */
export const GUARDDUTY_BATCH = 50;

/** IAM actions this collector needs (read-only). */
export const GUARDDUTY_FINDINGS_PERMISSIONS = ['guardduty:ListDetectors', 'guardduty:ListFindings', 'guardduty:GetFindings'];

function reason(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function* idPages(pages: AsyncIterable<{ FindingIds?: string[]; NextToken?: string }>) {
  for await (const page of pages) yield { ids: page.FindingIds ?? [], more: Boolean(page.NextToken) };
}

/**
 * Reads GuardDuty findings of one region: ListDetectors, then per detector ListFindings (criteria:
 * `updatedAt` ≥ `updatedSince` (inclusive: the caller's dedup absorbs the overlap, and nothing updated in
 * the same millisecond is missed), `service.archived = false`, severity ≥ `minSeverity`; 50 a page, oldest
 * first) and GetFindings in batches of 50. No detector → `disabled`; any AWS error → `error` with the reason.
 *
 * `limit` (the poll's `findings.maxPerPoll`, which hands over at most that many oldest first): per
 * detector, list a page and get its findings, and stop once `limit` findings are held and one strictly
 * newer than the `limit`-th oldest was seen; findings that tie with the `limit`-th are all read, so a
 * backlog is not listed in full on every poll, yet a poll never skips part of a tie nor gets stuck when
 * more than `limit` findings share one `updatedAt` (see `readFindings`). When a detector's listing was
 * not read to its end, the result holds every finding (of every detector) older than its newest
 * `updatedAt`, and some or all of those at it: newer ones that were read are left for the next poll,
 * which lists them again. Without `limit`, everything is listed.
 */
export async function collectGuardDutyFindings(
  aws: AwsClients,
  region: string,
  options: { updatedSince?: number; minSeverity: Severity; limit?: number },
): Promise<FindingsCollection> {
  // Loaded on the first poll, not with the findings job (the SDK client is large).
  const { GetFindingsCommand, GuardDutyClient, paginateListDetectors, paginateListFindings } = await import('@aws-sdk/client-guardduty');
  const client = aws.get(GuardDutyClient, region);
  try {
    const detectorIds: string[] = [];
    for await (const page of paginateListDetectors({ client }, {})) detectorIds.push(...(page.DetectorIds ?? []));
    if (detectorIds.length === 0) return { status: 'disabled', reason: `GuardDuty has no detector in ${region}.` };

    const reads: ReadFindings[] = [];
    for (const detectorId of detectorIds) {
      const criterion: Record<string, { GreaterThanOrEqual?: number; Equals?: string[] }> = {
        'service.archived': { Equals: ['false'] },
        severity: { GreaterThanOrEqual: guardDutyMinScore(options.minSeverity) },
      };
      if (options.updatedSince !== undefined) criterion.updatedAt = { GreaterThanOrEqual: options.updatedSince };
      const pages = paginateListFindings(
        { client, pageSize: GUARDDUTY_BATCH },
        { DetectorId: detectorId, FindingCriteria: { Criterion: criterion }, SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'ASC' } },
      );
      const get = async (ids: string[]) => {
        const res = await client.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: ids }));
        return (res.Findings ?? []).map((f) => normalizeGuardDutyFinding(f, detectorId));
      };
      reads.push(await readFindings(idPages(pages), get, { batch: GUARDDUTY_BATCH, limit: options.limit }));
    }
    const findings = combineReads(reads);
    return { status: 'ok', findings };
  } catch (error) {
    return { status: 'error', reason: reason(error) };
  }
}
