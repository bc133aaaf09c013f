import { CheckStatus, defineCheck, type Finding } from '../types.js';
import { accountResource, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';

/** Security policies that let viewers connect with a protocol older than TLS 1.2. */
const OUTDATED = new Set(['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016']);
/** TLS 1.2 and newer security policies (`TLSv1.2_2018` … `TLSv1.2_2025`, `TLSv1.3_2025`). */
const MODERN = /^TLSv1\.[23]_\d{4}$/;

/**
 * Every CloudFront distribution has a viewer security policy of TLS 1.2 or newer. A distribution on the
 * default *.cloudfront.net certificate fails: CloudFront sets its security policy to TLSv1 whatever
 * `MinimumProtocolVersion` says, and only a custom certificate lets the minimum be raised.
 */
export const cloudfront_distribution_viewer_tls12 = defineCheck({
  id: 'cloudfront_distribution_viewer_tls12',
  title: 'CloudFront distributions refuse viewers older than TLS 1.2',
  demands:
    'Every distribution uses a custom certificate with a viewer security policy (MinimumProtocolVersion) of TLSv1.2_2018 or newer; the default *.cloudfront.net certificate always allows TLSv1.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['cloudfront'],
  permissions: ['cloudfront:ListDistributions'],
  rationale:
    'Viewers that connect with TLS 1.0 or 1.1 protect pages, forms and cookies with deprecated protocols (RFC 8996) an attacker can downgrade a connection to.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'cloudfront', resource, (cf) =>
      fromRead(cf.distributions, resource, (dists) => {
        if (dists.length === 0) return [notApplicable(resource, `Account ${s.accountId} has no CloudFront distributions.`)];
        return dists.map((d): Finding => {
          const name = `CloudFront distribution ${d.id} (${d.domainName})${d.enabled ? '' : ', disabled,'}`;
          const policy = d.minimumProtocolVersion;
          if (d.defaultCertificate) {
            return fail(
              d.arn,
              `${name} uses the default *.cloudfront.net certificate, on which CloudFront always allows TLSv1: attach a custom certificate to set TLSv1.2_2021.`,
            );
          }
          if (policy && OUTDATED.has(policy)) return fail(d.arn, `${name} lets viewers connect with protocols older than TLS 1.2 (security policy ${policy}).`);
          if (policy && MODERN.test(policy)) return pass(d.arn, `${name} accepts viewers on TLS 1.2 or newer only (security policy ${policy}).`);
          return {
            status: CheckStatus.Error,
            resource: d.arn,
            message: `Could not check ${d.arn}: ${name} has ${policy ? `an unknown viewer security policy ${policy}` : 'no ViewerCertificate.MinimumProtocolVersion'} in the ListDistributions answer.`,
          };
        });
      }),
    );
  },
});
