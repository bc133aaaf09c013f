import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  paginateDescribeDBClusterParameters,
  paginateDescribeDBClusters,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBInstances,
  paginateDescribeDBParameters,
  paginateDescribeDBSnapshots,
  type Parameter,
  RDSClient,
} from '@aws-sdk/client-rds';
import type { CollectContext, Read } from './context.js';
import { TLS_PARAMETERS, tlsParameterOf, type TlsParameterName } from '../facts.js';
import type { Collector } from './types.js';

/** A DB instance as DescribeDBInstances reports it. */
export interface DbInstance {
  id: string;
  arn: string;
  engine: string;
  /** `DBInstanceStatus` (`available`, `creating`, `stopped`, `deleting`, …). */
  status: string;
  /**
   * `DBClusterIdentifier`: set on the instances of an Aurora cluster or a Multi-AZ DB cluster, whose storage
   * and automated backups are the cluster's (their `StorageEncrypted` and `BackupRetentionPeriod` mirror it).
   */
  clusterId?: string;
  /** `StorageEncrypted` (missing reads as not encrypted). */
  storageEncrypted: boolean;
  /** `BackupRetentionPeriod` in days (0: automated backups off; missing reads as 0). */
  backupRetentionDays: number;
  /** `ReadReplicaSourceDBInstanceIdentifier`: the source of a read replica. */
  replicaSource?: string;
  /** `EngineVersion` (`15.4`, `8.0.35`, …); missing reads as empty. */
  engineVersion: string;
  /**
   * `DBParameterGroups`: the DB parameter group(s) attached and `ParameterApplyStatus` (`in-sync`,
   * `applying`, `pending-reboot`: a static parameter changed in the group is not in effect until a reboot).
   */
  parameterGroups: { name: string; status: string }[];
  /** `EnabledCloudwatchLogsExports`: the log types the instance publishes to CloudWatch Logs (`error`, `postgresql`, …). */
  logExports: string[];
}

/** A DB cluster (Aurora, Multi-AZ, and the Neptune and DocumentDB clusters the same API lists). */
export interface DbCluster {
  id: string;
  arn: string;
  engine: string;
  status: string;
  storageEncrypted: boolean;
  backupRetentionDays: number;
  /** `EngineVersion`; missing reads as empty. */
  engineVersion: string;
  /** `DBClusterParameterGroup`: the name of the attached DB cluster parameter group. */
  parameterGroup?: string;
}

/** A manual DB or DB cluster snapshot, and who may restore it. */
export interface DbSnapshot {
  kind: 'instance' | 'cluster';
  id: string;
  arn: string;
  /** `Encrypted` (DB snapshots) or `StorageEncrypted` (cluster snapshots); missing reads as not encrypted. */
  encrypted: boolean;
  status: string;
  /**
   * The `restore` attribute's values from DescribeDB(Cluster)SnapshotAttributes: account ids it is
   * shared with, or `all` when it is public.
   */
  restore: Read<string[]>;
}

/** One parameter of a group as DescribeDBParameters / DescribeDBClusterParameters lists it. */
export interface GroupParameter {
  /** `ParameterValue`; absent when the group sets no value (the engine's own default applies). */
  value?: string;
  /** `Source`: `user` (set by the customer), `engine-default` or `system`. */
  source?: string;
  /** `ApplyType`: `static` (applied at the next reboot) or `dynamic`. */
  applyType?: string;
}

/**
 * A parameter group's TLS parameters, by name; a name that is missing was not listed at all (the
 * engine version has no such parameter).
 */
export type TlsParameters = Partial<Record<TlsParameterName, GroupParameter>>;

export interface RdsData {
  instances: Read<DbInstance[]>;
  clusters: Read<DbCluster[]>;
  /**
   * The TLS parameters of every DB parameter group attached to a DB instance outside a cluster whose
   * engine has one, by group name (each group read once, every page).
   */
  parameterGroups: Record<string, Read<TlsParameters>>;
  /** The same for the DB cluster parameter groups of the DB clusters, by group name. */
  clusterParameterGroups: Record<string, Read<TlsParameters>>;
  /** Manual DB snapshots (`SnapshotType: manual`; automated ones cannot be shared). */
  dbSnapshots: Read<DbSnapshot[]>;
  /** Manual DB cluster snapshots. */
  clusterSnapshots: Read<DbSnapshot[]>;
}

/** Records per page (DescribeDB* `MaxRecords`: 20 to 100). */
const PAGE = 100;

/** The `restore` attribute of a snapshot attributes answer. */
function restoreOf(attributes: { AttributeName?: string; AttributeValues?: string[] }[] | undefined): string[] {
  return attributes?.find((a) => a.AttributeName === 'restore')?.AttributeValues ?? [];
}

