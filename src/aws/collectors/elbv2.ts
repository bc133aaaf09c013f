import {
  DescribeLoadBalancerAttributesCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface LoadBalancer {
  arn: string;
  name: string;
  /** `application`, `network` or `gateway`. */
  type: string;
  accessLogs: Read<boolean>;
  /** Listeners; for HTTP ones, whether the default action redirects to HTTPS. */
  listeners: Read<{ port: number; protocol: string; redirectsToHttps: boolean }[]>;
}

export interface Elbv2Data {
  loadBalancers: Read<LoadBalancer[]>;
}

/** Elastic Load Balancing v2 (regional): load balancers, their access-log attribute and their listeners. */
export const elbv2Collector: Collector<Elbv2Data> = {
  id: 'elbv2',
  scope: 'region',
  async collect(ctx) {
    const elb = ctx.clients.get(ElasticLoadBalancingV2Client, ctx.region);
    const loadBalancers = await ctx.read(async () => {
      const list = await ctx.pages('elasticloadbalancing:DescribeLoadBalancers', paginateDescribeLoadBalancers({ client: elb }, {}), (p) => p.LoadBalancers);
      return Promise.all(
        list.map(async (lb): Promise<LoadBalancer> => {
          const arn = lb.LoadBalancerArn ?? '';
          const [accessLogs, listeners] = await Promise.all([
            ctx.read(async () => {
              const out = await ctx.must('elasticloadbalancing:DescribeLoadBalancerAttributes', () => elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn })));
              return out.Attributes?.find((a) => a.Key === 'access_logs.s3.enabled')?.Value === 'true';
            }),
            ctx.read(async () =>
              (await ctx.pages('elasticloadbalancing:DescribeListeners', paginateDescribeListeners({ client: elb }, { LoadBalancerArn: arn }), (p) => p.Listeners)).map((l) => ({
                port: l.Port ?? 0,
                protocol: l.Protocol ?? '',
                redirectsToHttps: (l.DefaultActions ?? []).some((a) => a.Type === 'redirect' && a.RedirectConfig?.Protocol === 'HTTPS'),
              })),
            ),
          ]);
          return { arn, name: lb.LoadBalancerName ?? '', type: lb.Type ?? 'application', accessLogs, listeners };
        }),
      );
    });
    return { loadBalancers };
  },
};
