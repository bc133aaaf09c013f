import type { LoadBalancer } from '../../../src/aws/collectors/elbv2.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const WEB = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/web/1`;
const SOURCE =
  'ELBv2 API Reference, DescribeLoadBalancerAttributes / LoadBalancerAttribute: routing.http.drop_invalid_header_fields.enabled ("true or false. The default is false"), application load balancers only';

function lbs(s: Snapshot): LoadBalancer[] {
  const read = s.data.elbv2!.loadBalancers;
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value;
}
const web = (s: Snapshot) => lbs(s).find((x) => x.arn === WEB)!;

/** elbv2_alb_drop_invalid_header_fields: load balancers that look protected and are not, or cannot be told. */
export const CASES: AdversarialCase[] = [
  {
    check: 'elbv2_alb_drop_invalid_header_fields',
    name: 'access logs on, HTTPS on a TLS 1.3 policy, HTTP redirected: a well-kept ALB that still keeps the default (false)',
    source: SOURCE,
    mutate: (s) => {
      web(s).dropInvalidHeaderFields = ok(false);
    },
    expect: 'fail',
    resource: WEB,
  },
  {
    check: 'elbv2_alb_drop_invalid_header_fields',
    name: 'an answer without the attribute is unknown, not the default',
    source: SOURCE,
    mutate: (s) => {
      web(s).dropInvalidHeaderFields = ok(undefined);
    },
    expect: 'error',
    resource: WEB,
  },
  {
    check: 'elbv2_alb_drop_invalid_header_fields',
    name: 'a second ALB whose attributes were denied: unknown, while the first still passes',
    source: `${SOURCE}; needs elasticloadbalancing:DescribeLoadBalancerAttributes`,
    mutate: (s) => {
      lbs(s).push({
        ...structuredClone(web(s)),
        arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/admin/3`,
        name: 'admin',
        accessLogs: denied('elasticloadbalancing:DescribeLoadBalancerAttributes'),
        dropInvalidHeaderFields: denied('elasticloadbalancing:DescribeLoadBalancerAttributes'),
      });
    },
    expect: 'error',
    resource: 'app/admin/3',
  },
];
