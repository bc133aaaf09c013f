import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every OpenSearch Service domain encrypts the traffic between its nodes (`NodeToNodeEncryptionOptions.Enabled`). */
export const opensearch_service_domains_node_to_node_encryption_enabled = defineCheck({
  id: 'opensearch_service_domains_node_to_node_encryption_enabled',
  title: 'OpenSearch domains encrypt node-to-node traffic',
  demands: 'Every OpenSearch Service domain has node-to-node encryption enabled (TLS between the nodes of the cluster).',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['opensearch'],
  permissions: ['es:ListDomainNames', 'es:DescribeDomains'],
  rationale: 'Without it, documents and queries travel in plain text between the nodes inside the VPC, readable to anyone who can capture that traffic.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'opensearch', resource, (os) =>
      fromRead(os.domains, resource, (domains) => {
        if (domains.length === 0) return [notApplicable(resource, `No OpenSearch Service domains in ${s.region} (account ${s.accountId}).`)];
        return domains.map((d) =>
          d.nodeToNode
            ? pass(d.arn, `OpenSearch domain ${d.name} encrypts node-to-node traffic.`)
            : fail(d.arn, `OpenSearch domain ${d.name} (${d.engineVersion}) in ${s.region} does not encrypt node-to-node traffic.`),
        );
      }),
    );
  },
});
