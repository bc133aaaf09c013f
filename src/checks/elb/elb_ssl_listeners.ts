import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * Every listener of every Classic Load Balancer is HTTPS or SSL. A Classic Load Balancer cannot redirect
 * HTTP to HTTPS itself, so a plain HTTP or TCP listener serves whatever its instances answer in clear text.
 */
export const elb_ssl_listeners = defineCheck({
  id: 'elb_ssl_listeners',
  title: 'Classic Load Balancers listen with HTTPS or SSL only',
  demands: 'Every listener of every Classic Load Balancer uses HTTPS or SSL on the front; no plain HTTP or TCP listener.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['elb'],
  permissions: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeLoadBalancerAttributes',
    'elasticloadbalancing:DescribeLoadBalancerPolicies',
  ],
  rationale: 'A plain HTTP or TCP listener carries requests, personal data and session cookies between clients and the load balancer in clear text.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'elb', resource, (elb) =>
      fromRead(elb.loadBalancers, resource, (lbs) => {
        if (lbs.length === 0) return [notApplicable(resource, `No Classic Load Balancers in ${s.region} (account ${s.accountId}).`)];
        return lbs.map((lb): Finding => {
          if (lb.listeners.length === 0) return notApplicable(lb.arn, `Classic Load Balancer ${lb.name} has no listeners.`);
          const plain = lb.listeners.filter((l) => l.protocol !== 'HTTPS' && l.protocol !== 'SSL');
          if (plain.length > 0)
            return fail(lb.arn, `Classic Load Balancer ${lb.name} accepts clear text on ${plain.map((l) => `${l.protocol} ${l.port}`).join(', ')}.`);
          return pass(lb.arn, `Classic Load Balancer ${lb.name} listens with ${lb.listeners.map((l) => `${l.protocol} ${l.port}`).join(', ')} only.`);
        });
      }),
    );
  },
});
