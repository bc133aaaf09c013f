import {
  DescribeLoadBalancerAttributesCommand,
  DescribeSSLPoliciesCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeRules,
  type Action,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { tokenPages, type CollectContext, type Read } from './context.js';
import type { Collector } from './types.js';

/** One action of a listener rule (or of a listener's default), as the checks read it. */
export interface ListenerAction {
  /** `forward`, `redirect`, `fixed-response`, `authenticate-oidc`, `authenticate-cognito`, `jwt-validation`. */
  type: string;
  /** For `forward`: how many target groups it sends to (its `TargetGroupArn`, or every group of its `ForwardConfig`). */
  targetGroups?: number;
  /** For `redirect`: the protocol redirected to (`HTTPS`, `HTTP`, or `#{protocol}`, the default, which keeps the request's). */
  redirectProtocol?: string;
}

/** A listener rule from DescribeRules (the default rule is one of them, `isDefault`). */
export interface ListenerRule {
  arn: string;
  /** `1`…`50000`, or `default`. */
  priority: string;
  isDefault: boolean;
  actions: ListenerAction[];
}

export interface Listener {
  arn: string;
  port: number;
  /** `HTTP`, `HTTPS` (application); `TCP`, `TLS`, `UDP`, `TCP_UDP` (network); `GENEVE` (gateway). */
  protocol: string;
  defaultActions: ListenerAction[];
  /** `SslPolicy` of an HTTPS or TLS listener (e.g. `ELBSecurityPolicy-TLS13-1-2-2021-06`); absent on other protocols. */
  sslPolicy?: string;
  /** Every rule of the listener (DescribeRules, every page); read only for HTTP listeners of application load balancers. */
  rules?: Read<ListenerRule[]>;
}

/** The access-log attributes; `enabled` is missing when the answer had no `access_logs.s3.enabled` attribute. */
export interface AccessLogs {
  enabled?: boolean;
  /** `access_logs.s3.bucket`; a bucket can be configured while logging is off. */
  bucket?: string;
}

export interface LoadBalancer {
  arn: string;
  name: string;
  /** `application`, `network` or `gateway`. */
  type: string;
  accessLogs: Read<AccessLogs>;
  /**
   * Application load balancers only: `routing.http.drop_invalid_header_fields.enabled` from the same
   * DescribeLoadBalancerAttributes answer as the access logs; `undefined` value when the answer had no such attribute.
   */
  dropInvalidHeaderFields?: Read<boolean | undefined>;
  listeners: Read<Listener[]>;
}

export interface Elbv2Data {
  loadBalancers: Read<LoadBalancer[]>;
  /**
   * The TLS protocols each security policy of the region allows (DescribeSSLPolicies, every page):
   * policy name → `SslProtocols` (`TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`). Read only when some listener
   * has a security policy; an empty table otherwise.
   */
  sslPolicies: Read<Record<string, string[]>>;
}

/** Security policies per DescribeSSLPolicies page (`PageSize` 1 to 400). */
const SSL_POLICY_PAGE = 400;

function action(a: Action): ListenerAction {
  const out: ListenerAction = { type: a.Type ?? '' };
  if (a.Type === 'forward') {
    const groups = new Set([...(a.TargetGroupArn ? [a.TargetGroupArn] : []), ...(a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn ?? '')]);
    out.targetGroups = groups.size;
  }
  if (a.Type === 'redirect') out.redirectProtocol = a.RedirectConfig?.Protocol ?? '#{protocol}';
  return out;
}

/** An attribute that holds `true` or `false`; `undefined` when the answer did not have it. */
function flag(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : value.toLowerCase() === 'true';
}

function accessLogsOf(attr: (key: string) => string | undefined): AccessLogs {
  const enabled = flag(attr('access_logs.s3.enabled'));
  const bucket = attr('access_logs.s3.bucket');
  return { ...(enabled !== undefined ? { enabled } : {}), ...(bucket ? { bucket } : {}) };
}

async function rules(ctx: CollectContext, elb: ElasticLoadBalancingV2Client, listenerArn: string): Promise<Read<ListenerRule[]>> {
  return ctx.read(async () =>
    (await ctx.pages('elasticloadbalancing:DescribeRules', paginateDescribeRules({ client: elb }, { ListenerArn: listenerArn }), (p) => p.Rules)).map((r) => ({
      arn: r.RuleArn ?? '',
      priority: r.Priority ?? '',
      isDefault: r.IsDefault === true,
      actions: (r.Actions ?? []).map(action),
    })),
  );
}

/**
 * Elastic Load Balancing v2 (regional): load balancers, their access-log attributes (and, for application
 * load balancers, whether they drop invalid header fields: the same answer), their listeners
 * and, for plain-HTTP listeners of application load balancers, every listener rule (a rule that
 * forwards serves plain HTTP even when the default action redirects); and, when a listener has a
 * security policy, the protocols of every security policy of the region (one DescribeSSLPolicies walk).
 */
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
          const type = lb.Type ?? 'application';
          const [attributes, listeners] = await Promise.all([
            ctx.read(async () => {
              const out = await ctx.must('elasticloadbalancing:DescribeLoadBalancerAttributes', () =>
                elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn })),
              );
              return (key: string) => out.Attributes?.find((a) => a.Key === key)?.Value;
            }),
            ctx.read(async () => {
              const found = await ctx.pages(
                'elasticloadbalancing:DescribeListeners',
                paginateDescribeListeners({ client: elb }, { LoadBalancerArn: arn }),
                (p) => p.Listeners,
              );
              return Promise.all(
                found.map(async (l): Promise<Listener> => {
                  const listener: Listener = {
                    arn: l.ListenerArn ?? '',
                    port: l.Port ?? 0,
                    protocol: l.Protocol ?? '',
                    defaultActions: (l.DefaultActions ?? []).map(action),
                  };
                  if (l.SslPolicy) listener.sslPolicy = l.SslPolicy;
                  if (type === 'application' && l.Protocol === 'HTTP') listener.rules = await rules(ctx, elb, listener.arn);
                  return listener;
                }),
              );
            }),
          ]);
          const accessLogs: Read<AccessLogs> = attributes.ok ? { ok: true, value: accessLogsOf(attributes.value) } : attributes;
          const out: LoadBalancer = { arn, name: lb.LoadBalancerName ?? '', type, accessLogs, listeners };
          if (type === 'application')
            out.dropInvalidHeaderFields = attributes.ok
              ? { ok: true, value: flag(attributes.value('routing.http.drop_invalid_header_fields.enabled')) }
              : attributes;
          return out;
        }),
      );
    });
    const used = loadBalancers.ok && loadBalancers.value.some((lb) => lb.listeners.ok && lb.listeners.value.some((l) => l.sslPolicy !== undefined));
    const sslPolicies = used
      ? await ctx.read(async () => {
          const call = 'elasticloadbalancing:DescribeSSLPolicies';
          const pages = tokenPages(
            call,
            (Marker) => elb.send(new DescribeSSLPoliciesCommand({ Marker, PageSize: SSL_POLICY_PAGE })),
            (p) => p.NextMarker,
          );
          const policies = await ctx.pages(call, pages, (p) => p.SslPolicies);
          return Object.fromEntries(policies.filter((p) => p.Name).map((p) => [p.Name!, p.SslProtocols ?? []]));
        })
      : { ok: true as const, value: {} };
    return { loadBalancers, sslPolicies };
  },
};
