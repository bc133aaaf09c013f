import { ACMClient, paginateListCertificates } from '@aws-sdk/client-acm';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface Certificate {
  arn: string;
  domainName: string;
  status: string;
  inUse: boolean;
  /** ISO date; missing for certificates not yet issued. */
  notAfter?: string;
}

export interface AcmData {
  certificates: Read<Certificate[]>;
}

/** ACM (regional): certificates with their expiry dates, from the list call alone. */
export const acmCollector: Collector<AcmData> = {
  id: 'acm',
  scope: 'region',
  async collect(ctx) {
    const acm = ctx.clients.get(ACMClient, ctx.region);
    const certificates = await ctx.read(async () =>
      (await ctx.pages('acm:ListCertificates', paginateListCertificates({ client: acm }, { Includes: {} }), (p) => p.CertificateSummaryList)).map((c) => ({
        arn: c.CertificateArn ?? '',
        domainName: c.DomainName ?? '',
        status: c.Status ?? '',
        inUse: c.InUse === true,
        notAfter: c.NotAfter ? new Date(c.NotAfter).toISOString() : undefined,
      })),
    );
    return { certificates };
  },
};
