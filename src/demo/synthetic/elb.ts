import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import { page, type SyntheticService } from './service.js';

/** A predefined SSL negotiation policy as DescribeLoadBalancerPolicies details it (the protocol attributes only). */
function negotiation(name: string, reference: string, old: boolean) {
  const attr = (AttributeName: string, on: boolean) => ({ AttributeName, AttributeValue: String(on) });
  return {
    PolicyName: name,
    PolicyTypeName: 'SSLNegotiationPolicyType',
    PolicyAttributeDescriptions: [
      { AttributeName: 'Reference-Security-Policy', AttributeValue: reference },
      attr('Protocol-SSLv3', false),
      attr('Protocol-TLSv1', old),
      attr('Protocol-TLSv1.1', old),
      attr('Protocol-TLSv1.2', true),
      attr('Server-Defined-Cipher-Order', true),
      attr('ECDHE-ECDSA-AES128-GCM-SHA256', true),
    ],
  };
}

/**
 * Classic Elastic Load Balancing: one internet-facing Classic Load Balancer with HTTPS on 443 under a
 * TLS 1.2 policy, access logs on (misconfigured: it also listens with plain HTTP on 80, and its HTTPS
 * listener keeps ELBSecurityPolicy-2016-08, which enables TLS 1.0 and 1.1).
 */
export const elb: SyntheticService = ({ mock, count, accountId, misconfigured: bad, pageSize }) => {
  const client = mock(ElasticLoadBalancingClient);
  const policyName = bad ? 'ELBSecurityPolicy-2016-08' : 'ELBSecurityPolicy-TLS-1-2-2017-01';
  client.on(DescribeLoadBalancersCommand).callsFake((input: { Marker?: string }) => {
    count('elasticloadbalancing:DescribeLoadBalancers');
    const lbs = [
      {
        LoadBalancerName: 'legacy-shop',
        DNSName: 'legacy-shop-123456789.eu-west-1.elb.amazonaws.com',
        Scheme: 'internet-facing',
        ListenerDescriptions: [
          {
            Listener: {
              Protocol: 'HTTPS',
              LoadBalancerPort: 443,
              InstanceProtocol: 'HTTP',
              InstancePort: 80,
              SSLCertificateId: `arn:aws:acm:eu-west-1:${accountId}:certificate/legacy`,
            },
            PolicyNames: [policyName],
          },
          ...(bad ? [{ Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }, PolicyNames: [] }] : []),
        ],
        Policies: { AppCookieStickinessPolicies: [], LBCookieStickinessPolicies: [], OtherPolicies: [policyName] },
      },
    ];
    const p = page(lbs, input.Marker, pageSize);
    return { LoadBalancerDescriptions: p.items, NextMarker: p.next };
  });
  client.on(DescribeLoadBalancerAttributesCommand).callsFake(
    () => (
      count('elasticloadbalancing:DescribeLoadBalancerAttributes'),
      {
        LoadBalancerAttributes: {
          CrossZoneLoadBalancing: { Enabled: true },
          AccessLog: { Enabled: true, S3BucketName: 'elb-logs', EmitInterval: 60, S3BucketPrefix: 'legacy-shop' },
          ConnectionDraining: { Enabled: true, Timeout: 300 },
          ConnectionSettings: { IdleTimeout: 60 },
        },
      }
    ),
  );
  client
    .on(DescribeLoadBalancerPoliciesCommand)
    .callsFake(() => (count('elasticloadbalancing:DescribeLoadBalancerPolicies'), { PolicyDescriptions: [negotiation(policyName, policyName, bad)] }));
};
