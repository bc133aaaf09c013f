import { GetDetectorCommand, GuardDutyClient, ListFindingsCommand, paginateListDetectors } from '@aws-sdk/client-guardduty';
import type { CollectContext, Read } from './context.js';
import type { Collector } from './types.js';

export interface GuardDutyDetector {
  id: string;
  arn: string;
  /** `ENABLED`, or `DISABLED` for a suspended detector. */
  status: Read<string>;
  /**
   * Open (not archived) findings of severity ≥ 7: high (7–8.9) and critical (9–10). `ids` is the first
   * page that held any; `more` says more pages follow. `ids` empty with `more` set means the listing
   * was cut short before any finding was seen (it cannot say "none").
   */
  openHighFindings: Read<{ ids: string[]; more: boolean }>;
}

export interface GuardDutyData {
  detectors: Read<GuardDutyDetector[]>;
}

/** GuardDuty's lowest high severity: 7–8.9 is high, 9–10 critical, and "high" includes critical. */
export const GUARDDUTY_HIGH_SEVERITY = 7;
/** ListFindings pages read at most, looking for a first open high finding (a page can be empty yet have a NextToken). */
export const GUARDDUTY_MAX_EMPTY_PAGES = 20;

/** Lists open high findings of one detector until a page holds one, the list ends, or the page budget is spent. */
async function openHighFindings(ctx: CollectContext, gd: GuardDutyClient, detectorId: string): Promise<{ ids: string[]; more: boolean }> {
  let token: string | undefined;
  for (let page = 0; page < GUARDDUTY_MAX_EMPTY_PAGES; page += 1) {
    const out = await ctx.must('guardduty:ListFindings', () =>
      gd.send(
        new ListFindingsCommand({
          DetectorId: detectorId,
          MaxResults: 50,
          NextToken: token,
          FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: GUARDDUTY_HIGH_SEVERITY }, 'service.archived': { Equals: ['false'] } } },
        }),
      ),
    );
    const ids = out.FindingIds ?? [];
    token = out.NextToken || undefined;
    if (ids.length > 0 || !token) return { ids, more: Boolean(token) };
  }
  return { ids: [], more: true };
}

/** GuardDuty (regional): every detector (every page), its status, and whether it has open high/critical findings. */
export const guarddutyCollector: Collector<GuardDutyData> = {
  id: 'guardduty',
  scope: 'region',
  async collect(ctx) {
    const gd = ctx.clients.get(GuardDutyClient, ctx.region);
    const detectors = await ctx.read(async () => {
      const ids = await ctx.pages('guardduty:ListDetectors', paginateListDetectors({ client: gd }, {}), (p) => p.DetectorIds);
      return Promise.all(
        ids.map(async (id): Promise<GuardDutyDetector> => {
          const [status, findings] = await Promise.all([
            ctx.read(async () => (await ctx.must('guardduty:GetDetector', () => gd.send(new GetDetectorCommand({ DetectorId: id })))).Status ?? 'UNKNOWN'),
            ctx.read(() => openHighFindings(ctx, gd, id)),
          ]);
          return { id, arn: `arn:aws:guardduty:${ctx.region}:${ctx.accountId}:detector/${id}`, status, openHighFindings: findings };
        }),
      );
    });
    return { detectors };
  },
};
