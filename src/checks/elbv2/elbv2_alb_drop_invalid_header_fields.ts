import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/**
 * Every application load balancer has `routing.http.drop_invalid_header_fields.enabled` = `true`
 * (AWS's default is `false`): headers whose names are not valid HTTP are removed before the request
 * reaches the targets. Network and gateway load balancers have no such attribute and are not judged.
 */
export const elbv2_alb_drop_invalid_header_fields = defineCheck({
  id: 'elbv2_alb_drop_invalid_header_fields',
  title: 'Application load balancers drop invalid HTTP headers',
  demands: "Every application load balancer has `routing.http.drop_invalid_header_fields.enabled` true (AWS's default is false).",
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['elbv2'],
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes'],
  rationale:
    'Header names that are not valid HTTP are how request smuggling and desync attacks reach the application behind a load balancer; dropping them at the load balancer protects the traffic that carries personal data.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'elbv2', resource, (elb) =>
      fromRead(elb.loadBalancers, resource, (lbs) => {
        const albs = lbs.filter((lb) => lb.type === 'application');
        if (albs.length === 0) return [notApplicable(resource, `No application load balancers in ${s.region} (account ${s.accountId}).`)];
        return albs.map((lb): Finding => {
          const read = lb.dropInvalidHeaderFields;
          const missing = (why: string): Finding => ({
            status: CheckStatus.Error,
            resource: lb.arn,
            message: `Could not check ${lb.arn}: ${why} for application load balancer ${lb.name}.`,
          });
          if (!read) return missing('its attributes were not collected');
          if (!read.ok) return errorFinding(lb.arn, read.error);
          if (read.value === undefined)
            return missing('elasticloadbalancing:DescribeLoadBalancerAttributes gave no routing.http.drop_invalid_header_fields.enabled attribute');
          if (read.value) return pass(lb.arn, `Application load balancer ${lb.name} drops HTTP headers with invalid names before they reach its targets.`);
          return fail(
            lb.arn,
            `Application load balancer ${lb.name} in ${s.region} passes HTTP headers with invalid names on to its targets: set routing.http.drop_invalid_header_fields.enabled to true.`,
          );
        });
      }),
    );
  },
});
