import { AccessAnalyzerClient, paginateListAnalyzers, paginateListFindingsV2 } from '@aws-sdk/client-accessanalyzer';
import type { Read } from './context.js';
import { EXTERNAL_ACCESS_TYPES } from '../facts.js';
import type { Collector } from './types.js';

/** An ACTIVE finding of an external-access analyzer: a resource shared outside the zone of trust. */
export interface AccessFinding {
  id: string;
  /** The resource's ARN (absent for some resource types). */
  resource?: string;
  /** `AWS::S3::Bucket`, `AWS::IAM::Role`, `AWS::KMS::Key`, … */
  resourceType: string;
  resourceOwnerAccount: string;
}

/** One analyzer as ListAnalyzers reports it. */
export interface Analyzer {
  name: string;
  arn: string;
  /** `ACCOUNT`, `ORGANIZATION` (external access) or `…_UNUSED_ACCESS` / `…_INTERNAL_ACCESS`. */
  type: string;
  /** `ACTIVE`, `CREATING`, `DISABLED` or `FAILED`. */
  status: string;
  /** Why the analyzer is not active (`statusReason.code`, e.g. `AWS_SERVICE_ACCESS_DISABLED`), when AWS says. */
  statusReason?: string;
  /**
   * Its findings with status ACTIVE (ListFindingsV2, every page; archived and resolved ones are not
   * listed), read only for ACTIVE external-access analyzers (`undefined` for the others). At most
   * {@link KEPT_FINDINGS} are kept; `count` is the total.
   */
  activeFindings?: Read<{ count: number; sample: AccessFinding[] }>;
}

export interface AccessAnalyzerData {
  analyzers: Read<Analyzer[]>;
}

/** How many active findings of an analyzer are kept for the message (the count covers all). */
export const KEPT_FINDINGS = 20;

/** IAM Access Analyzer (regional): every analyzer of the region, of every type, on every page, and the active findings of the external-access ones. */
export const accessanalyzerCollector: Collector<AccessAnalyzerData> = {
  id: 'accessanalyzer',
  scope: 'region',
  async collect(ctx) {
    const client = ctx.clients.get(AccessAnalyzerClient, ctx.region);
    const analyzers = await ctx.read(async () => {
      const list = await ctx.pages('access-analyzer:ListAnalyzers', paginateListAnalyzers({ client }, {}), (p) => p.analyzers);
      return Promise.all(
        list.map(async (a): Promise<Analyzer> => {
          const analyzer: Analyzer = { name: a.name ?? '', arn: a.arn ?? '', type: a.type ?? '', status: a.status ?? '', statusReason: a.statusReason?.code };
          if (analyzer.status !== 'ACTIVE' || !EXTERNAL_ACCESS_TYPES.has(analyzer.type)) return analyzer;
          analyzer.activeFindings = await ctx.read(async () => {
            let count = 0;
            const sample: AccessFinding[] = [];
            // Only the first findings are mapped: a page's findings beyond the sample are counted and dropped.
            await ctx.pages(
              'access-analyzer:ListFindingsV2',
              paginateListFindingsV2({ client }, { analyzerArn: analyzer.arn, filter: { status: { eq: ['ACTIVE'] } } }),
              (p) => {
                for (const f of p.findings ?? []) {
                  // The filter asks for ACTIVE ones; a finding of another status is not counted.
                  if (f.status !== 'ACTIVE') continue;
                  count += 1;
                  if (sample.length < KEPT_FINDINGS)
                    sample.push({
                      id: f.id ?? '',
                      resource: f.resource,
                      resourceType: f.resourceType ?? '',
                      resourceOwnerAccount: f.resourceOwnerAccount ?? '',
                    });
                }
                return [];
              },
            );
            return { count, sample };
          });
          return analyzer;
        }),
      );
    });
    return { analyzers };
  },
};
