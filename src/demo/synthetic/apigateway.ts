import { APIGatewayClient, GetDomainNamesCommand, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetApisCommand, GetStagesCommand as GetV2StagesCommand } from '@aws-sdk/client-apigatewayv2';
import { page, type SyntheticService } from './service.js';

/**
 * API Gateway (REST): a regional custom domain on TLS_1_2 and a REST API whose two stages write access logs,
 * prod with an encrypted cache (misconfigured: the domain keeps TLS_1_0, the staging stage writes no access
 * logs, and prod's cache is not encrypted); and an HTTP API
 * (v2) whose $default stage writes access logs.
 */
export const apigateway: SyntheticService = ({ mock, count, accountId, misconfigured: bad, pageSize }) => {
  const client = mock(APIGatewayClient);
  client.on(GetDomainNamesCommand).callsFake((input: { position?: string }) => {
    count('apigateway:GET');
    const domains = [
      {
        domainName: 'api.example.com',
        domainNameArn: 'arn:aws:apigateway:eu-west-1::/domainnames/api.example.com',
        regionalDomainName: 'd-abc123.execute-api.eu-west-1.amazonaws.com',
        regionalCertificateArn: `arn:aws:acm:eu-west-1:${accountId}:certificate/api`,
        endpointConfiguration: { types: ['REGIONAL'] },
        domainNameStatus: 'AVAILABLE',
        securityPolicy: bad ? 'TLS_1_0' : 'TLS_1_2',
      },
    ];
    const p = page(domains, input.position, pageSize);
    return { items: p.items, position: p.next };
  });
  client.on(GetRestApisCommand).callsFake((input: { position?: string }) => {
    count('apigateway:GET');
    const p = page([{ id: 'a1b2c3', name: 'orders', endpointConfiguration: { types: ['REGIONAL'] } }], input.position, pageSize);
    return { items: p.items, position: p.next };
  });
  client.on(GetStagesCommand).callsFake(() => {
    count('apigateway:GET');
    const logs = (stage: string) => ({
      destinationArn: `arn:aws:logs:eu-west-1:${accountId}:log-group:api-access-${stage}`,
      format: '$context.requestId $context.identity.sourceIp $context.status',
    });
    return {
      item: [
        // prod caches GET responses (misconfigured: without "Encrypt cache data").
        {
          stageName: 'prod',
          deploymentId: 'dep1',
          accessLogSettings: logs('prod'),
          cacheClusterEnabled: true,
          cacheClusterSize: '0.5',
          cacheClusterStatus: 'AVAILABLE',
          methodSettings: {
            '*/*': {
              cachingEnabled: true,
              cacheDataEncrypted: !bad,
              cacheTtlInSeconds: 300,
              requireAuthorizationForCacheControl: true,
              metricsEnabled: false,
              loggingLevel: 'OFF',
            },
          },
        },
        { stageName: 'staging', deploymentId: 'dep1', ...(bad ? {} : { accessLogSettings: logs('staging') }), methodSettings: {} },
      ],
    };
  });
  const v2 = mock(ApiGatewayV2Client);
  v2.on(GetApisCommand).callsFake((input: { NextToken?: string }) => {
    count('apigateway:GET');
    const p = page(
      [
        {
          ApiId: 'h7t7p9',
          Name: 'checkout',
          ProtocolType: 'HTTP',
          RouteSelectionExpression: '$request.method $request.path',
          ApiEndpoint: 'https://h7t7p9.execute-api.eu-west-1.amazonaws.com',
        },
      ],
      input.NextToken,
      pageSize,
    );
    return { Items: p.items, NextToken: p.next };
  });
  v2.on(GetV2StagesCommand).callsFake(() => {
    count('apigateway:GET');
    return {
      Items: [
        {
          StageName: '$default',
          AutoDeploy: true,
          AccessLogSettings: { DestinationArn: `arn:aws:logs:eu-west-1:${accountId}:log-group:checkout-access`, Format: '$context.requestId' },
        },
      ],
    };
  });
};
