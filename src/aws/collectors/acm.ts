import { ACMClient, KeyAlgorithm, paginateListCertificates } from '@aws-sdk/client-acm';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface Certificate {
  arn: string;
  domainName: string;
  /** `ISSUED`, `EXPIRED`, `REVOKED`, `INACTIVE`, `PENDING_VALIDATION`, `VALIDATION_TIMED_OUT` or `FAILED`. */
  status: string;
  inUse: boolean;
  /** `RSA_2048`, `EC_prime256v1`, …; empty when ACM did not say. */
  keyAlgorithm: string;
  /** ISO date; missing for certificates not yet issued. */
  notAfter?: string;
}

export interface AcmData {
  certificates: Read<Certificate[]>;
}

/**
 * Every key algorithm ACM knows (API reference, `KeyAlgorithm`). ListCertificates without
 * `Includes.keyTypes` returns only RSA_1024 and RSA_2048 certificates, so EC and RSA_3072/RSA_4096
 * certificates would silently be left out; the collector asks for all of them.
 */
export const ACM_KEY_TYPES: KeyAlgorithm[] = Object.values(KeyAlgorithm);

/** ACM (regional): certificates of every key type and status, with their expiry dates, from the list call alone. */
export const acmCollector: Collector<AcmData> = {
  id: 'acm',
  scope: 'region',
  async collect(ctx) {
    const acm = ctx.clients.get(ACMClient, ctx.region);
    const certificates = await ctx.read(async () =>
      (
        await ctx.pages(
          'acm:ListCertificates',
          paginateListCertificates({ client: acm }, { Includes: { keyTypes: [...ACM_KEY_TYPES] } }),
          (p) => p.CertificateSummaryList,
        )
      ).map((c) => ({
        arn: c.CertificateArn ?? '',
        domainName: c.DomainName ?? '',
        status: c.Status ?? '',
        inUse: c.InUse === true,
        keyAlgorithm: c.KeyAlgorithm ?? '',
        notAfter: c.NotAfter ? new Date(c.NotAfter).toISOString() : undefined,
      })),
    );
    return { certificates };
  },
};
