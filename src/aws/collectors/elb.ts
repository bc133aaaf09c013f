import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  ElasticLoadBalancingClient,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** One listener of a Classic Load Balancer: the front (load balancer) and back (instance) protocols. */
export interface ClassicListener {
  /** `HTTP`, `HTTPS`, `TCP` or `SSL`. */
  protocol: string;
  port: number;
  instanceProtocol: string;
  instancePort: number;
  /** The policies enabled on the listener (an HTTPS or SSL listener has its SSL negotiation policy among them). */
  policyNames: string[];
}

/** An SSL negotiation policy (`SSLNegotiationPolicyType`) of a Classic Load Balancer, as DescribeLoadBalancerPolicies details it. */
export interface NegotiationPolicy {
  name: string;
  /** Every `Protocol-*` attribute (`Protocol-SSLv3`, `Protocol-TLSv1`, `Protocol-TLSv1.1`, `Protocol-TLSv1.2`) → enabled. */
  protocols: Record<string, boolean>;
  /** `Reference-Security-Policy`: the predefined policy it was made from (`ELBSecurityPolicy-TLS-1-2-2017-01`, …). */
  reference?: string;
}

/** The access-log attribute; `enabled` is missing when the answer had no `AccessLog`. */
export interface ClassicAccessLog {
  enabled?: boolean;
  bucket?: string;
}

export interface ClassicLoadBalancer {
  name: string;
  /** Built from the name (DescribeLoadBalancers gives none): `arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/<name>`. */
  arn: string;
  /** `internet-facing` or `internal`. */
  scheme: string;
  listeners: ClassicListener[];
  accessLog: Read<ClassicAccessLog>;
  /** Its SSL negotiation policies; read only when it has an HTTPS or SSL listener. */
  negotiationPolicies?: Read<NegotiationPolicy[]>;
}

export interface ElbData {
  loadBalancers: Read<ClassicLoadBalancer[]>;
}

/** A load balancer deleted between DescribeLoadBalancers and the reads that follow (the SDK's name and the query API's code). */
const GONE = ['AccessPointNotFoundException', 'LoadBalancerNotFound'];
/** Classic load balancers per DescribeLoadBalancers page (`PageSize` 1 to 400). */
const PAGE = 400;

/**
 * Classic Elastic Load Balancing (regional): every Classic Load Balancer (every page), its listeners, its
 * access-log attribute and, when it terminates TLS, its SSL negotiation policies with their protocols.
 */
export const elbCollector: Collector<ElbData> = {
  id: 'elb',
  scope: 'region',
  async collect(ctx) {
    const elb = ctx.clients.get(ElasticLoadBalancingClient, ctx.region);
    const loadBalancers = await ctx.read(async () => {
      const list = await ctx.pages(
        'elasticloadbalancing:DescribeLoadBalancers',
        paginateDescribeLoadBalancers({ client: elb }, { PageSize: PAGE }),
        (p) => p.LoadBalancerDescriptions,
      );
      const read = await Promise.all(
        list.map(async (lb): Promise<ClassicLoadBalancer | undefined> => {
          const name = lb.LoadBalancerName ?? '';
          const listeners = (lb.ListenerDescriptions ?? []).map((d): ClassicListener => ({
            protocol: (d.Listener?.Protocol ?? '').toUpperCase(),
            port: d.Listener?.LoadBalancerPort ?? 0,
            instanceProtocol: (d.Listener?.InstanceProtocol ?? '').toUpperCase(),
            instancePort: d.Listener?.InstancePort ?? 0,
            policyNames: d.PolicyNames ?? [],
          }));
          let gone = false;
          const accessLog = await ctx.read(async (): Promise<ClassicAccessLog> => {
            const out = await ctx.call(
              'elasticloadbalancing:DescribeLoadBalancerAttributes',
              () => elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerName: name })),
              GONE,
            );
            if (out === null) gone = true;
            const log = out?.LoadBalancerAttributes?.AccessLog;
            return log ? { ...(log.Enabled !== undefined ? { enabled: log.Enabled } : {}), ...(log.S3BucketName ? { bucket: log.S3BucketName } : {}) } : {};
          });
          const out: ClassicLoadBalancer = {
            name,
            arn: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:loadbalancer/${name}`,
            scheme: lb.Scheme ?? '',
            listeners,
            accessLog,
          };
          if (listeners.some((l) => l.protocol === 'HTTPS' || l.protocol === 'SSL')) {
            out.negotiationPolicies = await ctx.read(async () => {
              const answer = await ctx.call(
                'elasticloadbalancing:DescribeLoadBalancerPolicies',
                () => elb.send(new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: name })),
                GONE,
              );
              if (answer === null) gone = true;
              return (answer?.PolicyDescriptions ?? [])
                .filter((p) => p.PolicyTypeName === 'SSLNegotiationPolicyType')
                .map((p): NegotiationPolicy => {
                  const attrs = p.PolicyAttributeDescriptions ?? [];
                  const protocols = Object.fromEntries(
                    attrs
                      .filter((a) => a.AttributeName?.startsWith('Protocol-'))
                      .map((a) => [a.AttributeName!.slice('Protocol-'.length), (a.AttributeValue ?? '').toLowerCase() === 'true']),
                  );
                  const reference = attrs.find((a) => a.AttributeName === 'Reference-Security-Policy')?.AttributeValue;
                  return { name: p.PolicyName ?? '', protocols, ...(reference ? { reference } : {}) };
                });
            });
          }
          return gone ? undefined : out;
        }),
      );
      return read.filter((lb): lb is ClassicLoadBalancer => lb !== undefined);
    });
    return { loadBalancers };
  },
};
