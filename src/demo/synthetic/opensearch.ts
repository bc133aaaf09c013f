import { DescribeDomainsCommand, ListDomainNamesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import type { SyntheticService } from './service.js';

/**
 * OpenSearch Service: one domain per region, encrypted at rest and node to node, HTTPS-only with a TLS 1.2
 * policy and audit logs published (misconfigured: its TLS policy still allows TLS 1.0, node-to-node encryption is off and only application logs are published).
 */
export const opensearch: SyntheticService = ({ mock, count, accountId, misconfigured: bad }) => {
  const client = mock(OpenSearchClient);
  client.on(ListDomainNamesCommand).callsFake(() => (count('es:ListDomainNames'), { DomainNames: [{ DomainName: 'search', EngineType: 'OpenSearch' }] }));
  client.on(DescribeDomainsCommand).callsFake(async (input: { DomainNames?: string[] }, call: { region: () => Promise<string> }) => {
    count('es:DescribeDomains');
    const region = await call.region();
    return {
      DomainStatusList: (input.DomainNames ?? [])
        .filter((n) => n === 'search')
        .map((name) => ({
          DomainId: `${accountId}/${name}`,
          DomainName: name,
          ARN: `arn:aws:es:${region}:${accountId}:domain/${name}`,
          EngineVersion: 'OpenSearch_2.13',
          Created: true,
          Deleted: false,
          Processing: false,
          EncryptionAtRestOptions: { Enabled: true, KmsKeyId: `arn:aws:kms:${region}:${accountId}:key/search` },
          NodeToNodeEncryptionOptions: { Enabled: !bad },
          LogPublishingOptions: {
            ES_APPLICATION_LOGS: {
              Enabled: true,
              CloudWatchLogsLogGroupArn: `arn:aws:logs:${region}:${accountId}:log-group:/aws/OpenSearchService/domains/${name}/application-logs`,
            },
            ...(bad
              ? {}
              : {
                  AUDIT_LOGS: {
                    Enabled: true,
                    CloudWatchLogsLogGroupArn: `arn:aws:logs:${region}:${accountId}:log-group:/aws/OpenSearchService/domains/${name}/audit-logs`,
                  },
                }),
          },
          AdvancedSecurityOptions: { Enabled: true, InternalUserDatabaseEnabled: false },
          DomainEndpointOptions: {
            EnforceHTTPS: true,
            TLSSecurityPolicy: bad ? 'Policy-Min-TLS-1-0-2019-07' : 'Policy-Min-TLS-1-2-PFS-2023-10',
            CustomEndpointEnabled: false,
          },
        })),
    };
  });
};
