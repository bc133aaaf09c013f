import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeSSLPoliciesCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { CollectContext } from '../../src/aws/collectors/context.js';
import { elbv2Collector } from '../../src/aws/collectors/elbv2.js';
import { getCheck } from '../../src/checks/registry.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { mockSyntheticAccount, scanSynthetic } from '../helpers/synthetic-aws.js';

const elb = mockClient(ElasticLoadBalancingV2Client);
let restore: (() => void) | undefined;
afterEach(() => {
  elb.reset();
  restore?.();
  restore = undefined;
});

const REGIONS = ['eu-west-1', 'eu-central-1'];
const collect = (region: string) =>
  elbv2Collector.collect(new CollectContext({ clients: new AwsClients({ defaultRegion: 'eu-west-1' }), accountId: '111122223333', region, regions: REGIONS }));
const regionOf = async (getClient: () => { config: { region: () => Promise<string> } }) => getClient().config.region();

describe('the ELBv2 collector', () => {
  it('reads every load balancer, listener and (for HTTP listeners of ALBs) every rule page, in every region, with the parameters the API needs', async () => {
    const sent: string[] = [];
    const arn = (region: string, kind: string, rest: string) => `arn:aws:elasticloadbalancing:${region}:111122223333:${kind}/${rest}`;
    elb.on(DescribeLoadBalancersCommand).callsFake(async (input: { Marker?: string }, getClient) => {
      const r = await regionOf(getClient);
      sent.push(`${r} DescribeLoadBalancers ${input.Marker ?? '-'}`);
      return input.Marker
        ? { LoadBalancers: [{ LoadBalancerArn: arn(r, 'loadbalancer', 'net/api/2'), LoadBalancerName: 'api', Type: 'network' }] }
        : { LoadBalancers: [{ LoadBalancerArn: arn(r, 'loadbalancer', 'app/web/1'), LoadBalancerName: 'web', Type: 'application' }], NextMarker: 'lb2' };
    });
    elb.on(DescribeLoadBalancerAttributesCommand).callsFake(async (input: { LoadBalancerArn: string }, getClient) => {
      sent.push(`${await regionOf(getClient)} DescribeLoadBalancerAttributes ${input.LoadBalancerArn.split('/').slice(-2).join('/')}`);
      return input.LoadBalancerArn.includes('/app/')
        ? {
            Attributes: [
              { Key: 'access_logs.s3.enabled', Value: 'false' },
              { Key: 'access_logs.s3.bucket', Value: 'elb-logs' },
              { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
            ],
          }
        : { Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] };
    });
    elb.on(DescribeListenersCommand).callsFake(async (input: { LoadBalancerArn: string; Marker?: string }, getClient) => {
      const r = await regionOf(getClient);
      sent.push(`${r} DescribeListeners ${input.LoadBalancerArn.split('/').slice(-2).join('/')} ${input.Marker ?? '-'}`);
      if (input.LoadBalancerArn.includes('/net/'))
        return {
          Listeners: [
            { ListenerArn: arn(r, 'listener', 'net/api/2/tcp'), Port: 80, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: 'tg-api' }] },
          ],
        };
      return input.Marker
        ? {
            Listeners: [
              {
                ListenerArn: arn(r, 'listener', 'app/web/1/http'),
                Port: 80,
                Protocol: 'HTTP',
                DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS' } }],
              },
            ],
          }
        : {
            Listeners: [
              {
                ListenerArn: arn(r, 'listener', 'app/web/1/https'),
                Port: 443,
                Protocol: 'HTTPS',
                DefaultActions: [{ Type: 'forward', TargetGroupArn: 'tg-web' }],
              },
            ],
            NextMarker: 'l2',
          };
    });
    elb.on(DescribeRulesCommand).callsFake(async (input: { ListenerArn: string; Marker?: string }, getClient) => {
      sent.push(`${await regionOf(getClient)} DescribeRules ${input.ListenerArn.split('/').pop()} ${input.Marker ?? '-'}`);
      if (!input.Marker) {
        return {
          Rules: [
            {
              RuleArn: 'r10',
              Priority: '10',
              IsDefault: false,
              Actions: [
                {
                  Type: 'forward',
                  ForwardConfig: {
                    TargetGroups: [
                      { TargetGroupArn: 'tg-a', Weight: 80 },
                      { TargetGroupArn: 'tg-b', Weight: 20 },
                    ],
                  },
                },
              ],
            },
          ],
          NextMarker: 'r2',
        };
      }
      return {
        Rules: [
          { RuleArn: 'r20', Priority: '20', IsDefault: false, Actions: [{ Type: 'redirect', RedirectConfig: { Host: 'other.example.com' } }] },
          { RuleArn: 'rd', Priority: 'default', IsDefault: true, Actions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS' } }] },
        ],
      };
    });

    for (const region of REGIONS) {
      const { loadBalancers } = await collect(region);
      if (!loadBalancers.ok) throw new Error('not read');
      const [web, api] = loadBalancers.value;
      expect(web).toMatchObject({ name: 'web', type: 'application', accessLogs: { ok: true, value: { enabled: false, bucket: 'elb-logs' } } });
      expect(api).toMatchObject({ name: 'api', type: 'network', accessLogs: { ok: true, value: {} } });
      // From the same answer as the access logs; only application load balancers have the attribute.
      expect(web!.dropInvalidHeaderFields).toEqual({ ok: true, value: true });
      expect(api!.dropInvalidHeaderFields).toBeUndefined();
      expect(web!.listeners).toEqual({
        ok: true,
        value: [
          { arn: arn(region, 'listener', 'app/web/1/https'), port: 443, protocol: 'HTTPS', defaultActions: [{ type: 'forward', targetGroups: 1 }] },
          {
            arn: arn(region, 'listener', 'app/web/1/http'),
            port: 80,
            protocol: 'HTTP',
            defaultActions: [{ type: 'redirect', redirectProtocol: 'HTTPS' }],
            rules: {
              ok: true,
              value: [
                { arn: 'r10', priority: '10', isDefault: false, actions: [{ type: 'forward', targetGroups: 2 }] },
                // No Protocol in the RedirectConfig: the API's default, #{protocol}, keeps plain HTTP.
                { arn: 'r20', priority: '20', isDefault: false, actions: [{ type: 'redirect', redirectProtocol: '#{protocol}' }] },
                { arn: 'rd', priority: 'default', isDefault: true, actions: [{ type: 'redirect', redirectProtocol: 'HTTPS' }] },
              ],
            },
          },
        ],
      });
      // Rules are read only for HTTP listeners of application load balancers.
      expect(api!.listeners).toEqual({
        ok: true,
        value: [{ arn: arn(region, 'listener', 'net/api/2/tcp'), port: 80, protocol: 'TCP', defaultActions: [{ type: 'forward', targetGroups: 1 }] }],
      });
    }
    for (const region of REGIONS) {
      expect(
        sent
          .filter((x) => x.startsWith(region))
          .map((x) => x.slice(region.length + 1))
          .sort(),
      ).toEqual(
        [
          'DescribeLoadBalancers -',
          'DescribeLoadBalancers lb2',
          'DescribeLoadBalancerAttributes web/1',
          'DescribeLoadBalancerAttributes api/2',
          'DescribeListeners web/1 -',
          'DescribeListeners web/1 l2',
          'DescribeListeners api/2 -',
          'DescribeRules http -',
          'DescribeRules http r2',
        ].sort(),
      );
    }
  });

  it('records a denied DescribeLoadBalancerAttributes on both reads it answers, and an answer without the header attribute as unknown', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: 'arn:lb/app/web/1', LoadBalancerName: 'web', Type: 'application' }] });
    elb.on(DescribeListenersCommand).resolves({ Listeners: [] });
    elb.on(DescribeLoadBalancerAttributesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    const denied = await collect('eu-west-1');
    if (!denied.loadBalancers.ok) throw new Error('not read');
    const error = { ok: false, error: { call: 'elasticloadbalancing:DescribeLoadBalancerAttributes', kind: 'denied' } };
    expect(denied.loadBalancers.value[0]).toMatchObject({ accessLogs: error, dropInvalidHeaderFields: error });
    expect(elb.commandCalls(DescribeLoadBalancerAttributesCommand)).toHaveLength(1);
    elb.on(DescribeLoadBalancerAttributesCommand).resolves({ Attributes: [{ Key: 'access_logs.s3.enabled', Value: 'true' }] });
    const without = await collect('eu-west-1');
    if (!without.loadBalancers.ok) throw new Error('not read');
    expect(without.loadBalancers.value[0]!.dropInvalidHeaderFields).toEqual({ ok: true, value: undefined });
    const s = compliantSnapshot();
    s.data.elbv2 = without;
    expect(getCheck('elbv2_alb_drop_invalid_header_fields')!.evaluate(s)).toEqual([
      expect.objectContaining({ status: 'error', message: expect.stringContaining('no routing.http.drop_invalid_header_fields.enabled attribute') }),
    ]);
  });

  it('reads the security policy of HTTPS and TLS listeners and, once per region, every page of DescribeSSLPolicies', async () => {
    const markers: (string | undefined)[] = [];
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: 'arn:lb/app/web/1', LoadBalancerName: 'web', Type: 'application' }] });
    elb.on(DescribeLoadBalancerAttributesCommand).resolves({ Attributes: [{ Key: 'access_logs.s3.enabled', Value: 'true' }] });
    elb.on(DescribeListenersCommand).resolves({
      Listeners: [
        {
          ListenerArn: 'arn:listener/443',
          Port: 443,
          Protocol: 'HTTPS',
          SslPolicy: 'ELBSecurityPolicy-2016-08',
          DefaultActions: [{ Type: 'forward', TargetGroupArn: 'tg' }],
        },
      ],
    });
    elb.on(DescribeSSLPoliciesCommand).callsFake(async (input: { Marker?: string; PageSize?: number }) => {
      markers.push(input.Marker);
      return input.Marker
        ? { SslPolicies: [{ Name: 'ELBSecurityPolicy-TLS13-1-2-2021-06', SslProtocols: ['TLSv1.2', 'TLSv1.3'] }] }
        : { SslPolicies: [{ Name: 'ELBSecurityPolicy-2016-08', SslProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] }], NextMarker: 'p2' };
    });
    const data = await collect('eu-west-1');
    expect(markers).toEqual([undefined, 'p2']);
    expect(data.sslPolicies).toEqual({
      ok: true,
      value: { 'ELBSecurityPolicy-2016-08': ['TLSv1', 'TLSv1.1', 'TLSv1.2'], 'ELBSecurityPolicy-TLS13-1-2-2021-06': ['TLSv1.2', 'TLSv1.3'] },
    });
    if (!data.loadBalancers.ok || !data.loadBalancers.value[0]!.listeners.ok) throw new Error('not read');
    expect(data.loadBalancers.value[0]!.listeners.value[0]!.sslPolicy).toBe('ELBSecurityPolicy-2016-08');
    const s = compliantSnapshot();
    s.data.elbv2 = data;
    expect(getCheck('elbv2_listener_tls12_minimum')!.evaluate(s)).toEqual([
      expect.objectContaining({ status: 'fail', message: expect.stringContaining('ELBSecurityPolicy-2016-08, which allows TLSv1, TLSv1.1') }),
    ]);
  });

  it('does not call DescribeSSLPolicies when no listener has a security policy, and records it denied as data', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: 'arn:lb/app/web/1', LoadBalancerName: 'web', Type: 'application' }] });
    elb.on(DescribeLoadBalancerAttributesCommand).resolves({ Attributes: [] });
    elb
      .on(DescribeListenersCommand)
      .resolves({ Listeners: [{ ListenerArn: 'arn:listener/80', Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'fixed-response' }] }] });
    elb.on(DescribeRulesCommand).resolves({ Rules: [] });
    elb.on(DescribeSSLPoliciesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    expect((await collect('eu-west-1')).sslPolicies).toEqual({ ok: true, value: {} });
    expect(elb.commandCalls(DescribeSSLPoliciesCommand)).toHaveLength(0);
    elb.on(DescribeListenersCommand).resolves({
      Listeners: [{ ListenerArn: 'arn:listener/443', Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', DefaultActions: [] }],
    });
    expect((await collect('eu-west-1')).sslPolicies).toMatchObject({ ok: false, error: { call: 'elasticloadbalancing:DescribeSSLPolicies', kind: 'denied' } });
  });

  it('records denied DescribeRules on the listener, not on the whole load balancer', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: 'arn:lb/app/web/1', LoadBalancerName: 'web', Type: 'application' }] });
    elb.on(DescribeLoadBalancerAttributesCommand).resolves({ Attributes: [{ Key: 'access_logs.s3.enabled', Value: 'true' }] });
    elb.on(DescribeListenersCommand).resolves({
      Listeners: [
        {
          ListenerArn: 'arn:listener/80',
          Port: 80,
          Protocol: 'HTTP',
          DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', StatusCode: 'HTTP_301' } }],
        },
      ],
    });
    elb.on(DescribeRulesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    const { loadBalancers } = await collect('eu-west-1');
    if (!loadBalancers.ok || !loadBalancers.value[0]!.listeners.ok) throw new Error('not read');
    expect(loadBalancers.value[0]!.listeners.value[0]!.rules).toMatchObject({
      ok: false,
      error: { call: 'elasticloadbalancing:DescribeRules', kind: 'denied' },
    });
  });

  it('fails the synthetic account whose HTTP listener redirects by default but forwards /api/* (on the second page of rules)', async () => {
    const m = mockSyntheticAccount({ misconfigured: true, pageSize: 1 });
    restore = m.restore;
    const results = await scanSynthetic([
      'elbv2_http_redirects_to_https',
      'elbv2_access_logs_enabled',
      'elbv2_listener_tls12_minimum',
      'elbv2_alb_drop_invalid_header_fields',
    ]);
    const http = results.filter((r) => r.checkId === 'elbv2_http_redirects_to_https');
    expect(http).toEqual([
      expect.objectContaining({ status: 'fail', message: expect.stringContaining('port 80: rule 20 forwards to 1 target group(s) over plain HTTP') }),
    ]);
    expect(results.filter((r) => r.checkId === 'elbv2_access_logs_enabled').map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(m.counter.byCommand.get('elasticloadbalancing:DescribeRules')).toBe(3);
    // The HTTPS listener keeps the default policy; DescribeSSLPolicies is walked page by page (3 policies, pages of 1).
    expect(results.filter((r) => r.checkId === 'elbv2_listener_tls12_minimum').map((r) => `${r.status} ${r.resource.split('/').slice(-2).join('/')}`)).toEqual([
      'fail web/1',
      'pass api/2',
    ]);
    expect(m.counter.byCommand.get('elasticloadbalancing:DescribeSSLPolicies')).toBe(3);
    // The ALB keeps AWS's default, passing invalid header fields on (the NLB has no such attribute).
    expect(
      results.filter((r) => r.checkId === 'elbv2_alb_drop_invalid_header_fields').map((r) => `${r.status} ${r.resource.split('/').slice(-2).join('/')}`),
    ).toEqual(['fail web/1']);
  });
});
