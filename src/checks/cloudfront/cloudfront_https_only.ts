import type { Distribution } from '../../aws/collectors/cloudfront.js';
import { accountResource, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** What lets personal data travel in clear text through a distribution, one phrase per problem. */
function clearTextPaths(d: Distribution): string[] {
  const problems: string[] = [];
  const open = d.behaviors.filter((b) => b.viewerProtocolPolicy === 'allow-all');
  if (open.length > 0) problems.push(`cache behaviour(s) ${open.map((b) => `"${b.pathPattern}"`).join(', ')} allow plain HTTP from viewers`);
  const httpOrigins = d.customOrigins.filter((o) => o.protocolPolicy === 'http-only');
  if (httpOrigins.length > 0)
    problems.push(`origin(s) ${httpOrigins.map((o) => `${o.id} (${o.domainName})`).join(', ')} are reached over plain HTTP (http-only)`);
  if (d.minimumProtocolVersion === 'SSLv3') problems.push('viewers may connect with SSLv3');
  return problems;
}

/**
 * Every CloudFront distribution keeps traffic encrypted end to end: no cache behaviour allows viewers
 * plain HTTP, no custom origin is reached over HTTP only, and viewers cannot use SSLv3.
 */
export const cloudfront_https_only = defineCheck({
  id: 'cloudfront_https_only',
  title: 'CloudFront distributions require HTTPS',
  demands:
    'Every distribution, enabled or not: no cache behaviour (default or path) allows plain HTTP, no custom origin is `http-only`, and viewers cannot use SSLv3.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['cloudfront'],
  permissions: ['cloudfront:ListDistributions'],
  rationale: 'A cache behaviour that allows HTTP, or an origin reached over HTTP, carries pages, forms and cookies in clear text.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'cloudfront', resource, (cf) =>
      fromRead(cf.distributions, resource, (dists) => {
        if (dists.length === 0) return [notApplicable(resource, `Account ${s.accountId} has no CloudFront distributions.`)];
        return dists.map((d) => {
          const name = `CloudFront distribution ${d.id} (${d.domainName})${d.enabled ? '' : ', disabled,'}`;
          const problems = clearTextPaths(d);
          return problems.length > 0
            ? fail(d.arn, `${name} is not HTTPS end to end: ${problems.join('; ')}.`)
            : pass(d.arn, `${name} requires HTTPS on every cache behaviour and origin.`);
        });
      }),
    );
  },
});
