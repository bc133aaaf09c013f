import type { AwsSecurityFinding, StringFilter } from '@aws-sdk/client-securityhub';
import type { AwsClients } from '../clients.js';
import { readFindings } from '../../findings/listing.js';
import { isForwardedToSecurityHub, normalizeSecurityHubFinding } from '../../findings/normalize.js';
import { atLeast, securityHubBand } from '../../findings/severity.js';
import { SEVERITIES, type Finding, type FindingsCollection, type Severity } from '../../findings/types.js';

/** Security Hub's largest GetFindings page. */
export const SECURITYHUB_PAGE = 100;

/** IAM actions this collector needs (read-only). */
export const SECURITYHUB_FINDINGS_PERMISSIONS = ['securityhub:GetFindings'];

function reason(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Security Hub answers an account that is not subscribed with InvalidAccessException ("not subscribed to AWS Security Hub"). */
function isNotEnabled(error: unknown): boolean {
  return error instanceof Error && error.name === 'InvalidAccessException' && /not subscribed|not enabled/i.test(error.message);
}

const equals = (values: readonly string[]): StringFilter[] => values.map((Value) => ({ Value, Comparison: 'EQUALS' }));

/**
 * Reads Security Hub findings (ASFF) of one region for `findings.pollSecurityHub`: GetFindings with
 * `UpdatedAt` ≥ `updatedSince`, record ACTIVE, workflow NEW or NOTIFIED, severity label at or above
 * `minSeverity`, products other than GuardDuty and Macie (their own findings come from their own
 * collectors), sorted by `UpdatedAt` ascending, 100 a page. The same `limit` rule as GuardDuty and Macie
 * (see `readFindings`): stop once `limit` findings are held and a strictly newer one was seen. Not
 * subscribed → `disabled`; any other AWS error → `error` with the reason.
 */
export async function collectSecurityHubFindings(
  aws: AwsClients,
  region: string,
  options: { updatedSince?: number; minSeverity: Severity; limit?: number; now?: () => number },
): Promise<FindingsCollection> {
  // Loaded on the first poll that asks for it (the SDK client is large).
  const { SecurityHubClient, paginateGetFindings } = await import('@aws-sdk/client-securityhub');
  const client = aws.get(SecurityHubClient, region);
  const labels = SEVERITIES.filter((s) => atLeast(s, options.minSeverity)).map((s) => s.toUpperCase());
  const now = options.now?.() ?? Date.now();
  const filters = {
    RecordState: equals(['ACTIVE']),
    WorkflowStatus: equals(['NEW', 'NOTIFIED']),
    SeverityLabel: equals(labels),
    ProductName: [
      { Value: 'GuardDuty', Comparison: 'NOT_EQUALS' as const },
      { Value: 'Macie', Comparison: 'NOT_EQUALS' as const },
    ],
    ...(options.updatedSince !== undefined
      ? { UpdatedAt: [{ Start: new Date(options.updatedSince).toISOString(), End: new Date(now + 86_400_000).toISOString() }] }
      : {}),
  };
  // GetFindings returns whole findings a page at a time: they are held by id so that readFindings (the
  // listing rule the other sources use) can "get" them without a second call.
  const held = new Map<string, Finding>();
  async function* pages() {
    const listing = paginateGetFindings({ client, pageSize: SECURITYHUB_PAGE }, { Filters: filters, SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'asc' }] });
    for await (const page of listing) {
      const ids: string[] = [];
      for (const raw of (page.Findings ?? []) as AwsSecurityFinding[]) {
        // The filters ask for this already; a finding that slips through is still not Security Hub's to post.
        const band = securityHubBand(raw.Severity);
        if (isForwardedToSecurityHub(raw) || band === undefined || band === 'informational') continue;
        const f = normalizeSecurityHubFinding(raw);
        if (!f.id || f.archived) continue;
        held.set(f.id, f);
        ids.push(f.id);
      }
      yield { ids, more: Boolean(page.NextToken) };
    }
  }
  try {
    const { findings } = await readFindings(pages(), async (ids) => ids.map((id) => held.get(id)!), { batch: SECURITYHUB_PAGE, limit: options.limit });
    return { status: 'ok', findings };
  } catch (error) {
    if (isNotEnabled(error)) return { status: 'disabled', reason: `Security Hub is not enabled in ${region}.` };
    return { status: 'error', reason: reason(error) };
  }
}
