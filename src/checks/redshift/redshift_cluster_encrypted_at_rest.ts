import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every provisioned Redshift cluster of the region is encrypted at rest (`Encrypted`). */
export const redshift_cluster_encrypted_at_rest = defineCheck({
  id: 'redshift_cluster_encrypted_at_rest',
  title: 'Redshift clusters are encrypted at rest',
  demands: 'Every provisioned Redshift cluster has `Encrypted` true (its data blocks, system metadata and snapshots are encrypted).',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['redshift'],
  permissions: ['redshift:DescribeClusters'],
  rationale: 'A data warehouse gathers personal data from many systems; unencrypted, its storage and snapshots are readable by whoever gets a copy.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'redshift', resource, (rs) =>
      fromRead(rs.clusters, resource, (clusters) => {
        if (clusters.length === 0) return [notApplicable(resource, `No Redshift clusters in ${s.region} (account ${s.accountId}).`)];
        return clusters.map((c) =>
          c.encrypted
            ? pass(c.arn, `Redshift cluster ${c.id} is encrypted at rest.`)
            : fail(c.arn, `Redshift cluster ${c.id} in ${s.region} is not encrypted at rest.`),
        );
      }),
    );
  },
});
