import { DescribeDomainsCommand, ListDomainNamesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** An OpenSearch Service domain (OpenSearch or Elasticsearch engine) as DescribeDomains reports it. */
export interface OpenSearchDomain {
  name: string;
  arn: string;
  /** `EngineVersion` (`OpenSearch_2.13`, `Elasticsearch_7.10`, …). */
  engineVersion: string;
  /** `Deleted`: deletion requested, the domain is going away. */
  deleted: boolean;
  /** `EncryptionAtRestOptions.Enabled` (missing reads as off). */
  encryptionAtRest: boolean;
  /** `NodeToNodeEncryptionOptions.Enabled` (missing reads as off). */
  nodeToNode: boolean;
  /** `DomainEndpointOptions.EnforceHTTPS` (missing reads as off). */
  enforceHttps: boolean;
  /** `DomainEndpointOptions.TLSSecurityPolicy` (`Policy-Min-TLS-1-0-2019-07` lets TLS 1.0 and 1.1 through). */
  tlsPolicy?: string;
  /**
   * `LogPublishingOptions.AUDIT_LOGS`: the CloudWatch Logs group audit logs go to when `Enabled` (audit logs
   * need fine-grained access control); `undefined` when they are not published.
   */
  auditLogGroup?: string;
  /** The other log types published (`INDEX_SLOW_LOGS`, `SEARCH_SLOW_LOGS`, `ES_APPLICATION_LOGS`). */
  otherLogs: string[];
}

export interface OpenSearchData {
  domains: Read<OpenSearchDomain[]>;
}

/** Domain names per DescribeDomains request (its documented maximum). */
const BATCH = 5;

/**
 * OpenSearch Service (regional): every domain ListDomainNames returns (one answer, no pagination) and
 * its configuration, read with DescribeDomains five names at a time.
 */
export const opensearchCollector: Collector<OpenSearchData> = {
  id: 'opensearch',
  scope: 'region',
  async collect(ctx) {
    const client = ctx.clients.get(OpenSearchClient, ctx.region);
    const domains = await ctx.read(async () => {
      const listed = await ctx.must('es:ListDomainNames', () => client.send(new ListDomainNamesCommand({})));
      const names = (listed.DomainNames ?? []).map((d) => d.DomainName ?? '').filter(Boolean);
      const batches: string[][] = [];
      for (let i = 0; i < names.length; i += BATCH) batches.push(names.slice(i, i + BATCH));
      const answers = await Promise.all(
        batches.map((batch) => ctx.must('es:DescribeDomains', () => client.send(new DescribeDomainsCommand({ DomainNames: batch })))),
      );
      return answers.flatMap((a) =>
        (a.DomainStatusList ?? []).map((d): OpenSearchDomain => ({
          name: d.DomainName ?? '',
          arn: d.ARN ?? `arn:aws:es:${ctx.region}:${ctx.accountId}:domain/${d.DomainName ?? ''}`,
          engineVersion: d.EngineVersion ?? '',
          deleted: d.Deleted === true,
          encryptionAtRest: d.EncryptionAtRestOptions?.Enabled === true,
          nodeToNode: d.NodeToNodeEncryptionOptions?.Enabled === true,
          enforceHttps: d.DomainEndpointOptions?.EnforceHTTPS === true,
          tlsPolicy: d.DomainEndpointOptions?.TLSSecurityPolicy || undefined,
          auditLogGroup: d.LogPublishingOptions?.AUDIT_LOGS?.Enabled === true ? d.LogPublishingOptions.AUDIT_LOGS.CloudWatchLogsLogGroupArn || '' : undefined,
          otherLogs: Object.entries(d.LogPublishingOptions ?? {})
            .filter(([type, o]) => type !== 'AUDIT_LOGS' && o?.Enabled === true)
            .map(([type]) => type)
            .sort(),
        })),
      );
    });
    return { domains };
  },
};
