import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every plain-HTTP listener of an application load balancer redirects to HTTPS. */
export const elbv2_http_redirects_to_https = defineCheck({
  id: 'elbv2_http_redirects_to_https',
  title: 'Load balancer HTTP listeners redirect to HTTPS',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['elbv2'],
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeListeners'],
  rationale: 'An HTTP listener that serves content sends personal data and session cookies in clear text.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'elbv2', resource, (elb) =>
      fromRead(elb.loadBalancers, resource, (lbs) => {
        const albs = lbs.filter((lb) => lb.type === 'application');
        if (albs.length === 0) return [notApplicable(resource, `No application load balancers in ${s.region} (account ${s.accountId}).`)];
        return albs.map((lb) => {
          if (!lb.listeners.ok) return errorFinding(lb.arn, lb.listeners.error);
          const plain = lb.listeners.value.filter((l) => l.protocol === 'HTTP' && !l.redirectsToHttps);
          return plain.length > 0
            ? fail(lb.arn, `Load balancer ${lb.name} serves plain HTTP on port(s) ${plain.map((l) => l.port).join(', ')} without redirecting to HTTPS.`)
            : pass(lb.arn, `Load balancer ${lb.name} has no plain-HTTP listener that serves content.`);
        });
      }),
    );
  },
});
