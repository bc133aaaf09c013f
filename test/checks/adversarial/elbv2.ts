import type { Listener, LoadBalancer } from '../../../src/aws/collectors/elbv2.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const WEB = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/web/1`;
const API = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/net/api/2`;

function lbs(s: Snapshot): LoadBalancer[] {
  const read = s.data.elbv2!.loadBalancers;
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value;
}
const lb = (s: Snapshot, arn: string) => lbs(s).find((x) => x.arn === arn)!;
function httpListener(s: Snapshot): Listener {
  const read = lb(s, WEB).listeners;
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value.find((l) => l.protocol === 'HTTP')!;
}
const rule = (priority: string, actions: Listener['defaultActions']) => ({
  arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener-rule/app/web/1/80/${priority}`,
  priority,
  isDefault: false,
  actions,
});
function addRule(s: Snapshot, r: ReturnType<typeof rule>): void {
  const rules = httpListener(s).rules;
  if (!rules?.ok) throw new Error('fixture read is not ok');
  rules.value.unshift(r);
}

/** elbv2_http_redirects_to_https and elbv2_access_logs_enabled: answers that look right and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'elbv2_http_redirects_to_https',
    name: 'the HTTP default action redirects to HTTPS, but a path rule (/api/*) forwards to a target group over plain HTTP',
    source: "ELBv2 API Reference, DescribeRules: a listener's rules are evaluated in priority order before the default action",
    mutate: (s) => addRule(s, rule('5', [{ type: 'forward', targetGroups: 1 }])),
    expect: 'fail',
    resource: WEB,
  },
  {
    check: 'elbv2_http_redirects_to_https',
    name: 'a rule forwards through a weighted ForwardConfig (two target groups, no TargetGroupArn)',
    source: 'ELBv2 API Reference, Action.ForwardConfig.TargetGroups (weighted target groups); Action.TargetGroupArn is then absent',
    mutate: (s) => addRule(s, rule('7', [{ type: 'forward', targetGroups: 2 }])),
    expect: 'fail',
    resource: WEB,
  },
  {
    check: 'elbv2_http_redirects_to_https',
    name: 'the default action is a redirect, but to #{protocol} (the default), which keeps plain HTTP',
    source: 'ELBv2 API Reference, RedirectActionConfig.Protocol: "The protocol. You can specify HTTP, HTTPS, or #{protocol}" (default #{protocol})',
    mutate: (s) => {
      httpListener(s).defaultActions = [{ type: 'redirect', redirectProtocol: '#{protocol}' }];
    },
    expect: 'fail',
    resource: WEB,
  },
  {
    check: 'elbv2_http_redirects_to_https',
    name: 'the HTTP listener answers every request with a fixed response and forwards nothing: no content over HTTP',
    source: 'ELBv2 API Reference, Action type fixed-response (FixedResponseActionConfig): the load balancer answers itself',
    mutate: (s) => {
      const l = httpListener(s);
      l.defaultActions = [{ type: 'fixed-response' }];
      l.rules = ok([]);
    },
    expect: 'pass',
    resource: WEB,
  },
  {
    check: 'elbv2_http_redirects_to_https',
    name: 'the default action redirects to HTTPS but the listener rules could not be read',
    source: 'ELBv2 API Reference, DescribeRules (needs elasticloadbalancing:DescribeRules)',
    mutate: (s) => {
      httpListener(s).rules = denied('elasticloadbalancing:DescribeRules');
    },
    expect: 'error',
    resource: WEB,
  },
  {
    check: 'elbv2_access_logs_enabled',
    name: 'an access-log bucket is configured but access_logs.s3.enabled is "false"',
    source: 'ELBv2 API Reference, LoadBalancerAttribute: access_logs.s3.bucket and access_logs.s3.enabled are separate attributes',
    mutate: (s) => {
      lb(s, WEB).accessLogs = ok({ enabled: false, bucket: 'elb-logs' });
    },
    expect: 'fail',
    resource: WEB,
  },
  {
    check: 'elbv2_access_logs_enabled',
    name: 'the attributes answer has no access_logs.s3.enabled at all: cannot be judged, not "off"',
    source: 'ELBv2 API Reference, DescribeLoadBalancerAttributes: Attributes is a list of key/value pairs',
    mutate: (s) => {
      lb(s, WEB).accessLogs = ok({});
    },
    expect: 'error',
    resource: WEB,
  },
  {
    check: 'elbv2_access_logs_enabled',
    name: 'a network load balancer with a TLS listener does not write access logs',
    source: 'ELB User Guide for Network Load Balancers, Access logs: created only if the load balancer has a TLS listener',
    mutate: (s) => {
      lb(s, API).accessLogs = ok({ enabled: false });
    },
    expect: 'fail',
    resource: API,
  },
  {
    check: 'elbv2_access_logs_enabled',
    name: 'the listeners of a network load balancer could not be read, so whether its logs record anything is unknown',
    source: 'ELB User Guide for Network Load Balancers, Access logs: "created only if the load balancer has a TLS listener"',
    mutate: (s) => {
      lb(s, API).listeners = denied('elasticloadbalancing:DescribeListeners');
    },
    expect: 'error',
    resource: API,
  },
  {
    check: 'elbv2_listener_tls12_minimum',
    name: 'the HTTPS listener uses ELBSecurityPolicy-2016-08, the default, which still allows TLS 1.0 and 1.1',
    source:
      'ELB User Guide for Application Load Balancers, Security policies: ELBSecurityPolicy-2016-08 (the default for listeners created with the API) supports TLSv1, TLSv1.1, TLSv1.2',
    mutate: (s) => {
      const read = lb(s, WEB).listeners;
      if (!read.ok) throw new Error('fixture read is not ok');
      read.value.find((l) => l.protocol === 'HTTPS')!.sslPolicy = 'ELBSecurityPolicy-2016-08';
    },
    expect: 'fail',
    resource: WEB,
  },
  {
    check: 'elbv2_listener_tls12_minimum',
    name: 'a "TLS13" policy name that still allows TLS 1.1 (ELBSecurityPolicy-TLS13-1-1-2021-06) on the network load balancer',
    source: 'ELB User Guide, Security policies: ELBSecurityPolicy-TLS13-1-1-2021-06 supports TLSv1.1, TLSv1.2, TLSv1.3 (DescribeSSLPolicies SslProtocols)',
    mutate: (s) => {
      const read = lb(s, API).listeners;
      if (!read.ok) throw new Error('fixture read is not ok');
      read.value[0]!.sslPolicy = 'ELBSecurityPolicy-TLS13-1-1-2021-06';
    },
    expect: 'fail',
    resource: API,
  },
  {
    check: 'elbv2_listener_tls12_minimum',
    name: 'a listener policy that DescribeSSLPolicies did not describe: unknown, not judged by its name',
    source: 'ELBv2 API Reference, DescribeSSLPolicies: SslPolicies[].Name and SslProtocols',
    mutate: (s) => {
      const read = lb(s, WEB).listeners;
      if (!read.ok) throw new Error('fixture read is not ok');
      read.value.find((l) => l.protocol === 'HTTPS')!.sslPolicy = 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09';
    },
    expect: 'error',
    resource: WEB,
  },
  {
    check: 'elbv2_listener_tls12_minimum',
    name: 'DescribeSSLPolicies was denied: every load balancer with a TLS listener is unknown',
    source: 'ELBv2 API Reference, DescribeSSLPolicies (needs elasticloadbalancing:DescribeSSLPolicies)',
    mutate: (s) => {
      s.data.elbv2!.sslPolicies = denied('elasticloadbalancing:DescribeSSLPolicies');
    },
    expect: 'error',
    resource: API,
  },
  {
    check: 'elbv2_listener_tls12_minimum',
    name: 'an application load balancer with only a plain HTTP listener has no TLS policy to judge',
    source: 'ELBv2 API Reference, Listener.SslPolicy: "[HTTPS or TLS listener] The security policy"',
    mutate: (s) => {
      lb(s, WEB).listeners = ok([httpListener(s)]);
    },
    expect: 'not_applicable',
    resource: WEB,
  },
];
