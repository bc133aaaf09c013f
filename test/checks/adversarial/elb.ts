import type { ClassicLoadBalancer } from '../../../src/aws/collectors/elb.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { denied, ok } from '../fixtures.js';

const LB = 'loadbalancer/legacy-shop';

function lb(s: Snapshot): ClassicLoadBalancer {
  const read = s.data.elb!.loadBalancers;
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value[0]!;
}
function policy(s: Snapshot) {
  const read = lb(s).negotiationPolicies;
  if (!read?.ok) throw new Error('fixture read is not ok');
  return read.value[0]!;
}

/** Classic Load Balancers: listeners, access logs and SSL negotiation policies that look right and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'elb_ssl_listeners',
    name: 'HTTPS on 443, plus a TCP listener on 80 that passes clear text through (a Classic Load Balancer cannot redirect)',
    source: 'ELB Classic Load Balancers User Guide, Listeners: front-end protocols HTTP, HTTPS, TCP, SSL; Classic Load Balancers have no redirect action',
    mutate: (s) => {
      lb(s).listeners.push({ protocol: 'TCP', port: 80, instanceProtocol: 'TCP', instancePort: 80, policyNames: [] });
    },
    expect: 'fail',
    resource: LB,
  },
  {
    check: 'elb_ssl_listeners',
    name: 'HTTPS on the front and plain HTTP to the instances is still TLS to the client: compliant for this check',
    source: 'ELB Classic Load Balancers User Guide, HTTPS listeners: the load balancer terminates TLS; InstanceProtocol is the back-end connection',
    mutate: (s) => {
      lb(s).listeners[0]!.instanceProtocol = 'HTTP';
    },
    expect: 'pass',
    resource: LB,
  },
  {
    check: 'elb_logging_enabled',
    name: 'an S3 bucket is set in AccessLog but Enabled is false',
    source: 'ELB Classic API Reference, AccessLog: Enabled (required), S3BucketName, EmitInterval, S3BucketPrefix',
    mutate: (s) => {
      lb(s).accessLog = ok({ enabled: false, bucket: 'elb-logs' });
    },
    expect: 'fail',
    resource: LB,
  },
  {
    check: 'elb_logging_enabled',
    name: 'the attributes answer has no AccessLog at all: cannot be judged, not "off"',
    source: 'ELB Classic API Reference, DescribeLoadBalancerAttributes: LoadBalancerAttributes.AccessLog',
    mutate: (s) => {
      lb(s).accessLog = ok({});
    },
    expect: 'error',
    resource: LB,
  },
  {
    check: 'elb_listener_tls12_minimum',
    name: 'the listener uses ELBSecurityPolicy-2016-08, the default for HTTPS listeners created without a policy, which enables TLS 1.0 and 1.1',
    source:
      'ELB Classic Load Balancers User Guide, Predefined SSL security policies: ELBSecurityPolicy-2016-08 enables Protocol-TLSv1, Protocol-TLSv1.1, Protocol-TLSv1.2',
    mutate: (s) => {
      Object.assign(policy(s), {
        name: 'ELBSecurityPolicy-2016-08',
        reference: undefined,
        protocols: { SSLv3: false, TLSv1: true, 'TLSv1.1': true, 'TLSv1.2': true },
      });
      for (const l of lb(s).listeners) l.policyNames = ['ELBSecurityPolicy-2016-08'];
    },
    expect: 'fail',
    resource: LB,
  },
  {
    check: 'elb_listener_tls12_minimum',
    name: 'a custom policy whose Reference-Security-Policy is a TLS 1.2 policy, but with Protocol-TLSv1 turned on',
    source: 'ELB Classic Load Balancers User Guide, Custom security policy: protocols are attributes (Protocol-TLSv1 …) that override the reference policy',
    mutate: (s) => {
      policy(s).protocols.TLSv1 = true;
    },
    expect: 'fail',
    resource: LB,
  },
  {
    check: 'elb_listener_tls12_minimum',
    name: 'the listener names no SSL negotiation policy that DescribeLoadBalancerPolicies returned: unknown',
    source: 'ELB Classic API Reference, ListenerDescription.PolicyNames and DescribeLoadBalancerPolicies (PolicyTypeName SSLNegotiationPolicyType)',
    mutate: (s) => {
      lb(s).listeners[1]!.policyNames = ['AWSConsole-LBCookieStickinessPolicy-legacy-shop'];
    },
    expect: 'error',
    resource: LB,
  },
  {
    check: 'elb_listener_tls12_minimum',
    name: 'DescribeLoadBalancerPolicies was denied',
    source: 'ELB Classic API Reference, DescribeLoadBalancerPolicies (needs elasticloadbalancing:DescribeLoadBalancerPolicies)',
    mutate: (s) => {
      lb(s).negotiationPolicies = denied('elasticloadbalancing:DescribeLoadBalancerPolicies');
    },
    expect: 'error',
    resource: LB,
  },
];
