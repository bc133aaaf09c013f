import { CloudFrontClient, paginateListDistributions } from '@aws-sdk/client-cloudfront';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface Distribution {
  id: string;
  arn: string;
  domainName: string;
  /** Viewer protocol policy of the default and every other cache behaviour (`allow-all`, `redirect-to-https`, `https-only`). */
  viewerProtocolPolicies: string[];
}

export interface CloudFrontData {
  distributions: Read<Distribution[]>;
}

/** CloudFront (global): distributions and their viewer protocol policies, from the list call alone. */
export const cloudfrontCollector: Collector<CloudFrontData> = {
  id: 'cloudfront',
  scope: 'account',
  async collect(ctx) {
    const cf = ctx.clients.get(CloudFrontClient, ctx.region);
    const distributions = await ctx.read(async () => {
      const list = await ctx.pages('cloudfront:ListDistributions', paginateListDistributions({ client: cf }, {}), (p) => p.DistributionList?.Items);
      return list.map((d) => ({
        id: d.Id ?? '',
        arn: d.ARN ?? '',
        domainName: d.DomainName ?? '',
        viewerProtocolPolicies: [d.DefaultCacheBehavior?.ViewerProtocolPolicy ?? 'allow-all', ...(d.CacheBehaviors?.Items ?? []).map((b) => b.ViewerProtocolPolicy ?? 'allow-all')],
      }));
    });
    return { distributions };
  },
};
