import { DAXClient, DescribeClustersCommand } from '@aws-sdk/client-dax';
import { page, type SyntheticCall, type SyntheticService } from './service.js';

/** DAX: one cache per region, encrypted unless misconfigured. */
export const dax: SyntheticService = ({ mock, count, accountId, pageSize, misconfigured }) => {
  mock(DAXClient)
    .on(DescribeClustersCommand)
    .callsFake(async (input: { NextToken?: string }, call: SyntheticCall) => {
      count('dax:DescribeClusters');
      const region = await call.region();
      const p = page(['sessions-cache'], input.NextToken, pageSize);
      return {
        Clusters: p.items.map((n) => ({
          ClusterName: n,
          ClusterArn: `arn:aws:dax:${region}:${accountId}:cache/${n}`,
          Status: 'available',
          SSEDescription: { Status: misconfigured ? 'DISABLED' : 'ENABLED' },
        })),
        NextToken: p.next,
      };
    });
};
