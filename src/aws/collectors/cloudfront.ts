import { CloudFrontClient, paginateListDistributions, type DistributionSummary } from '@aws-sdk/client-cloudfront';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** One cache behaviour: its path pattern (`*` for the default behaviour) and viewer protocol policy. */
export interface CacheBehavior {
  pathPattern: string;
  /** `allow-all`, `redirect-to-https` or `https-only`. */
  viewerProtocolPolicy: string;
}

/** A custom origin (not an S3 REST or VPC origin): how CloudFront talks to it. */
export interface CustomOrigin {
  id: string;
  domainName: string;
  /** `http-only`, `match-viewer` or `https-only`. */
  protocolPolicy: string;
  /**
   * `OriginSslProtocols.Items`: the protocols CloudFront may use over HTTPS to the origin (`SSLv3`, `TLSv1`,
   * `TLSv1.1`, `TLSv1.2`); absent when the answer had none.
   */
  sslProtocols?: string[];
}

export interface Distribution {
  id: string;
  arn: string;
  domainName: string;
  /** A disabled distribution serves nothing until it is enabled again (with the same behaviours). */
  enabled: boolean;
  /** The default cache behaviour first, then every other one. */
  behaviors: CacheBehavior[];
  /** Custom origins; S3 REST origins follow the viewer's protocol and are not listed. */
  customOrigins: CustomOrigin[];
  /** `ViewerCertificate.MinimumProtocolVersion` (`SSLv3`, `TLSv1`, … `TLSv1.2_2021`), when set. */
  minimumProtocolVersion?: string;
  /**
   * `ViewerCertificate.CloudFrontDefaultCertificate`: the distribution uses the *.cloudfront.net
   * certificate, on which CloudFront sets the security policy to TLSv1 whatever `minimumProtocolVersion` says.
   */
  defaultCertificate: boolean;
}

export interface CloudFrontData {
  distributions: Read<Distribution[]>;
}

/** Maps a ListDistributions summary; a missing policy reads as the least safe value (`allow-all`, `http-only`). */
export function toDistribution(d: DistributionSummary): Distribution {
  return {
    id: d.Id ?? '',
    arn: d.ARN ?? '',
    domainName: d.DomainName ?? '',
    enabled: d.Enabled !== false,
    behaviors: [
      { pathPattern: '*', viewerProtocolPolicy: d.DefaultCacheBehavior?.ViewerProtocolPolicy ?? 'allow-all' },
      ...(d.CacheBehaviors?.Items ?? []).map((b) => ({ pathPattern: b.PathPattern ?? '?', viewerProtocolPolicy: b.ViewerProtocolPolicy ?? 'allow-all' })),
    ],
    customOrigins: (d.Origins?.Items ?? [])
      .filter((o) => o.CustomOriginConfig !== undefined)
      .map((o): CustomOrigin => {
        const protocols = o.CustomOriginConfig?.OriginSslProtocols?.Items;
        return {
          id: o.Id ?? '',
          domainName: o.DomainName ?? '',
          protocolPolicy: o.CustomOriginConfig?.OriginProtocolPolicy ?? 'http-only',
          ...(protocols ? { sslProtocols: [...protocols] } : {}),
        };
      }),
    minimumProtocolVersion: d.ViewerCertificate?.MinimumProtocolVersion,
    defaultCertificate: d.ViewerCertificate?.CloudFrontDefaultCertificate === true,
  };
}

/** CloudFront (global): every distribution (every page), its cache behaviours, custom origins (with their TLS protocols) and viewer TLS floor. */
export const cloudfrontCollector: Collector<CloudFrontData> = {
  id: 'cloudfront',
  scope: 'account',
  async collect(ctx) {
    const cf = ctx.clients.get(CloudFrontClient, ctx.region);
    const distributions = await ctx.read(async () =>
      ctx.pages('cloudfront:ListDistributions', paginateListDistributions({ client: cf }, {}), (p) => p.DistributionList?.Items?.map(toDistribution)),
    );
    return { distributions };
  },
};
