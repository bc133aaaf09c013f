import { GetFindingsCommand, GetMacieSessionCommand, Macie2Client, paginateListFindings } from '@aws-sdk/client-macie2';
import type { AwsClients } from '../clients.js';
import { normalizeMacieFinding } from '../../findings/normalize.js';
import { macieLevelsAtLeast } from '../../findings/severity.js';
import type { Finding, FindingsCollection, Severity } from '../../findings/types.js';

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

/**
 * Reads Macie findings of one region: GetMacieSession (not enabled → `disabled`), then ListFindings
 * (criteria: `updatedAt` ≥ `updatedSince`, `archived = false`, severity at or above `minSeverity`;
 * oldest first) and GetFindings with at most 50 ids a call. Any other AWS error → `error` with the reason.
 */
export async function collectMacieFindings(
  aws: AwsClients,
  region: string,
  options: { updatedSince?: number; minSeverity: Severity },
): Promise<FindingsCollection> {
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
    const ids: string[] = [];
    const pages = paginateListFindings(
      { client, pageSize: MACIE_BATCH },
      { findingCriteria: { criterion }, sortCriteria: { attributeName: 'updatedAt', orderBy: 'ASC' } },
    );
    for await (const page of pages) ids.push(...(page.findingIds ?? []));
    const findings: Finding[] = [];
    for (let i = 0; i < ids.length; i += MACIE_BATCH) {
      const res = await client.send(new GetFindingsCommand({ findingIds: ids.slice(i, i + MACIE_BATCH) }));
      for (const f of res.findings ?? []) findings.push(normalizeMacieFinding(f));
    }
    return { status: 'ok', findings };
  } catch (error) {
    return { status: 'error', reason: reason(error) };
  }
}
