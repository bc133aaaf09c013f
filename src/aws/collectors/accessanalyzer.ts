import { AccessAnalyzerClient, paginateListAnalyzers } from '@aws-sdk/client-accessanalyzer';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface AccessAnalyzerData {
  analyzers: Read<{ name: string; arn: string; type: string; status: string }[]>;
}

/** IAM Access Analyzer (regional): the analyzers of the region. */
export const accessanalyzerCollector: Collector<AccessAnalyzerData> = {
  id: 'accessanalyzer',
  scope: 'region',
  async collect(ctx) {
    const client = ctx.clients.get(AccessAnalyzerClient, ctx.region);
    const analyzers = await ctx.read(async () => {
      const list = await ctx.pages('access-analyzer:ListAnalyzers', paginateListAnalyzers({ client }, {}), (p) => p.analyzers);
      return list.map((a) => ({ name: a.name ?? '', arn: a.arn ?? '', type: a.type ?? '', status: a.status ?? '' }));
    });
    return { analyzers };
  },
};
