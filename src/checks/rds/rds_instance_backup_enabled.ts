import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/**
 * Every DB instance that keeps its own automated backups has them on (`BackupRetentionPeriod` > 0).
 * Members of a DB cluster are backed up by the cluster (Aurora cannot turn that off), and a read
 * replica's data is backed up at its source, which is judged itself: both are not applicable.
 */
export const rds_instance_backup_enabled = defineCheck({
  id: 'rds_instance_backup_enabled',
  title: 'RDS DB instances have automated backups',
  demands: 'Every RDS DB instance outside a DB cluster, read replicas aside, keeps automated backups (retention of at least 1 day).',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['rds'],
  permissions: ['rds:DescribeDBInstances'],
  rationale:
    'Art. 32(1)(c) asks for the ability to restore personal data in a timely manner after an incident; without automated backups there is no point-in-time restore.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'rds', resource, (rds) =>
      fromRead(rds.instances, resource, (instances) => {
        if (instances.length === 0) return [notApplicable(resource, `No RDS DB instances in ${s.region} (account ${s.accountId}).`)];
        return instances.map((i) => {
          if (i.clusterId) return notApplicable(i.arn, `RDS DB instance ${i.id} belongs to DB cluster ${i.clusterId}, which holds its backups.`);
          if (i.backupRetentionDays > 0) return pass(i.arn, `RDS DB instance ${i.id} keeps automated backups for ${i.backupRetentionDays} day(s).`);
          if (i.replicaSource) return notApplicable(i.arn, `RDS DB instance ${i.id} is a read replica of ${i.replicaSource}, whose backups hold its data.`);
          return fail(i.arn, `RDS DB instance ${i.id} in ${s.region} has automated backups off (retention 0 days).`);
        });
      }),
    );
  },
});
