import { APIGatewayClient, GetDomainNamesCommand, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { page, type SyntheticService } from './service.js';

/**
 * API Gateway (REST): a regional custom domain on TLS_1_2 and a REST API whose two stages write access logs
 * (misconfigured: the domain keeps TLS_1_0, and the staging stage writes no access logs).
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
    const logs = (stage: string) => ({ destinationArn: `arn:aws:logs:eu-west-1:${accountId}:log-group:api-access-${stage}`, format: '$context.requestId $context.identity.sourceIp $context.status' });
    return {
      item: [
        { stageName: 'prod', deploymentId: 'dep1', accessLogSettings: logs('prod'), methodSettings: {} },
        { stageName: 'staging', deploymentId: 'dep1', ...(bad ? {} : { accessLogSettings: logs('staging') }), methodSettings: {} },
      ],
    };
  });
};
