import { GetDetectorCommand, GuardDutyClient, ListFindingsCommand, paginateListDetectors } from '@aws-sdk/client-guardduty';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface GuardDutyDetector {
  id: string;
  arn: string;
  status: Read<string>;
  /** Ids of open (not archived) findings of severity ≥ 7 (high and critical), first page only (≤ 50). */
  openHighFindings: Read<{ ids: string[]; more: boolean }>;
}

export interface GuardDutyData {
  detectors: Read<GuardDutyDetector[]>;
}

/** GuardDuty (regional): detectors, their status, and open high-severity findings. */
export const guarddutyCollector: Collector<GuardDutyData> = {
  id: 'guardduty',
  scope: 'region',
  async collect(ctx) {
    const gd = ctx.clients.get(GuardDutyClient, ctx.region);
    const detectors = await ctx.read(async () => {
      const ids = await ctx.pages('guardduty:ListDetectors', paginateListDetectors({ client: gd }, {}), (p) => p.DetectorIds);
      return Promise.all(
        ids.map(async (id): Promise<GuardDutyDetector> => {
          const [status, openHighFindings] = await Promise.all([
            ctx.read(async () => (await ctx.must('guardduty:GetDetector', () => gd.send(new GetDetectorCommand({ DetectorId: id })))).Status ?? 'UNKNOWN'),
            ctx.read(async () => {
              const out = await ctx.must('guardduty:ListFindings', () =>
                gd.send(
                  new ListFindingsCommand({
                    DetectorId: id,
                    MaxResults: 50,
                    FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: 7 }, 'service.archived': { Equals: ['false'] } } },
                  }),
                ),
              );
              return { ids: out.FindingIds ?? [], more: Boolean(out.NextToken) };
            }),
          ]);
          return { id, arn: `arn:aws:guardduty:${ctx.region}:${ctx.accountId}:detector/${id}`, status, openHighFindings };
        }),
      );
    });
    return { detectors };
  },
};
