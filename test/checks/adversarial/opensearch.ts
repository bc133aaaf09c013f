import type { OpenSearchDomain } from '../../../src/aws/collectors/opensearch.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied } from '../fixtures.js';

const domains = (s: Snapshot): OpenSearchDomain[] => {
  const r = s.data.opensearch!.domains;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const domain = (name: string, over: Partial<OpenSearchDomain>): OpenSearchDomain => ({
  name,
  arn: `arn:aws:es:eu-west-1:${ACCOUNT}:domain/${name}`,
  engineVersion: 'OpenSearch_2.13',
  deleted: false,
  encryptionAtRest: true,
  nodeToNode: true,
  enforceHttps: true,
  tlsPolicy: 'Policy-Min-TLS-1-2-2019-07',
  auditLogGroup: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/OpenSearchService/domains/${name}/audit-logs`,
  otherLogs: [],
  ...over,
});
const ENDPOINT =
  'OpenSearch Service API, DomainEndpointOptions: EnforceHTTPS, TLSSecurityPolicy Policy-Min-TLS-1-0-2019-07 (TLS 1.0 and later) | Policy-Min-TLS-1-2-2019-07 | Policy-Min-TLS-1-2-PFS-2023-10 | Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08';
const STATUS = 'OpenSearch Service API, DescribeDomains / DomainStatus: EncryptionAtRestOptions.Enabled, NodeToNodeEncryptionOptions.Enabled';

/** OpenSearch: domains that look protected and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'opensearch_service_domains_audit_logging_enabled',
    name: 'slow logs and application logs published, audit logs not: nothing records who read what',
    source:
      'OpenSearch Service API, DomainStatus.LogPublishingOptions: keys INDEX_SLOW_LOGS | SEARCH_SLOW_LOGS | ES_APPLICATION_LOGS | AUDIT_LOGS, each { CloudWatchLogsLogGroupArn, Enabled }',
    mutate: (s) => {
      domains(s).push(domain('busy', { auditLogGroup: undefined, otherLogs: ['ES_APPLICATION_LOGS', 'INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS'] }));
    },
    expect: 'fail',
    resource: 'domain/busy',
  },
  {
    check: 'opensearch_service_domains_https_communications_enforced',
    name: 'HTTPS enforced, but with Policy-Min-TLS-1-0-2019-07, which still accepts TLS 1.0 and 1.1',
    source: ENDPOINT,
    mutate: (s) => {
      domains(s).push(domain('logs', { tlsPolicy: 'Policy-Min-TLS-1-0-2019-07' }));
    },
    expect: 'fail',
    resource: 'domain/logs',
  },
  {
    check: 'opensearch_service_domains_https_communications_enforced',
    name: 'a TLS 1.2 policy set, but EnforceHTTPS false: plain HTTP is still answered',
    source: ENDPOINT,
    mutate: (s) => {
      domains(s).push(domain('legacy', { enforceHttps: false }));
    },
    expect: 'fail',
    resource: 'domain/legacy',
  },
  {
    check: 'opensearch_service_domains_https_communications_enforced',
    name: 'an old Elasticsearch domain whose answer has no TLSSecurityPolicy: not TLS 1.2',
    source: `${ENDPOINT}; the policy defaults to Policy-Min-TLS-1-0-2019-07 for domains that never set one`,
    mutate: (s) => {
      domains(s).push(domain('es6', { engineVersion: 'Elasticsearch_6.8', tlsPolicy: undefined }));
    },
    expect: 'fail',
    resource: 'domain/es6',
  },
  {
    check: 'opensearch_service_domains_https_communications_enforced',
    name: 'the FIPS TLS 1.2 policy is TLS 1.2 too',
    source: ENDPOINT,
    mutate: (s) => {
      domains(s).push(domain('fips', { tlsPolicy: 'Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08' }));
    },
    expect: 'pass',
    resource: 'domain/fips',
  },
  {
    check: 'opensearch_service_domains_encryption_at_rest_enabled',
    name: 'a domain answer without EncryptionAtRestOptions (created before it was available) is not encrypted',
    source: STATUS,
    mutate: (s) => {
      domains(s).push(domain('old', { engineVersion: 'Elasticsearch_5.1', encryptionAtRest: false }));
    },
    expect: 'fail',
    resource: 'domain/old',
  },
  {
    check: 'opensearch_service_domains_encryption_at_rest_enabled',
    name: 'DescribeDomains denied: error, never a pass',
    source: 'OpenSearch Service API, DescribeDomains (es:DescribeDomains)',
    mutate: (s) => {
      s.data.opensearch!.domains = denied('es:DescribeDomains');
    },
    expect: 'error',
  },
  {
    check: 'opensearch_service_domains_node_to_node_encryption_enabled',
    name: 'encrypted at rest and HTTPS-only, but node-to-node encryption off: traffic between nodes is plain',
    source: STATUS,
    mutate: (s) => {
      domains(s).push(domain('internal', { nodeToNode: false }));
    },
    expect: 'fail',
    resource: 'domain/internal',
  },
];
