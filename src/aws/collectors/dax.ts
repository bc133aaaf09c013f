import { DAXClient, DescribeClustersCommand } from '@aws-sdk/client-dax';
import { CallErrorKind, CallFailed, type Read } from './context.js';
import type { Collector } from './types.js';

/** A DAX cluster and its server-side encryption, as DescribeClusters reports them. */
export interface DaxCluster {
  name: string;
  arn: string;
  /** `Status` (creating, available, deleting, modifying, …). */
  status: string;
  /** `SSEDescription.Status`: ENABLING, ENABLED, DISABLING, DISABLED; absent when the cluster was created without SSE. */
  sseStatus?: string;
}

export interface DaxData {
  clusters: Read<DaxCluster[]>;
}

/** Clusters per DescribeClusters page (its maximum `MaxResults` is 100). */
const PAGE = 100;

/**
 * DAX (regional): every cluster, every page of DescribeClusters. The SDK has no paginator for it, so the
 * loop follows `NextToken` itself.
 */
export const daxCollector: Collector<DaxData> = {
  id: 'dax',
  scope: 'region',
  async collect(ctx) {
    const dax = ctx.clients.get(DAXClient, ctx.region);
    const clusters = await ctx.read(async () => {
      const out: DaxCluster[] = [];
      const seen = new Set<string>();
      let token: string | undefined;
      do {
        if (token !== undefined) {
          // A token handed out twice would loop for ever: no complete answer.
          if (seen.has(token))
            throw new CallFailed({
              call: 'dax:DescribeClusters',
              kind: CallErrorKind.Other,
              code: 'RepeatedNextToken',
              message: 'DescribeClusters returned a NextToken it had already returned',
            });
          seen.add(token);
        }
        const page = await ctx.must('dax:DescribeClusters', () => dax.send(new DescribeClustersCommand({ MaxResults: PAGE, NextToken: token })));
        for (const c of page.Clusters ?? []) {
          out.push({ name: c.ClusterName ?? '', arn: c.ClusterArn ?? c.ClusterName ?? '', status: c.Status ?? 'unknown', sseStatus: c.SSEDescription?.Status });
        }
        token = page.NextToken || undefined;
      } while (token);
      return out;
    });
    return { clusters };
  },
};
