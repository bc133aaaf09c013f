import type { ProtectedResource } from '../../../src/aws/collectors/backup.js';
import type { DbInstance } from '../../../src/aws/collectors/rds.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT } from '../fixtures.js';

const ORDERS = `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`;
const SOURCE =
  'AWS Backup API, ListProtectedResources / ProtectedResource: ResourceArn, ResourceType, LastBackupTime ("Returns an array of resources successfully backed up by AWS Backup"); a resource stays listed while any of its recovery points is retained';

function read<T>(r: { ok: true; value: T } | { ok: false } | undefined): T {
  if (!r || !r.ok) throw new Error('fixture read is not ok');
  return r.value;
}
const protectedList = (s: Snapshot): ProtectedResource[] => read(s.data.backup!.protectedResources);
const instances = (s: Snapshot): DbInstance[] => read(s.data.rds!.instances);
const drop = (s: Snapshot, arn: string) => {
  const r = s.data.backup!.protectedResources;
  if (r.ok) r.value = r.value.filter((x) => x.arn !== arn);
};

/** rds_instance_in_backup_plan: databases that look backed up and are not, and the reverse. */
export const CASES: AdversarialCase[] = [
  {
    check: 'rds_instance_in_backup_plan',
    name: 'listed as protected, but its newest recovery point is 200 days old: it left the plan, the retained points keep it listed',
    source: SOURCE,
    mutate: (s) => {
      protectedList(s).find((r) => r.arn === ORDERS)!.lastBackup = '2025-11-13T03:00:00.000Z';
    },
    expect: 'fail',
    resource: ORDERS,
  },
  {
    check: 'rds_instance_in_backup_plan',
    name: 'automated backups kept 7 days look like a backup, but AWS Backup protects nothing (RDS deletes them with the instance)',
    source: `${SOURCE}; RDS User Guide, Working with backups: automated backups are deleted with the DB instance unless retained`,
    mutate: (s) => drop(s, ORDERS),
    expect: 'fail',
    resource: ORDERS,
  },
  {
    check: 'rds_instance_in_backup_plan',
    name: 'a DB instance of the same name is protected in another region: not this one',
    source: `${SOURCE}; RDS ARNs name the region`,
    mutate: (s) => {
      protectedList(s).find((r) => r.arn === ORDERS)!.arn = ORDERS.replace('eu-west-1', 'eu-central-1');
    },
    expect: 'fail',
    resource: ORDERS,
  },
  {
    check: 'rds_instance_in_backup_plan',
    name: "the Aurora cluster's instance is not listed itself: AWS Backup protects the cluster (resource type Aurora), not its instances",
    source: `${SOURCE}; AWS Backup Developer Guide, Amazon Aurora: backups are of the cluster`,
    mutate: () => undefined,
    expect: 'not_applicable',
    resource: 'db:crm-1',
  },
  {
    check: 'rds_instance_in_backup_plan',
    name: 'an unprotected read replica is not failed: its source holds the data and is judged',
    source: `${SOURCE}; RDS API, DBInstance.ReadReplicaSourceDBInstanceIdentifier`,
    mutate: (s) => {
      instances(s).push({
        ...structuredClone(instances(s)[0]!),
        id: 'orders-replica',
        arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders-replica`,
        replicaSource: 'orders',
        backupRetentionDays: 0,
      });
    },
    expect: 'not_applicable',
    resource: 'db:orders-replica',
  },
];
