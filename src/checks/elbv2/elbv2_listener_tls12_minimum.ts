import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** Protocols older than TLS 1.2, as DescribeSSLPolicies names them. */
const OUTDATED = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);

/**
 * Every HTTPS listener (application load balancers) and TLS listener (network load balancers) uses a
 * security policy that allows no protocol older than TLS 1.2. The protocols come from DescribeSSLPolicies,
 * not from the policy's name: the default, `ELBSecurityPolicy-2016-08`, still allows TLS 1.0 and 1.1.
 */
export const elbv2_listener_tls12_minimum = defineCheck({
  id: 'elbv2_listener_tls12_minimum',
  title: 'Load balancer TLS listeners refuse TLS 1.0 and 1.1',
  demands:
    'Every HTTPS and TLS listener of an application or network load balancer uses a security policy whose protocols (DescribeSSLPolicies) are TLS 1.2 or newer only.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['elbv2'],
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeSSLPolicies'],
  rationale:
    'TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996); a listener that still accepts them lets a client, or an attacker downgrading it, protect personal data with them.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'elbv2', resource, (elb) =>
      fromRead(elb.loadBalancers, resource, (lbs) => {
        const relevant = lbs.filter((lb) => lb.type !== 'gateway');
        if (relevant.length === 0) return [notApplicable(resource, `No application or network load balancers in ${s.region} (account ${s.accountId}).`)];
        return relevant.map((lb): Finding => {
          if (!lb.listeners.ok) return errorFinding(lb.arn, lb.listeners.error);
          const secured = lb.listeners.value.filter((l) => l.protocol === 'HTTPS' || l.protocol === 'TLS');
          if (secured.length === 0)
            return notApplicable(lb.arn, `Load balancer ${lb.name} has no HTTPS or TLS listener (its plain listeners are judged by other checks).`);
          if (!elb.sslPolicies.ok) return errorFinding(lb.arn, elb.sslPolicies.error);
          const outdated: string[] = [];
          const unknown: string[] = [];
          const good: string[] = [];
          for (const l of secured) {
            const where = `${l.protocol} ${l.port}`;
            const protocols = l.sslPolicy ? elb.sslPolicies.value[l.sslPolicy] : undefined;
            if (!l.sslPolicy) unknown.push(`${where} has no security policy in the DescribeListeners answer`);
            else if (!protocols || protocols.length === 0) unknown.push(`${where} uses ${l.sslPolicy}, which DescribeSSLPolicies did not describe`);
            else if (protocols.some((p) => OUTDATED.has(p)))
              outdated.push(`${where} uses ${l.sslPolicy}, which allows ${protocols.filter((p) => OUTDATED.has(p)).join(', ')}`);
            else good.push(`${where} (${l.sslPolicy})`);
          }
          if (outdated.length > 0) return fail(lb.arn, `Load balancer ${lb.name} accepts protocols older than TLS 1.2: ${outdated.join('; ')}.`);
          if (unknown.length > 0)
            return { status: CheckStatus.Error, resource: lb.arn, message: `Could not check ${lb.arn}: on load balancer ${lb.name}, ${unknown.join('; ')}.` };
          return pass(lb.arn, `Load balancer ${lb.name} accepts TLS 1.2 or newer only on ${good.join(', ')}.`);
        });
      }),
    );
  },
});
