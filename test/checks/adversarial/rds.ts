import type { DbCluster, DbInstance, DbSnapshot, TlsParameters } from '../../../src/aws/collectors/rds.js';
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
  engineVersion: '8.0.39',
  status: 'available',
  storageEncrypted: true,
  backupRetentionDays: 7,
  parameterGroups: [{ name: 'default.mysql8.0', status: 'in-sync' }],
  logExports: ['error'],
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
const cluster = (id: string, over: Partial<DbCluster>): DbCluster => ({
  id,
  arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:${id}`,
  engine: 'aurora-mysql',
  engineVersion: '8.0.mysql_aurora.3.05.2',
  status: 'available',
  storageEncrypted: true,
  backupRetentionDays: 7,
  parameterGroup: `${id}-params`,
  ...over,
});
/** A standalone instance and its own parameter group holding `tls`. */
function withGroup(s: Snapshot, i: DbInstance, tls: Read<TlsParameters>): void {
  value(rds(s).instances).push(i);
  rds(s).parameterGroups[i.parameterGroups[0]!.name] = tls;
}
const FORCE_SSL =
  'RDS User Guide, "Requiring an SSL/TLS connection to a PostgreSQL DB instance": rds.force_ssl defaults to 1 for RDS for PostgreSQL 15 and later, 0 for 14 and earlier; DescribeDBParameters lists ParameterValue only where the group sets a value';
const SECURE_TRANSPORT =
  'RDS User Guide, "Requiring SSL/TLS for all connections to a MySQL DB instance": require_secure_transport (0/1 or OFF/ON), OFF by default in the default MySQL 5.7/8.0 parameter groups';
const INSTANCES =
  'RDS API, DescribeDBInstances / DBInstance: StorageEncrypted, DBClusterIdentifier ("the name of the DB cluster the DB instance is a member of"), BackupRetentionPeriod ("Amazon Aurora: not applicable, managed by the DB cluster")';
const ATTRS =
  'RDS API, DescribeDBSnapshotAttributes / DescribeDBClusterSnapshotAttributes: the restore attribute lists the account ids allowed to restore, "all" when the snapshot is public';

/** RDS: encryption, backups and snapshot sharing that look right and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'rds_instance_transport_encrypted',
    name: 'a MySQL 8.0 instance on the default parameter group: require_secure_transport listed with no value, engine default OFF',
    source: SECURE_TRANSPORT,
    mutate: (s) => {
      withGroup(s, instance('shop', {}), ok({ require_secure_transport: { source: 'engine-default', applyType: 'dynamic' } }));
    },
    expect: 'fail',
    resource: 'db:shop',
  },
  {
    check: 'rds_instance_transport_encrypted',
    name: 'a PostgreSQL 16 instance on default.postgres16 leaves rds.force_ssl unset: the 15+ default (1) requires TLS',
    source: FORCE_SSL,
    mutate: (s) => {
      withGroup(
        s,
        instance('billing', { engine: 'postgres', engineVersion: '16.3', parameterGroups: [{ name: 'default.postgres16', status: 'in-sync' }] }),
        ok({ 'rds.force_ssl': { source: 'system', applyType: 'dynamic' } }),
      );
    },
    expect: 'pass',
    resource: 'db:billing',
  },
  {
    check: 'rds_instance_transport_encrypted',
    name: 'the same unset rds.force_ssl on PostgreSQL 14 means 0: plain connections accepted',
    source: FORCE_SSL,
    mutate: (s) => {
      withGroup(
        s,
        instance('legacy-pg', { engine: 'postgres', engineVersion: '14.10', parameterGroups: [{ name: 'default.postgres14', status: 'in-sync' }] }),
        ok({ 'rds.force_ssl': { source: 'engine-default', applyType: 'dynamic' } }),
      );
    },
    expect: 'fail',
    resource: 'db:legacy-pg',
  },
  {
    check: 'rds_instance_transport_encrypted',
    name: 'SQL Server: rds.force_ssl set to 1 in the group, but it is static and the instance is pending-reboot: not in effect',
    source:
      'RDS User Guide, "Forcing connections to your DB instance to use SSL" (SQL Server): rds.force_ssl is static, the instance must be rebooted; DBParameterGroupStatus.ParameterApplyStatus pending-reboot',
    mutate: (s) => {
      withGroup(
        s,
        instance('erp', { engine: 'sqlserver-se', engineVersion: '15.00.4365.2.v1', parameterGroups: [{ name: 'erp-sqlserver', status: 'pending-reboot' }] }),
        ok({ 'rds.force_ssl': { value: '1', source: 'user', applyType: 'static' } }),
      );
    },
    expect: 'fail',
    resource: 'db:erp',
  },
  {
    check: 'rds_instance_transport_encrypted',
    name: 'MariaDB with require_secure_transport ON (the spelling the group may hold) requires TLS',
    source: SECURE_TRANSPORT,
    mutate: (s) => {
      withGroup(
        s,
        instance('wiki', { engine: 'mariadb', engineVersion: '10.11.8', parameterGroups: [{ name: 'wiki-mariadb', status: 'in-sync' }] }),
        ok({ require_secure_transport: { value: 'ON', source: 'user', applyType: 'dynamic' } }),
      );
    },
    expect: 'pass',
    resource: 'db:wiki',
  },
  {
    check: 'rds_instance_transport_encrypted',
    name: 'the parameter group of one instance could not be read: error for that instance, never a pass',
    source: 'RDS API, DescribeDBParameters (rds:DescribeDBParameters)',
    mutate: (s) => {
      withGroup(s, instance('hidden', { parameterGroups: [{ name: 'hidden-params', status: 'in-sync' }] }), denied('rds:DescribeDBParameters'));
    },
    expect: 'error',
    resource: 'db:hidden',
  },
  {
    check: 'rds_instance_transport_encrypted',
    name: 'an Oracle instance has no TLS parameter (the SSL option of its option group decides): needs a manual answer, not a pass',
    source: 'RDS User Guide, "Oracle Secure Sockets Layer": SSL is turned on by adding the SSL option to an option group',
    mutate: (s) => {
      value(rds(s).instances).push(
        instance('ledger', {
          engine: 'oracle-ee',
          engineVersion: '19.0.0.0.ru-2024-04.rur-2024-04.r1',
          parameterGroups: [{ name: 'default.oracle-ee-19', status: 'in-sync' }],
        }),
      );
    },
    expect: 'not_applicable',
    resource: 'db:ledger',
  },
  {
    check: 'rds_cluster_transport_encrypted',
    name: 'an Aurora MySQL cluster on default.aurora-mysql8.0: require_secure_transport OFF',
    source:
      'Aurora User Guide, "Requiring TLS connections to an Aurora MySQL DB cluster": require_secure_transport in the DB cluster parameter group, OFF by default',
    mutate: (s) => {
      value(rds(s).clusters).push(cluster('shop-aurora', { parameterGroup: 'default.aurora-mysql8.0' }));
      rds(s).clusterParameterGroups['default.aurora-mysql8.0'] = ok({
        require_secure_transport: { value: 'OFF', source: 'engine-default', applyType: 'dynamic' },
      });
    },
    expect: 'fail',
    resource: 'cluster:shop-aurora',
  },
  {
    check: 'rds_cluster_transport_encrypted',
    name: 'Aurora PostgreSQL 16 does not share RDS for PostgreSQL 15+’s default: an unset rds.force_ssl is 0',
    source: 'Aurora User Guide, "Securing Aurora PostgreSQL data with SSL/TLS": by default the rds.force_ssl parameter is set to 0 (off)',
    mutate: (s) => {
      value(rds(s).clusters).push(cluster('analytics', { engine: 'aurora-postgresql', engineVersion: '16.4', parameterGroup: 'default.aurora-postgresql16' }));
      rds(s).clusterParameterGroups['default.aurora-postgresql16'] = ok({ 'rds.force_ssl': { source: 'engine-default', applyType: 'dynamic' } });
    },
    expect: 'fail',
    resource: 'cluster:analytics',
  },
  {
    check: 'rds_cluster_transport_encrypted',
    name: 'the cluster parameter group read was denied: error, never a pass',
    source: 'RDS API, DescribeDBClusterParameters (rds:DescribeDBClusterParameters)',
    mutate: (s) => {
      value(rds(s).clusters).push(cluster('secret', {}));
      rds(s).clusterParameterGroups['secret-params'] = denied('rds:DescribeDBClusterParameters');
    },
    expect: 'error',
    resource: 'cluster:secret',
  },
  {
    check: 'rds_instance_integration_cloudwatch_logs',
    name: 'a PostgreSQL instance exports only its upgrade log: the database log itself stays on the instance',
    source:
      'RDS API, DBInstance.EnabledCloudwatchLogsExports; RDS User Guide, "Publishing PostgreSQL logs to Amazon CloudWatch Logs": log types postgresql and upgrade',
    mutate: (s) => {
      value(rds(s).instances).push(instance('reports', { engine: 'postgres', engineVersion: '16.3', logExports: ['upgrade'] }));
    },
    expect: 'fail',
    resource: 'db:reports',
  },
  {
    check: 'rds_instance_integration_cloudwatch_logs',
    name: 'an instance without EnabledCloudwatchLogsExports in the answer exports nothing',
    source: 'RDS API, DBInstance.EnabledCloudwatchLogsExports is omitted when no log type is exported',
    mutate: (s) => {
      value(rds(s).instances).push(instance('quiet', { logExports: [] }));
    },
    expect: 'fail',
    resource: 'db:quiet',
  },
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
      value(rds(s).clusters).push({
        id: 'legacy',
        arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:legacy`,
        engine: 'aurora-mysql',
        engineVersion: '8.0.mysql_aurora.3.05.2',
        status: 'available',
        storageEncrypted: false,
        backupRetentionDays: 1,
      });
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
      value(rds(s).clusterSnapshots).push(
        snap('old-crm', { kind: 'cluster', arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster-snapshot:old-crm`, encrypted: false, restore: ok(['210987654321']) }),
      );
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
  {
    check: 'rds_instance_region_allowed',
    name: 'an Aurora Serverless cluster with no instances still holds data outside the allowed regions: fail',
    source: 'RDS API, DescribeDBClusters: a cluster is listed even with no DB instances (DBClusterMembers empty)',
    mutate: (s) => {
      s.settings = { ...s.settings, allowedRegions: ['eu-central-1'] };
      s.data.rds!.instances = ok([]);
    },
    expect: 'fail',
    resource: 'cluster:crm',
  },
  {
    check: 'rds_instance_region_allowed',
    name: 'no scan.allowedRegions: error asking for it, never a pass',
    source: 'gdpr-bot configuration: scan.allowedRegions',
    mutate: (s) => {
      s.settings = { ...s.settings, allowedRegions: undefined };
    },
    expect: 'error',
  },
];
