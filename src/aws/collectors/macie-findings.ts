import type { AwsClients } from '../clients.js';
import { readFindings } from '../../findings/listing.js';
import { normalizeMacieFinding } from '../../findings/normalize.js';
import { macieLevelsAtLeast } from '../../findings/severity.js';
import type { FindingsCollection, Severity } from '../../findings/types.js';

/** Macie's limit of finding ids per GetFindings call (and the page size used for ListFindings). */
export const MACIE_BATCH = 50;

/** IAM actions this collector needs (read-only). */
export const MACIE_FINDINGS_PERMISSIONS = ['macie2:GetMacieSession', 'macie2:ListFindings', 'macie2:GetFindings'];

function reason(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Macie answers "not enabled" with AccessDeniedException (or ResourceNotFound) and a message saying so. */
function isNotEnabled(error: unknown): boolean {
  return error instanceof Error && /not enabled|isn't enabled|is not enabled/i.test(error.message) && /AccessDenied|ResourceNotFound/.test(error.name);
}

async function* idPages(pages: AsyncIterable<{ findingIds?: string[]; nextToken?: string }>) {
  for await (const page of pages) yield { ids: page.findingIds ?? [], more: Boolean(page.nextToken) };
}

/**
 * Reads Macie findings of one region: GetMacieSession (not enabled → `disabled`), then ListFindings
 * (criteria: `updatedAt` ≥ `updatedSince`, `archived = false`, severity at or above `minSeverity`;
 * oldest first) and GetFindings with at most 50 ids a call. Any other AWS error → `error` with the reason.
 *
 * `limit` (the poll's `findings.maxPerPoll`, which hands over at most that many oldest first): list a
 * page and get its findings, and stop once `limit` findings are held and one strictly newer than the
 * `limit`-th oldest was seen; findings that tie with the `limit`-th are all read, so a backlog is not
 * listed in full on every poll, yet a poll never skips part of a tie nor gets stuck when more than
 * `limit` findings share one `updatedAt` (see `readFindings`). When the listing was not read to its
 * end, the result holds every finding older than its newest `updatedAt`, and some or all of those at
 * it: newer ones of the last page read are left for the next poll, which lists them again. Without
 * `limit`, everything is listed.
 */
export async function collectMacieFindings(
  aws: AwsClients,
  region: string,
  options: { updatedSince?: number; minSeverity: Severity; limit?: number },
): Promise<FindingsCollection> {
  // Loaded on the first poll, not with the findings job (the SDK client is large).
  const { GetFindingsCommand, GetMacieSessionCommand, Macie2Client, paginateListFindings } = await import('@aws-sdk/client-macie2');
  const client = aws.get(Macie2Client, region);
  try {
    try {
      const session = await client.send(new GetMacieSessionCommand({}));
      if (session.status === 'PAUSED') return { status: 'disabled', reason: `Macie is paused in ${region}.` };
    } catch (error) {
      if (isNotEnabled(error)) return { status: 'disabled', reason: `Macie is not enabled in ${region}.` };
      throw error;
    }
    const levels = macieLevelsAtLeast(options.minSeverity);
    if (levels.length === 0) return { status: 'ok', findings: [] };
    const criterion: Record<string, { eq?: string[]; gte?: number }> = {
      archived: { eq: ['false'] },
      'severity.description': { eq: levels },
    };
    if (options.updatedSince !== undefined) criterion.updatedAt = { gte: options.updatedSince };
    const pages = paginateListFindings(
      { client, pageSize: MACIE_BATCH },
      { findingCriteria: { criterion }, sortCriteria: { attributeName: 'updatedAt', orderBy: 'ASC' } },
    );
    const get = async (ids: string[]) => {
      const res = await client.send(new GetFindingsCommand({ findingIds: ids }));
      return (res.findings ?? []).map((f) => normalizeMacieFinding(f));
    };
    const { findings } = await readFindings(idPages(pages), get, { batch: MACIE_BATCH, limit: options.limit });
    return { status: 'ok', findings };
  } catch (error) {
    return { status: 'error', reason: reason(error) };
  }
}
