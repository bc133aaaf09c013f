import { CheckStatus, defineCheck, type Finding } from '../types.js';
import { accountResource, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';

/** Origin protocols older than TLS 1.2. */
const DEPRECATED = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);

/**
 * No custom origin that CloudFront reaches over HTTPS (`https-only` or `match-viewer`) allows SSLv3,
 * TLS 1.0 or TLS 1.1 in its `OriginSslProtocols`. Origins reached over `http-only` carry no TLS at all
 * and are judged by `cloudfront_https_only`.
 */
export const cloudfront_distributions_using_deprecated_ssl_protocols = defineCheck({
  id: 'cloudfront_distributions_using_deprecated_ssl_protocols',
  title: 'CloudFront reaches its origins with TLS 1.2 or newer',
  demands: 'No custom origin reached over HTTPS (https-only or match-viewer) lists SSLv3, TLSv1 or TLSv1.1 in its OriginSslProtocols.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['cloudfront'],
  permissions: ['cloudfront:ListDistributions'],
  rationale:
    'When an origin still offers an old protocol, CloudFront may carry personal data from the origin over SSLv3 or TLS 1.0/1.1, which are broken or deprecated.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'cloudfront', resource, (cf) =>
      fromRead(cf.distributions, resource, (dists) => {
        if (dists.length === 0) return [notApplicable(resource, `Account ${s.accountId} has no CloudFront distributions.`)];
        return dists.map((d): Finding => {
          const name = `CloudFront distribution ${d.id} (${d.domainName})${d.enabled ? '' : ', disabled,'}`;
          const tls = d.customOrigins.filter((o) => o.protocolPolicy !== 'http-only');
          if (tls.length === 0) return notApplicable(d.arn, `${name} has no custom origin reached over HTTPS (S3 REST origins follow the viewer's protocol).`);
          const unknown = tls.filter((o) => !o.sslProtocols || o.sslProtocols.length === 0);
          const old = tls.filter((o) => o.sslProtocols?.some((p) => DEPRECATED.has(p)));
          if (old.length > 0) {
            return fail(
              d.arn,
              `${name} may reach origin(s) over deprecated protocols: ${old.map((o) => `${o.id} (${o.domainName}) allows ${o.sslProtocols!.filter((p) => DEPRECATED.has(p)).join(', ')}`).join('; ')}.`,
            );
          }
          if (unknown.length > 0) {
            return {
              status: CheckStatus.Error,
              resource: d.arn,
              message: `Could not check ${d.arn}: ${name} lists no OriginSslProtocols for origin(s) ${unknown.map((o) => o.id).join(', ')}.`,
            };
          }
          return pass(d.arn, `${name} reaches its HTTPS origins with TLS 1.2 only (${tls.map((o) => o.id).join(', ')}).`);
        });
      }),
    );
  },
});
