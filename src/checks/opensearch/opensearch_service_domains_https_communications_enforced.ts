import type { OpenSearchDomain } from '../../aws/collectors/opensearch.js';
import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** The TLS security policies whose minimum is TLS 1.2 (`Policy-Min-TLS-1-0-2019-07` accepts TLS 1.0 and 1.1). */
function tls12(policy: string | undefined): boolean {
  return policy !== undefined && policy.startsWith('Policy-Min-TLS-1-2-');
}

function judge(d: OpenSearchDomain, region: string): Finding {
  const problems = [
    ...(d.enforceHttps ? [] : ['does not enforce HTTPS (plain HTTP requests are answered)']),
    ...(tls12(d.tlsPolicy)
      ? []
      : [`allows TLS below 1.2 (TLS security policy ${d.tlsPolicy ?? 'not reported, which AWS treats as Policy-Min-TLS-1-0-2019-07'})`]),
  ];
  if (problems.length > 0) return fail(d.arn, `OpenSearch domain ${d.name} in ${region} ${problems.join(' and ')}.`);
  return pass(d.arn, `OpenSearch domain ${d.name} enforces HTTPS with TLS 1.2 or later (${d.tlsPolicy}).`);
}

/**
 * Every OpenSearch Service domain answers only HTTPS (`DomainEndpointOptions.EnforceHTTPS`) with a TLS
 * security policy whose minimum is TLS 1.2.
 */
export const opensearch_service_domains_https_communications_enforced = defineCheck({
  id: 'opensearch_service_domains_https_communications_enforced',
  title: 'OpenSearch domains require HTTPS with TLS 1.2',
  demands: 'Every OpenSearch Service domain enforces HTTPS and uses a `Policy-Min-TLS-1-2-*` TLS security policy.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['opensearch'],
  permissions: ['es:ListDomainNames', 'es:DescribeDomains'],
  rationale: 'Over plain HTTP, or TLS 1.0 and 1.1 with their known weaknesses, the documents and queries sent to the domain can be read on the way.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'opensearch', resource, (os) =>
      fromRead(os.domains, resource, (domains) => {
        if (domains.length === 0) return [notApplicable(resource, `No OpenSearch Service domains in ${s.region} (account ${s.accountId}).`)];
        return domains.map((d) => judge(d, s.region));
      }),
    );
  },
});