async function readSnapshots(ctx: CollectContext, rds: RDSClient): Promise<Pick<RdsData, 'dbSnapshots' | 'clusterSnapshots'>> {
  const [dbSnapshots, clusterSnapshots] = await Promise.all([
    ctx.read(async () => {
      const listed = await ctx.pages('rds:DescribeDBSnapshots', paginateDescribeDBSnapshots({ client: rds, pageSize: PAGE }, { SnapshotType: 'manual' }), (p) =>
        p.DBSnapshots?.map((n) => ({
          id: n.DBSnapshotIdentifier ?? '',
          arn: n.DBSnapshotArn ?? '',
          encrypted: n.Encrypted === true,
          status: n.Status ?? 'unknown',
        })),
      );
      return Promise.all(
        listed.map(async (n): Promise<DbSnapshot> => ({
          kind: 'instance',
          ...n,
          restore: await ctx.read(async () =>
            restoreOf(
              (await ctx.must('rds:DescribeDBSnapshotAttributes', () => rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: n.id }))))
                ?.DBSnapshotAttributesResult?.DBSnapshotAttributes,
            ),
          ),
        })),
      );
    }),
    ctx.read(async () => {
      const listed = await ctx.pages(
        'rds:DescribeDBClusterSnapshots',
        paginateDescribeDBClusterSnapshots({ client: rds, pageSize: PAGE }, { SnapshotType: 'manual' }),
        (p) =>
          p.DBClusterSnapshots?.map((n) => ({
            id: n.DBClusterSnapshotIdentifier ?? '',
            arn: n.DBClusterSnapshotArn ?? '',
            encrypted: n.StorageEncrypted === true,
            status: n.Status ?? 'unknown',
          })),
      );
      return Promise.all(
        listed.map(async (n): Promise<DbSnapshot> => ({
          kind: 'cluster',
          ...n,
          restore: await ctx.read(async () =>
            restoreOf(
              (
                await ctx.must('rds:DescribeDBClusterSnapshotAttributes', () =>
                  rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: n.id })),
                )
              )?.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes,
            ),
          ),
        })),
      );
    }),
  ]);
  return { dbSnapshots, clusterSnapshots };
}

/** The TLS parameters among a group's parameters. */
function tlsOf(parameters: Parameter[]): TlsParameters {
  const out: TlsParameters = {};
  for (const p of parameters) {
    const name = TLS_PARAMETERS.find((n) => n === p.ParameterName);
    if (name) out[name] = { value: p.ParameterValue || undefined, source: p.Source || undefined, applyType: p.ApplyType || undefined };
  }
  return out;
}

/** Reads each named group once (every page), keeping its TLS parameters only. */
async function readGroups(
  names: Iterable<string>,
  read: (name: string) => Promise<Parameter[]>,
  ctx: CollectContext,
): Promise<Record<string, Read<TlsParameters>>> {
  const unique = [...new Set(names)].sort();
  const reads = await Promise.all(unique.map((name) => ctx.read(async () => tlsOf(await read(name)))));
  return Object.fromEntries(unique.map((name, i) => [name, reads[i]!]));
}

/**
 * RDS (regional): every DB instance and DB cluster, the TLS parameters of the parameter groups they use
 * (each group once), every manual DB and DB cluster snapshot (every page) and, for each snapshot, who may
 * restore it.
 */
export const rdsCollector: Collector<RdsData> = {
  id: 'rds',
  scope: 'region',
  async collect(ctx) {
    const rds = ctx.clients.get(RDSClient, ctx.region);
    const [instances, clusters, snapshots] = await Promise.all([
      ctx.read(async () =>
        ctx.pages('rds:DescribeDBInstances', paginateDescribeDBInstances({ client: rds, pageSize: PAGE }, {}), (p) =>
          p.DBInstances?.map((i): DbInstance => ({
            id: i.DBInstanceIdentifier ?? '',
            arn: i.DBInstanceArn ?? '',
            engine: i.Engine ?? '',
            status: i.DBInstanceStatus ?? 'unknown',
            clusterId: i.DBClusterIdentifier || undefined,
            storageEncrypted: i.StorageEncrypted === true,
            backupRetentionDays: i.BackupRetentionPeriod ?? 0,
            replicaSource: i.ReadReplicaSourceDBInstanceIdentifier || undefined,
            engineVersion: i.EngineVersion ?? '',
            parameterGroups: (i.DBParameterGroups ?? []).map((g) => ({ name: g.DBParameterGroupName ?? '', status: g.ParameterApplyStatus ?? 'unknown' })),
            logExports: i.EnabledCloudwatchLogsExports ?? [],
          })),
        ),
      ),
      ctx.read(async () =>
        ctx.pages('rds:DescribeDBClusters', paginateDescribeDBClusters({ client: rds, pageSize: PAGE }, {}), (p) =>
          p.DBClusters?.map((c): DbCluster => ({
            id: c.DBClusterIdentifier ?? '',
            arn: c.DBClusterArn ?? '',
            engine: c.Engine ?? '',
            status: c.Status ?? 'unknown',
            storageEncrypted: c.StorageEncrypted === true,
            backupRetentionDays: c.BackupRetentionPeriod ?? 0,
            engineVersion: c.EngineVersion ?? '',
            parameterGroup: c.DBClusterParameterGroup || undefined,
          })),
        ),
      ),
      readSnapshots(ctx, rds),
    ]);
    // Only the groups a TLS check judges: standalone instances (cluster members use the cluster's group) and
    // clusters whose engine has a TLS parameter.
    const instanceGroups = (instances.ok ? instances.value : [])
      .filter((i) => !i.clusterId && tlsParameterOf(i.engine))
      .flatMap((i) => i.parameterGroups.map((g) => g.name));
    const clusterGroups = (clusters.ok ? clusters.value : [])
      .filter((c) => tlsParameterOf(c.engine))
      .flatMap((c) => (c.parameterGroup ? [c.parameterGroup] : []));
    const [parameterGroups, clusterParameterGroups] = await Promise.all([
      readGroups(
        instanceGroups.filter(Boolean),
        (name) =>
          ctx.pages(
            'rds:DescribeDBParameters',
            paginateDescribeDBParameters({ client: rds, pageSize: PAGE }, { DBParameterGroupName: name }),
            (p) => p.Parameters,
          ),
        ctx,
      ),
      readGroups(
        clusterGroups,
        (name) =>
          ctx.pages(
            'rds:DescribeDBClusterParameters',
            paginateDescribeDBClusterParameters({ client: rds, pageSize: PAGE }, { DBClusterParameterGroupName: name }),
            (p) => p.Parameters,
          ),
        ctx,
      ),
    ]);
    return { instances, clusters, parameterGroups, clusterParameterGroups, ...snapshots };
  },
};
