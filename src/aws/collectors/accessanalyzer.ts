import { AccessAnalyzerClient, paginateListAnalyzers } from '@aws-sdk/client-accessanalyzer';
import type { Read } from './context.js';
import type { Collector } from './types.js';

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
}

export interface AccessAnalyzerData {
  analyzers: Read<Analyzer[]>;
}

/** IAM Access Analyzer (regional): every analyzer of the region, of every type, on every page. */
export const accessanalyzerCollector: Collector<AccessAnalyzerData> = {
  id: 'accessanalyzer',
  scope: 'region',
  async collect(ctx) {
    const client = ctx.clients.get(AccessAnalyzerClient, ctx.region);
    const analyzers = await ctx.read(async () => {
      const list = await ctx.pages('access-analyzer:ListAnalyzers', paginateListAnalyzers({ client }, {}), (p) => p.analyzers);
      return list.map((a): Analyzer => ({ name: a.name ?? '', arn: a.arn ?? '', type: a.type ?? '', status: a.status ?? '', statusReason: a.statusReason?.code }));
    });
    return { analyzers };
  },
};
