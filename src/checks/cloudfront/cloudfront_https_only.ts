import { accountResource, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every CloudFront distribution serves viewers over HTTPS only (or redirects HTTP to HTTPS). */
export const cloudfront_https_only = defineCheck({
  id: 'cloudfront_https_only',
  title: 'CloudFront distributions require HTTPS',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['cloudfront'],
  permissions: ['cloudfront:ListDistributions'],
  rationale: 'A cache behaviour that allows HTTP serves pages, forms and cookies in clear text.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'cloudfront', resource, (cf) =>
      fromRead(cf.distributions, resource, (dists) => {
        if (dists.length === 0) return [notApplicable(resource, `Account ${s.accountId} has no CloudFront distributions.`)];
        return dists.map((d) =>
          d.viewerProtocolPolicies.includes('allow-all')
            ? fail(d.arn, `CloudFront distribution ${d.id} (${d.domainName}) allows plain HTTP for at least one cache behaviour.`)
            : pass(d.arn, `CloudFront distribution ${d.id} (${d.domainName}) requires HTTPS.`),
        );
      }),
    );
  },
});
