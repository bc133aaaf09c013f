import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** Every Classic Load Balancer has its access log (`AccessLog.Enabled`) on. */
export const elb_logging_enabled = defineCheck({
  id: 'elb_logging_enabled',
  title: 'Classic Load Balancers write access logs',
  demands: 'Every Classic Load Balancer has AccessLog.Enabled true in its attributes (DescribeLoadBalancerAttributes).',
  actionItem: 9,
  gdpr: ['Art. 30', 'Art. 33'],
  severity: 'low',
  scope: 'region',
  needs: ['elb'],
  permissions: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeLoadBalancerAttributes',
    'elasticloadbalancing:DescribeLoadBalancerPolicies',
  ],
  rationale: 'Access logs record every request to your applications (client, time, path, status), which an investigation of a data breach needs.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'elb', resource, (elb) =>
      fromRead(elb.loadBalancers, resource, (lbs) => {
        if (lbs.length === 0) return [notApplicable(resource, `No Classic Load Balancers in ${s.region} (account ${s.accountId}).`)];
        return lbs.map((lb): Finding => {
          if (!lb.accessLog.ok) return errorFinding(lb.arn, lb.accessLog.error);
          const { enabled, bucket } = lb.accessLog.value;
          if (enabled === undefined) {
            return {
              status: CheckStatus.Error,
              resource: lb.arn,
              message: `Could not check ${lb.arn}: elasticloadbalancing:DescribeLoadBalancerAttributes gave no AccessLog for Classic Load Balancer ${lb.name}.`,
            };
          }
          if (enabled) return pass(lb.arn, `Classic Load Balancer ${lb.name} writes access logs${bucket ? ` to ${bucket}` : ''}.`);
          return fail(
            lb.arn,
            `Classic Load Balancer ${lb.name} does not write access logs${bucket ? ` (bucket ${bucket} is configured, but AccessLog.Enabled is false)` : ''}.`,
          );
        });
      }),
    );
  },
});
