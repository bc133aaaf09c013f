import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { elbCollector } from '../../src/aws/collectors/elb.js';
import { scanTarget } from '../../src/checks/engine.js';
import { getCheck } from '../../src/checks/registry.js';
import { collectIn, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

const elb = mockClient(ElasticLoadBalancingClient);
let restore: (() => void) | undefined;
afterEach(() => {
  elb.reset();
  restore?.();
  restore = undefined;
});

const listener = (Protocol: string, LoadBalancerPort: number, PolicyNames: string[] = []) => ({
  Listener: { Protocol, LoadBalancerPort, InstanceProtocol: 'HTTP', InstancePort: 80 },
  PolicyNames,
});
const attr = (AttributeName: string, AttributeValue: string) => ({ AttributeName, AttributeValue });

describe('the Classic ELB collector', () => {
  it('reads every page of load balancers, their listeners, access log and SSL negotiation policies, in the region asked', async () => {
    const sent: string[] = [];
    elb.on(DescribeLoadBalancersCommand).callsFake(async (input: { Marker?: string; PageSize?: number }, getClient) => {
      sent.push(`${await regionOf(getClient)} DescribeLoadBalancers ${input.Marker ?? '-'} ${input.PageSize}`);
      return input.Marker
        ? { LoadBalancerDescriptions: [{ LoadBalancerName: 'internal-api', Scheme: 'internal', ListenerDescriptions: [listener('tcp', 5432)] }] }
        : {
            LoadBalancerDescriptions: [
              { LoadBalancerName: 'shop', Scheme: 'internet-facing', ListenerDescriptions: [listener('HTTPS', 443, ['ELBSecurityPolicy-2016-08', 'sticky'])] },
            ],
            NextMarker: 'm2',
          };
    });
    elb.on(DescribeLoadBalancerAttributesCommand).callsFake(async (input: { LoadBalancerName: string }) => {
      sent.push(`DescribeLoadBalancerAttributes ${input.LoadBalancerName}`);
      return input.LoadBalancerName === 'shop'
        ? { LoadBalancerAttributes: { AccessLog: { Enabled: true, S3BucketName: 'elb-logs', EmitInterval: 60 } } }
        : { LoadBalancerAttributes: { AccessLog: { Enabled: false }, CrossZoneLoadBalancing: { Enabled: true } } };
    });
    elb.on(DescribeLoadBalancerPoliciesCommand).callsFake(async (input: { LoadBalancerName: string }) => {
      sent.push(`DescribeLoadBalancerPolicies ${input.LoadBalancerName}`);
      return {
        PolicyDescriptions: [
          { PolicyName: 'sticky', PolicyTypeName: 'LBCookieStickinessPolicyType', PolicyAttributeDescriptions: [attr('CookieExpirationPeriod', '60')] },
          {
            PolicyName: 'ELBSecurityPolicy-2016-08',
            PolicyTypeName: 'SSLNegotiationPolicyType',
            PolicyAttributeDescriptions: [
              attr('Reference-Security-Policy', 'ELBSecurityPolicy-2016-08'),
              attr('Protocol-TLSv1', 'true'),
              attr('Protocol-TLSv1.1', 'true'),
              attr('Protocol-TLSv1.2', 'true'),
              attr('Protocol-SSLv3', 'false'),
              attr('ECDHE-RSA-AES128-SHA', 'true'),
            ],
          },
        ],
      };
    });
    const { data, calls } = await collectIn(elbCollector, 'eu-central-1');
    expect(data.loadBalancers).toEqual({
      ok: true,
      value: [
        {
          name: 'shop',
          arn: `arn:aws:elasticloadbalancing:eu-central-1:${TEST_ACCOUNT}:loadbalancer/shop`,
          scheme: 'internet-facing',
          listeners: [{ protocol: 'HTTPS', port: 443, instanceProtocol: 'HTTP', instancePort: 80, policyNames: ['ELBSecurityPolicy-2016-08', 'sticky'] }],
          accessLog: { ok: true, value: { enabled: true, bucket: 'elb-logs' } },
          negotiationPolicies: {
            ok: true,
            value: [
              {
                name: 'ELBSecurityPolicy-2016-08',
                reference: 'ELBSecurityPolicy-2016-08',
                protocols: { TLSv1: true, 'TLSv1.1': true, 'TLSv1.2': true, SSLv3: false },
              },
            ],
          },
        },
        {
          name: 'internal-api',
          arn: `arn:aws:elasticloadbalancing:eu-central-1:${TEST_ACCOUNT}:loadbalancer/internal-api`,
          scheme: 'internal',
          // Protocols are upper-cased: the API accepts and may return them in either case.
          listeners: [{ protocol: 'TCP', port: 5432, instanceProtocol: 'HTTP', instancePort: 80, policyNames: [] }],
          accessLog: { ok: true, value: { enabled: false } },
        },
      ],
    });
    // Policies are read only for the load balancer that terminates TLS.
    expect(sent.sort()).toEqual(
      [
        'eu-central-1 DescribeLoadBalancers - 400',
        'eu-central-1 DescribeLoadBalancers m2 400',
        'DescribeLoadBalancerAttributes shop',
        'DescribeLoadBalancerAttributes internal-api',
        'DescribeLoadBalancerPolicies shop',
      ].sort(),
    );
    expect(calls.filter((c) => c === 'elasticloadbalancing:DescribeLoadBalancers')).toHaveLength(2);
  });

  it('drops a load balancer deleted during the scan and records a denied read on the load balancer', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancerDescriptions: [
        { LoadBalancerName: 'gone', ListenerDescriptions: [listener('HTTP', 80)] },
        { LoadBalancerName: 'locked', ListenerDescriptions: [listener('SSL', 443, ['p'])] },
      ],
    });
    elb
      .on(DescribeLoadBalancerAttributesCommand, { LoadBalancerName: 'gone' })
      .rejects(Object.assign(new Error('There is no ACTIVE Load Balancer named gone'), { name: 'AccessPointNotFoundException' }));
    elb.on(DescribeLoadBalancerAttributesCommand, { LoadBalancerName: 'locked' }).resolves({ LoadBalancerAttributes: { AccessLog: { Enabled: true } } });
    elb.on(DescribeLoadBalancerPoliciesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    const { data } = await collectIn(elbCollector, 'eu-west-1');
    if (!data.loadBalancers.ok) throw new Error('not read');
    expect(data.loadBalancers.value.map((lb) => lb.name)).toEqual(['locked']);
    expect(data.loadBalancers.value[0]!.negotiationPolicies).toMatchObject({
      ok: false,
      error: { call: 'elasticloadbalancing:DescribeLoadBalancerPolicies', kind: 'denied' },
    });
  });

  it('records a denied DescribeLoadBalancers as the whole read failing', async () => {
    elb.on(DescribeLoadBalancersCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    const { data } = await collectIn(elbCollector, 'eu-west-1');
    expect(data.loadBalancers).toMatchObject({ ok: false, error: { call: 'elasticloadbalancing:DescribeLoadBalancers', kind: 'denied' } });
  });

  it('fails the misconfigured synthetic account: a plain HTTP listener and the TLS 1.0 default policy, read over pages of one', async () => {
    const m = mockSyntheticAccount({ misconfigured: true, pageSize: 1 });
    restore = m.restore;
    const { results } = await scanTarget({
      clients: new AwsClients({ defaultRegion: 'eu-west-1' }),
      accountId: SYNTHETIC_ACCOUNT_ID,
      region: 'eu-west-1',
      home: true,
      regions: ['eu-west-1'],
      settings: DEFAULT_SCAN_SETTINGS,
      checks: [getCheck('elb_ssl_listeners')!, getCheck('elb_logging_enabled')!, getCheck('elb_listener_tls12_minimum')!],
    });
    const by = Object.fromEntries(results.map((r) => [r.checkId, r]));
    expect(by.elb_ssl_listeners).toMatchObject({ status: 'fail', message: expect.stringContaining('HTTP 80') });
    expect(by.elb_listener_tls12_minimum).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('ELBSecurityPolicy-2016-08, which enables TLSv1, TLSv1.1'),
    });
    expect(by.elb_logging_enabled).toMatchObject({ status: 'pass', message: expect.stringContaining('elb-logs') });
  });
});
