import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/**
 * Every application load balancer, and every network load balancer with a TLS listener, has
 * `access_logs.s3.enabled` = `true`. Gateway load balancers have no access logs; a network load
 * balancer without a TLS listener is not applicable (its access logs record TLS connections only).
 */
export const elbv2_access_logs_enabled = defineCheck({
  id: 'elbv2_access_logs_enabled',
  title: 'Load balancers write access logs',
  demands: 'Every application load balancer, and every network load balancer with a TLS listener, has `access_logs.s3.enabled` true.',
  actionItem: 9,
  gdpr: ['Art. 30', 'Art. 33'],
  severity: 'low',
  scope: 'region',
  needs: ['elbv2'],
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:DescribeListeners'],
  rationale: 'Access logs record every request to your applications, which an investigation of a data breach needs.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'elbv2', resource, (elb) =>
      fromRead(elb.loadBalancers, resource, (lbs) => {
        const relevant = lbs.filter((lb) => lb.type !== 'gateway');
        if (relevant.length === 0) return [notApplicable(resource, `No application or network load balancers in ${s.region} (account ${s.accountId}).`)];
        return relevant.map((lb): Finding => {
          if (!lb.accessLogs.ok) return errorFinding(lb.arn, lb.accessLogs.error);
          const { enabled, bucket } = lb.accessLogs.value;
          if (enabled === undefined) {
            return {
              status: CheckStatus.Error,
              resource: lb.arn,
              message: `Could not check ${lb.arn}: elasticloadbalancing:DescribeLoadBalancerAttributes gave no access_logs.s3.enabled attribute for load balancer ${lb.name}.`,
            };
          }
          let untracked = '';
          if (lb.type === 'network') {
            if (!lb.listeners.ok) return errorFinding(lb.arn, lb.listeners.error);
            const tls = lb.listeners.value.filter((l) => l.protocol === 'TLS');
            const other = lb.listeners.value.filter((l) => l.protocol !== 'TLS').map((l) => `${l.protocol} ${l.port}`);
            if (tls.length === 0) {
              return notApplicable(
                lb.arn,
                `Network load balancer ${lb.name} has no TLS listener${other.length > 0 ? ` (${other.join(', ')})` : ''}: its access logs record TLS connections only, so its traffic is recorded by VPC flow logs, not access logs.`,
              );
            }
            if (other.length > 0) untracked = ` (TLS listeners only; ${other.join(', ')} are not logged)`;
          }
          if (enabled) return pass(lb.arn, `Load balancer ${lb.name} writes access logs${bucket ? ` to ${bucket}` : ''}${untracked}.`);
          return fail(
            lb.arn,
            `Load balancer ${lb.name} does not write access logs${bucket ? ` (bucket ${bucket} is configured, but access_logs.s3.enabled is false)` : ''}.`,
          );
        });
      }),
    );
  },
});
