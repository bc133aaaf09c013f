import { APIGatewayClient, GetDomainNamesCommand, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { apigatewayCollector } from '../../src/aws/collectors/apigateway.js';
import { getCheck } from '../../src/checks/registry.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf } from '../helpers/collect-in.js';
import { mockSyntheticAccount, scanSynthetic } from '../helpers/synthetic-aws.js';

const apigw = mockClient(APIGatewayClient);
let restore: (() => void) | undefined;
afterEach(() => {
  apigw.reset();
  restore?.();
  restore = undefined;
});

describe('the API Gateway collector', () => {
  it("follows position over every page of domain names and REST APIs, and reads every API's stages", async () => {
    const positions: string[] = [];
    const domains = [
      {
        domainName: 'a.example.com',
        domainNameArn: 'arn:aws:apigateway:eu-west-1::/domainnames/a.example.com',
        endpointConfiguration: { types: ['EDGE'] },
        securityPolicy: 'TLS_1_0',
      },
      { domainName: 'b.example.com', endpointConfiguration: { types: ['REGIONAL'] }, securityPolicy: 'TLS_1_2' },
    ];
    apigw.on(GetDomainNamesCommand).callsFake(async (input: { position?: string; limit?: number }) => {
      positions.push(`domains ${input.position ?? '-'} ${input.limit}`);
      const p = pageOf(domains, input.position, 1);
      return { items: p.items, position: p.next };
    });
    const apis = [
      { id: 'a1', name: 'orders' },
      { id: 'b2', name: 'legacy' },
    ];
    apigw.on(GetRestApisCommand).callsFake(async (input: { position?: string }) => {
      positions.push(`apis ${input.position ?? '-'}`);
      const p = pageOf(apis, input.position, 1);
      return { items: p.items, position: p.next };
    });
    apigw.on(GetStagesCommand, { restApiId: 'a1' }).resolves({
      item: [
        {
          stageName: 'prod',
          accessLogSettings: { destinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:access', format: '$context.requestId' },
          cacheClusterEnabled: true,
          cacheClusterSize: '0.5',
          methodSettings: {
            '*/*': { cachingEnabled: true, cacheDataEncrypted: true, cacheTtlInSeconds: 300, loggingLevel: 'OFF', metricsEnabled: false },
            '~1orders/POST': { cachingEnabled: true, cacheDataEncrypted: false, cacheTtlInSeconds: 60, loggingLevel: 'OFF' },
          },
        },
        { stageName: 'dev', cacheClusterEnabled: false, methodSettings: { '*/*': { loggingLevel: 'INFO' } } },
      ],
    });
    apigw.on(GetStagesCommand, { restApiId: 'b2' }).rejects(Object.assign(new Error('Invalid API identifier specified'), { name: 'NotFoundException' }));
    const { data, calls } = await collectIn(apigatewayCollector, 'eu-west-1');
    expect(positions.sort()).toEqual(['apis -', 'apis t1', 'domains - 500', 'domains t1 500']);
    expect(calls.filter((c) => c === 'apigateway:GET')).toHaveLength(6);
    expect(data.domainNames).toEqual({
      ok: true,
      value: [
        { name: 'a.example.com', arn: 'arn:aws:apigateway:eu-west-1::/domainnames/a.example.com', endpointTypes: ['EDGE'], securityPolicy: 'TLS_1_0' },
        { name: 'b.example.com', arn: 'arn:aws:apigateway:eu-west-1::/domainnames/b.example.com', endpointTypes: ['REGIONAL'], securityPolicy: 'TLS_1_2' },
      ],
    });
    // The API deleted between GetRestApis and GetStages is dropped; execution logging (dev) is not access logging.
    expect(data.restApis).toEqual({
      ok: true,
      value: [
        {
          id: 'a1',
          name: 'orders',
          arn: 'arn:aws:apigateway:eu-west-1::/restapis/a1',
          stages: {
            ok: true,
            value: [
              {
                name: 'prod',
                arn: 'arn:aws:apigateway:eu-west-1::/restapis/a1/stages/prod',
                accessLogDestination: 'arn:aws:logs:eu-west-1:123456789012:log-group:access',
                cacheClusterEnabled: true,
                // Only the caching fields of each method setting are kept.
                methodCaching: {
                  '*/*': { cachingEnabled: true, cacheDataEncrypted: true, cacheTtlInSeconds: 300 },
                  '~1orders/POST': { cachingEnabled: true, cacheDataEncrypted: false, cacheTtlInSeconds: 60 },
                },
              },
              { name: 'dev', arn: 'arn:aws:apigateway:eu-west-1::/restapis/a1/stages/dev', cacheClusterEnabled: false, methodCaching: { '*/*': {} } },
            ],
          },
        },
      ],
    });
  });

  it('judges the cache of each stage from GetStages: the POST override caches unencrypted, the stage without a cache is not applicable', async () => {
    apigw.on(GetDomainNamesCommand).resolves({ items: [] });
    apigw.on(GetRestApisCommand).resolves({ items: [{ id: 'a1', name: 'orders' }] });
    apigw.on(GetStagesCommand).resolves({
      item: [
        {
          stageName: 'prod',
          cacheClusterEnabled: true,
          methodSettings: {
            '*/*': { cachingEnabled: true, cacheDataEncrypted: true, cacheTtlInSeconds: 300 },
            '~1orders/POST': { cachingEnabled: true, cacheDataEncrypted: false, cacheTtlInSeconds: 60 },
          },
        },
        // A cache cluster with no method settings: GET methods cache by default, unencrypted.
        { stageName: 'beta', cacheClusterEnabled: true },
        { stageName: 'dev' },
      ],
    });
    const { data } = await collectIn(apigatewayCollector, 'eu-west-1');
    const s = compliantSnapshot();
    s.data.apigateway = data;
    expect(
      getCheck('apigateway_stage_cache_encrypted')!
        .evaluate(s)
        .map((f) => `${f.status} ${f.resource.split('/').pop()}`),
    ).toEqual(['fail prod', 'fail beta', 'not_applicable dev']);
  });

  it('records a denied GetStages on the API and a denied GetDomainNames on the list', async () => {
    const denied = () => Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    apigw.on(GetDomainNamesCommand).rejects(denied());
    apigw.on(GetRestApisCommand).resolves({ items: [{ id: 'a1', name: 'orders' }] });
    apigw.on(GetStagesCommand).rejects(denied());
    const { data } = await collectIn(apigatewayCollector, 'eu-west-1');
    expect(data.domainNames).toMatchObject({ ok: false, error: { call: 'apigateway:GET', kind: 'denied' } });
    if (!data.restApis.ok) throw new Error('not read');
    expect(data.restApis.value[0]!.stages).toMatchObject({ ok: false, error: { call: 'apigateway:GET', kind: 'denied' } });
  });

  it('fails the misconfigured synthetic account: a TLS_1_0 domain and a stage without access logs', async () => {
    const m = mockSyntheticAccount({ misconfigured: true, pageSize: 1 });
    restore = m.restore;
    const results = await scanSynthetic(['apigateway_domain_name_tls12', 'apigateway_stage_access_logging_enabled', 'apigateway_stage_cache_encrypted']);
    expect(results.map((r) => `${r.checkId} ${r.status} ${r.resource.split('::')[1]}`).sort()).toEqual([
      'apigateway_domain_name_tls12 fail /domainnames/api.example.com',
      'apigateway_stage_access_logging_enabled fail /restapis/a1b2c3/stages/staging',
      'apigateway_stage_access_logging_enabled pass /restapis/a1b2c3/stages/prod',
      'apigateway_stage_cache_encrypted fail /restapis/a1b2c3/stages/prod',
      'apigateway_stage_cache_encrypted not_applicable /restapis/a1b2c3/stages/staging',
    ]);
  });
});
