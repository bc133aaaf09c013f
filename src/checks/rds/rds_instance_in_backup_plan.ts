import { daysSince, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/**
 * The oldest a DB's newest AWS Backup recovery point may be: a resource stays in ListProtectedResources
 * for as long as any of its recovery points is kept, also after it left every backup plan. 35 days
 * allows a monthly plan (AWS Backup's longest preset frequency) and a missed window.
 */
export const BACKUP_PLAN_MAX_AGE_DAYS = 35;

/**
 * Every RDS DB instance outside a DB cluster, and every DB cluster (Aurora, Multi-AZ), is protected by
 * AWS Backup: ListProtectedResources lists its ARN with a backup at most {@link BACKUP_PLAN_MAX_AGE_DAYS}
 * days old. Members of a DB cluster are backed up with their cluster; a read replica that is not
 * protected itself is not applicable (its source holds the data). RDS automated backups alone do not
 * count (`rds_instance_backup_enabled` judges them): they are deleted with the instance unless retained.
 */
export const rds_instance_in_backup_plan = defineCheck({
  id: 'rds_instance_in_backup_plan',
  title: 'RDS databases are protected by AWS Backup',
  demands: `Every RDS DB instance outside a DB cluster and every DB cluster has an AWS Backup recovery point (ListProtectedResources) at most ${BACKUP_PLAN_MAX_AGE_DAYS} days old.`,
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['rds', 'backup'],
  permissions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters', 'backup:ListProtectedResources'],
  rationale:
    'Art. 32(1)(c) asks for the ability to restore personal data after an incident; a backup plan keeps recovery points on a schedule, apart from the database (and after it is deleted), where automated backups alone do not.',
  evaluate(s) {
    const resource = regionResource(s);
    const where = `in ${s.region} (account ${s.accountId})`;
    return withData(s, 'rds', resource, (rds) =>
      withData(s, 'backup', resource, (backup) =>
        fromRead(backup.protectedResources, resource, (protectedList) => {
          const byArn = new Map(protectedList.map((r) => [r.arn, r]));
          /** `replicaOf`: the source of a read replica, which is not applicable when it is not protected itself. */
          const judge = (arn: string, what: string, replicaOf?: string): Finding => {
            const found = byArn.get(arn);
            if (!found && replicaOf) return notApplicable(arn, `${what} is a read replica of ${replicaOf}, whose backups hold its data.`);
            if (!found)
              return fail(arn, `${what} ${where} is not protected by AWS Backup (no recovery point in ListProtectedResources): assign it to a backup plan.`);
            const age = daysSince(s, found.lastBackup);
            if (age === undefined)
              return {
                status: CheckStatus.Error,
                resource: arn,
                message: `Could not check ${arn}: backup:ListProtectedResources gave no LastBackupTime for ${what}.`,
              };
            if (age > BACKUP_PLAN_MAX_AGE_DAYS) {
              return fail(
                arn,
                `${what} ${where} was last backed up by AWS Backup ${age} days ago (${found.lastBackup}): it has left its backup plan, or the plan's backup jobs fail.`,
              );
            }
            return pass(arn, `${what} is protected by AWS Backup; its newest recovery point is ${age} day(s) old.`);
          };
          const instances = fromRead(rds.instances, resource, (list) =>
            list.map((i) =>
              i.clusterId
                ? notApplicable(i.arn, `RDS DB instance ${i.id} belongs to DB cluster ${i.clusterId}, which AWS Backup protects as a whole.`)
                : judge(i.arn, `RDS DB instance ${i.id}`, i.replicaSource),
            ),
          );
          const clusters = fromRead(rds.clusters, resource, (list) => list.map((c) => judge(c.arn, `DB cluster ${c.id} (${c.engine})`)));
          const all = [...instances, ...clusters];
          return all.length > 0 ? all : [notApplicable(resource, `No RDS DB instances or DB clusters ${where}.`)];
        }),
      ),
    );
  },
});
