import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/**
 * Every DB cluster of the region (Aurora, Multi-AZ DB cluster, and the Neptune and DocumentDB clusters
 * DescribeDBClusters also lists) has encrypted storage: the storage its instances share.
 */
export const rds_cluster_storage_encrypted = defineCheck({
  id: 'rds_cluster_storage_encrypted',
  title: 'RDS DB clusters are encrypted at rest',
  demands: 'Every DB cluster (Aurora, Multi-AZ, Neptune, DocumentDB) has encrypted storage; this decides for its instances too.',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['rds'],
  permissions: ['rds:DescribeDBClusters'],
  rationale: 'A cluster volume holds the data of every instance of the cluster; unencrypted, it and its snapshots can be read by whoever gets a copy.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'rds', resource, (rds) =>
      fromRead(rds.clusters, resource, (clusters) => {
        if (clusters.length === 0) return [notApplicable(resource, `No DB clusters in ${s.region} (account ${s.accountId}).`)];
        return clusters.map((c) =>
          c.storageEncrypted
            ? pass(c.arn, `DB cluster ${c.id} (${c.engine}) has encrypted storage.`)
            : fail(c.arn, `DB cluster ${c.id} (${c.engine}) in ${s.region} is not encrypted at rest.`),
        );
      }),
    );
  },
});
