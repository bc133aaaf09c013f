import type { DbInstance, DbSnapshot } from '../../../src/aws/collectors/rds.js';
import type { Read } from '../../../src/aws/collectors/context.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

function value<T>(r: Read<T> | undefined): T {
  if (!r?.ok) throw new Error('fixture');
  return r.value;
}
const rds = (s: Snapshot) => s.data.rds!;
const instance = (id: string, over: Partial<DbInstance>): DbInstance => ({
  id,
  arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:${id}`,
  engine: 'mysql',
  status: 'available',
  storageEncrypted: true,
  backupRetentionDays: 7,
  ...over,
});
const snap = (id: string, over: Partial<DbSnapshot>): DbSnapshot => ({
  kind: 'instance',
  id,
  arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:${id}`,
  encrypted: true,
  status: 'available',
  restore: ok([]),
  ...over,
});
const INSTANCES = 'RDS API, DescribeDBInstances / DBInstance: StorageEncrypted, DBClusterIdentifier ("the name of the DB cluster the DB instance is a member of"), BackupRetentionPeriod ("Amazon Aurora: not applicable, managed by the DB cluster")';
const ATTRS = 'RDS API, DescribeDBSnapshotAttributes / DescribeDBClusterSnapshotAttributes: the restore attribute lists the account ids allowed to restore, "all" when the snapshot is public';

/** RDS: encryption, backups and snapshot sharing that look right and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'rds_instance_storage_encrypted',
    name: 'an Aurora instance showing the StorageEncrypted false of its cluster is judged once, by the cluster: not counted twice as an instance',
    source: INSTANCES,
    mutate: (s) => {
      value(rds(s).instances).push(instance('aurora-2', { engine: 'aurora-mysql', clusterId: 'legacy', storageEncrypted: false }));
    },
    expect: 'not_applicable',
    resource: 'db:aurora-2',
  },
  {
    check: 'rds_cluster_storage_encrypted',
    name: 'every instance of a cluster passes on its own but the cluster volume is unencrypted',
    source: 'RDS API, DescribeDBClusters / DBCluster: StorageEncrypted; Aurora encryption is set on the cluster',
    mutate: (s) => {
      value(rds(s).clusters).push({ id: 'legacy', arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:legacy`, engine: 'aurora-mysql', status: 'available', storageEncrypted: false, backupRetentionDays: 1 });
    },
    expect: 'fail',
    resource: 'cluster:legacy',
  },
  {
    check: 'rds_instance_storage_encrypted',
    name: 'a stopped unencrypted instance still holds its data',
    source: INSTANCES,
    mutate: (s) => {
      value(rds(s).instances).push(instance('paused', { status: 'stopped', storageEncrypted: false }));
    },
    expect: 'fail',
    resource: 'db:paused',
  },
  {
    check: 'rds_instance_backup_enabled',
    name: 'an Aurora member reports retention from its cluster: not judged as an instance',
    source: INSTANCES,
    mutate: (s) => {
      value(rds(s).instances).push(instance('aurora-3', { engine: 'aurora-mysql', clusterId: 'crm', backupRetentionDays: 0 }));
    },
    expect: 'not_applicable',
    resource: 'db:aurora-3',
  },
  {
    check: 'rds_instance_backup_enabled',
    name: 'a standalone instance whose retention is missing from the answer reads as 0: backups off',
    source: INSTANCES,
    mutate: (s) => {
      value(rds(s).instances).push(instance('nobackup', { backupRetentionDays: 0 }));
    },
    expect: 'fail',
    resource: 'db:nobackup',
  },
  {
    check: 'rds_instance_backup_enabled',
    name: 'DescribeDBInstances denied: cannot tell',
    source: INSTANCES,
    mutate: (s) => {
      rds(s).instances = denied('rds:DescribeDBInstances');
    },
    expect: 'error',
  },
  {
    check: 'rds_snapshots_encrypted_and_private',
    name: 'an encrypted snapshot whose restore attribute contains all is public, encrypted or not',
    source: `${ATTRS}; AWS documents that encrypted snapshots cannot be made public, so this is judged on the attribute, not assumed`,
    mutate: (s) => {
      value(rds(s).dbSnapshots).push(snap('shared-out', { restore: ok(['all']) }));
    },
    expect: 'fail',
    resource: 'snapshot:shared-out',
  },
  {
    check: 'rds_snapshots_encrypted_and_private',
    name: 'an unencrypted cluster snapshot shared with one account only is still unencrypted',
    source: 'RDS API, DescribeDBClusterSnapshots / DBClusterSnapshot: StorageEncrypted',
    mutate: (s) => {
      value(rds(s).clusterSnapshots).push(snap('old-crm', { kind: 'cluster', arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster-snapshot:old-crm`, encrypted: false, restore: ok(['210987654321']) }));
    },
    expect: 'fail',
    resource: 'cluster-snapshot:old-crm',
  },
  {
    check: 'rds_snapshots_encrypted_and_private',
    name: 'an encrypted snapshot whose attributes read was denied may be public: error, never pass',
    source: ATTRS,
    mutate: (s) => {
      value(rds(s).dbSnapshots).push(snap('unknown', { restore: denied('rds:DescribeDBSnapshotAttributes') }));
    },
    expect: 'error',
    resource: 'snapshot:unknown',
  },
];
