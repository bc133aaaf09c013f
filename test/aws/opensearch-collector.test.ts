import { DescribeDomainsCommand, ListDomainNamesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { opensearchCollector } from '../../src/aws/collectors/opensearch.js';
import { opensearch_service_domains_audit_logging_enabled } from '../../src/checks/opensearch/opensearch_service_domains_audit_logging_enabled.js';
import { opensearch_service_domains_encryption_at_rest_enabled } from '../../src/checks/opensearch/opensearch_service_domains_encryption_at_rest_enabled.js';
import { opensearch_service_domains_https_communications_enforced } from '../../src/checks/opensearch/opensearch_service_domains_https_communications_enforced.js';
import { opensearch_service_domains_node_to_node_encryption_enabled } from '../../src/checks/opensearch/opensearch_service_domains_node_to_node_encryption_enabled.js';
import type { Check } from '../../src/checks/types.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { awsError } from '../helpers/synthetic-aws.js';
import { collectIn, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';

const os = mockClient(OpenSearchClient);
afterEach(() => os.reset());

function verdicts(check: Check, data: Awaited<ReturnType<typeof opensearchCollector.collect>>): Record<string, string> {
  const s = compliantSnapshot();
  s.data.opensearch = data;
  return Object.fromEntries(check.evaluate(s).map((f) => [f.resource.split('/').pop()!, f.status]));
}

describe('the OpenSearch collector', () => {
  it('lists every domain and describes them five names per DescribeDomains request, mapping the encryption and endpoint fields', async () => {
    const names = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'];
    os.on(ListDomainNamesCommand).resolves({ DomainNames: names.map((DomainName) => ({ DomainName, EngineType: 'OpenSearch' })) });
    const batches: string[][] = [];
    os.on(DescribeDomainsCommand).callsFake(async (input: { DomainNames: string[] }, getClient) => {
      const region = await regionOf(getClient);
      batches.push(input.DomainNames);
      return {
        DomainStatusList: input.DomainNames.map((name) => ({
          DomainId: `${TEST_ACCOUNT}/${name}`,
          DomainName: name,
          ARN: `arn:aws:es:${region}:${TEST_ACCOUNT}:domain/${name}`,
          EngineVersion: name === 'd7' ? 'Elasticsearch_6.8' : 'OpenSearch_2.13',
          ...(name === 'd7' ? {} : { EncryptionAtRestOptions: { Enabled: name !== 'd2' } }),
          NodeToNodeEncryptionOptions: { Enabled: name !== 'd3' },
          LogPublishingOptions: {
            SEARCH_SLOW_LOGS: { Enabled: true, CloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-central-1:123456789012:log-group:slow' },
            ...(name === 'd1' ? { AUDIT_LOGS: { Enabled: true, CloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-central-1:123456789012:log-group:audit' } } : {}),
            ...(name === 'd2' ? { AUDIT_LOGS: { Enabled: false, CloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-central-1:123456789012:log-group:audit' } } : {}),
          },
          DomainEndpointOptions:
            name === 'd7'
              ? { EnforceHTTPS: false }
              : { EnforceHTTPS: name !== 'd4', TLSSecurityPolicy: name === 'd5' ? 'Policy-Min-TLS-1-0-2019-07' : 'Policy-Min-TLS-1-2-2019-07' },
        })),
      };
    });
    const { data } = await collectIn(opensearchCollector, 'eu-central-1');
    expect(batches.map((b) => b.length).sort()).toEqual([2, 5]);
    expect(batches.flat().sort()).toEqual(names);
    expect(data.domains.ok && data.domains.value.every((d) => d.arn.startsWith('arn:aws:es:eu-central-1:'))).toBe(true);
    expect(verdicts(opensearch_service_domains_encryption_at_rest_enabled, data)).toEqual({
      d1: 'pass',
      d2: 'fail',
      d3: 'pass',
      d4: 'pass',
      d5: 'pass',
      d6: 'pass',
      d7: 'fail',
    });
    expect(verdicts(opensearch_service_domains_node_to_node_encryption_enabled, data)).toEqual({
      d1: 'pass',
      d2: 'pass',
      d3: 'fail',
      d4: 'pass',
      d5: 'pass',
      d6: 'pass',
      d7: 'pass',
    });
    expect(verdicts(opensearch_service_domains_https_communications_enforced, data)).toEqual({
      d1: 'pass',
      d2: 'pass',
      d3: 'pass',
      d4: 'fail',
      d5: 'fail',
      d6: 'pass',
      d7: 'fail',
    });
    // Only d1 publishes AUDIT_LOGS; d2's entry is there but disabled.
    expect(verdicts(opensearch_service_domains_audit_logging_enabled, data)).toEqual({
      d1: 'pass',
      d2: 'fail',
      d3: 'fail',
      d4: 'fail',
      d5: 'fail',
      d6: 'fail',
      d7: 'fail',
    });
    expect(data.domains.ok && data.domains.value[0]!.otherLogs).toEqual(['SEARCH_SLOW_LOGS']);
  });

  it('no domains: not applicable, and DescribeDomains is not called', async () => {
    os.on(ListDomainNamesCommand).resolves({ DomainNames: [] });
    const { data } = await collectIn(opensearchCollector, 'eu-west-1');
    expect(os.commandCalls(DescribeDomainsCommand)).toHaveLength(0);
    expect(opensearch_service_domains_encryption_at_rest_enabled.evaluate({ ...compliantSnapshot(), data: { opensearch: data } }).map((f) => f.status)).toEqual(
      ['not_applicable'],
    );
  });

  it('a denied DescribeDomains is an error naming the call, never a pass', async () => {
    os.on(ListDomainNamesCommand).resolves({ DomainNames: [{ DomainName: 'd1' }] });
    os.on(DescribeDomainsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform es:DescribeDomains'));
    const { data } = await collectIn(opensearchCollector, 'eu-west-1');
    const s = compliantSnapshot();
    s.data.opensearch = data;
    expect(opensearch_service_domains_https_communications_enforced.evaluate(s)).toEqual([
      expect.objectContaining({ status: 'error', message: expect.stringContaining('AccessDeniedException on es:DescribeDomains') }),
    ]);
  });
});
