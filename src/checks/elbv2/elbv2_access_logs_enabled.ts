import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every application/network load balancer writes access logs. */
export const elbv2_access_logs_enabled = defineCheck({
  id: 'elbv2_access_logs_enabled',
  title: 'Load balancers write access logs',
  actionItem: 9,
  gdpr: ['Art. 30', 'Art. 33'],
  severity: 'low',
  scope: 'region',
  needs: ['elbv2'],
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes'],
  rationale: 'Access logs record every request to your applications, which an investigation of a data breach needs.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'elbv2', resource, (elb) =>
      fromRead(elb.loadBalancers, resource, (lbs) => {
        const relevant = lbs.filter((lb) => lb.type !== 'gateway');
        if (relevant.length === 0) return [notApplicable(resource, `No load balancers in ${s.region} (account ${s.accountId}).`)];
        return relevant.map((lb) => {
          if (!lb.accessLogs.ok) return errorFinding(lb.arn, lb.accessLogs.error);
          return lb.accessLogs.value ? pass(lb.arn, `Load balancer ${lb.name} writes access logs.`) : fail(lb.arn, `Load balancer ${lb.name} does not write access logs.`);
        });
      }),
    );
  },
});
