import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every OpenSearch Service domain of the region encrypts its data at rest (`EncryptionAtRestOptions.Enabled`). */
export const opensearch_service_domains_encryption_at_rest_enabled = defineCheck({
  id: 'opensearch_service_domains_encryption_at_rest_enabled',
  title: 'OpenSearch domains are encrypted at rest',
  demands: 'Every OpenSearch Service domain has encryption at rest enabled (indices, logs, swap files and automated snapshots).',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['opensearch'],
  permissions: ['es:ListDomainNames', 'es:DescribeDomains'],
  rationale:
    'Search indices often copy personal data from the systems they index; unencrypted, their storage and snapshots are readable by whoever gets a copy.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'opensearch', resource, (os) =>
      fromRead(os.domains, resource, (domains) => {
        if (domains.length === 0) return [notApplicable(resource, `No OpenSearch Service domains in ${s.region} (account ${s.accountId}).`)];
        return domains.map((d) =>
          d.encryptionAtRest
            ? pass(d.arn, `OpenSearch domain ${d.name} is encrypted at rest.`)
            : fail(d.arn, `OpenSearch domain ${d.name} (${d.engineVersion}) in ${s.region} is not encrypted at rest${d.deleted ? ' (being deleted)' : ''}.`),
        );
      }),
    );
  },
});
