import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** `Protocol-*` attributes of protocols older than TLS 1.2. */
const OUTDATED = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'];

/**
 * Every HTTPS and SSL listener of a Classic Load Balancer has an SSL negotiation policy whose `Protocol-*`
 * attributes enable TLS 1.2 and nothing older. Judged on the attributes, not on `Reference-Security-Policy`:
 * a custom policy can enable TLSv1 whatever it was made from, and the default, `ELBSecurityPolicy-2016-08`,
 * enables TLS 1.0 and 1.1.
 */
export const elb_listener_tls12_minimum = defineCheck({
  id: 'elb_listener_tls12_minimum',
  title: 'Classic Load Balancer TLS listeners refuse TLS 1.0 and 1.1',
  demands:
    'Every HTTPS and SSL listener of a Classic Load Balancer has an SSL negotiation policy with Protocol-TLSv1.2 on and Protocol-SSLv3, Protocol-TLSv1 and Protocol-TLSv1.1 off.',
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
  rationale: 'SSLv3, TLS 1.0 and TLS 1.1 are broken or deprecated (RFC 8996); a listener that still negotiates them lets personal data travel under them.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'elb', resource, (elb) =>
      fromRead(elb.loadBalancers, resource, (lbs) => {
        if (lbs.length === 0) return [notApplicable(resource, `No Classic Load Balancers in ${s.region} (account ${s.accountId}).`)];
        return lbs.map((lb): Finding => {
          const secured = lb.listeners.filter((l) => l.protocol === 'HTTPS' || l.protocol === 'SSL');
          if (secured.length === 0)
            return notApplicable(lb.arn, `Classic Load Balancer ${lb.name} has no HTTPS or SSL listener (judged by elb_ssl_listeners).`);
          const read = lb.negotiationPolicies;
          if (!read)
            return {
              status: CheckStatus.Error,
              resource: lb.arn,
              message: `Could not check ${lb.arn}: the SSL negotiation policies of Classic Load Balancer ${lb.name} were not read.`,
            };
          if (!read.ok) return errorFinding(lb.arn, read.error);
          const outdated: string[] = [];
          const unknown: string[] = [];
          const good: string[] = [];
          for (const l of secured) {
            const where = `${l.protocol} ${l.port}`;
            const policy = read.value.find((p) => l.policyNames.includes(p.name));
            if (!policy) {
              unknown.push(`${where} has no SSL negotiation policy among its policies (${l.policyNames.join(', ') || 'none'})`);
              continue;
            }
            const label = `${policy.name}${policy.reference && policy.reference !== policy.name ? ` (from ${policy.reference})` : ''}`;
            const on = OUTDATED.filter((p) => policy.protocols[p] === true);
            if (on.length > 0) outdated.push(`${where} uses ${label}, which enables ${on.join(', ')}`);
            else if (policy.protocols['TLSv1.2'] !== true) unknown.push(`${where} uses ${label}, whose Protocol-TLSv1.2 attribute is not on`);
            else good.push(`${where} (${label})`);
          }
          if (outdated.length > 0) return fail(lb.arn, `Classic Load Balancer ${lb.name} negotiates protocols older than TLS 1.2: ${outdated.join('; ')}.`);
          if (unknown.length > 0)
            return {
              status: CheckStatus.Error,
              resource: lb.arn,
              message: `Could not check ${lb.arn}: on Classic Load Balancer ${lb.name}, ${unknown.join('; ')}.`,
            };
          return pass(lb.arn, `Classic Load Balancer ${lb.name} negotiates TLS 1.2 only on ${good.join(', ')}.`);
        });
      }),
    );
  },
});
