import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/**
 * Every DB instance of the region that has its own storage is encrypted. An instance of an Aurora or
 * Multi-AZ DB cluster has no storage of its own: DescribeDBInstances reports the cluster's
 * `StorageEncrypted` on it, so it is judged once, by `rds_cluster_storage_encrypted`, not counted again here.
 */
export const rds_instance_storage_encrypted = defineCheck({
  id: 'rds_instance_storage_encrypted',
  title: 'RDS DB instances are encrypted at rest',
  demands: 'Every RDS DB instance outside a DB cluster has encrypted storage (cluster members are judged by their cluster).',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['rds'],
  permissions: ['rds:DescribeDBInstances'],
  rationale: 'An unencrypted database, its automated backups, read replicas and snapshots can be read by anyone who gets a copy of the storage.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'rds', resource, (rds) =>
      fromRead(rds.instances, resource, (instances) => {
        if (instances.length === 0) return [notApplicable(resource, `No RDS DB instances in ${s.region} (account ${s.accountId}).`)];
        return instances.map((i) => {
          if (i.clusterId)
            return notApplicable(
              i.arn,
              `RDS DB instance ${i.id} belongs to DB cluster ${i.clusterId}, whose storage is judged by rds_cluster_storage_encrypted.`,
            );
          return i.storageEncrypted
            ? pass(i.arn, `RDS DB instance ${i.id} (${i.engine}) has encrypted storage.`)
            : fail(i.arn, `RDS DB instance ${i.id} (${i.engine}) in ${s.region} is not encrypted at rest.`);
        });
      }),
    );
  },
});
