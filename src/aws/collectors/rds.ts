import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  paginateDescribeDBClusters,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBInstances,
  paginateDescribeDBSnapshots,
  RDSClient,
} from '@aws-sdk/client-rds';
import type { CollectContext, Read } from './context.js';
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
}

/** A DB cluster (Aurora, Multi-AZ, and the Neptune and DocumentDB clusters the same API lists). */
export interface DbCluster {
  id: string;
  arn: string;
  engine: string;
  status: string;
  storageEncrypted: boolean;
  backupRetentionDays: number;
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

export interface RdsData {
  instances: Read<DbInstance[]>;
  clusters: Read<DbCluster[]>;
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
        p.DBSnapshots?.map((n) => ({ id: n.DBSnapshotIdentifier ?? '', arn: n.DBSnapshotArn ?? '', encrypted: n.Encrypted === true, status: n.Status ?? 'unknown' })),
      );
      return Promise.all(
        listed.map(
          async (n): Promise<DbSnapshot> => ({
            kind: 'instance',
            ...n,
            restore: await ctx.read(async () =>
              restoreOf(
                (await ctx.must('rds:DescribeDBSnapshotAttributes', () => rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: n.id }))))
                  ?.DBSnapshotAttributesResult?.DBSnapshotAttributes,
              ),
            ),
          }),
        ),
      );
    }),
    ctx.read(async () => {
      const listed = await ctx.pages(
        'rds:DescribeDBClusterSnapshots',
        paginateDescribeDBClusterSnapshots({ client: rds, pageSize: PAGE }, { SnapshotType: 'manual' }),
        (p) =>
          p.DBClusterSnapshots?.map((n) => ({ id: n.DBClusterSnapshotIdentifier ?? '', arn: n.DBClusterSnapshotArn ?? '', encrypted: n.StorageEncrypted === true, status: n.Status ?? 'unknown' })),
      );
      return Promise.all(
        listed.map(
          async (n): Promise<DbSnapshot> => ({
            kind: 'cluster',
            ...n,
            restore: await ctx.read(async () =>
              restoreOf(
                (await ctx.must('rds:DescribeDBClusterSnapshotAttributes', () => rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: n.id }))))
                  ?.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes,
              ),
            ),
          }),
        ),
      );
    }),
  ]);
  return { dbSnapshots, clusterSnapshots };
}

/**
 * RDS (regional): every DB instance and DB cluster, every manual DB and DB cluster snapshot (every page)
 * and, for each snapshot, who may restore it.
 */
export const rdsCollector: Collector<RdsData> = {
  id: 'rds',
  scope: 'region',
  async collect(ctx) {
    const rds = ctx.clients.get(RDSClient, ctx.region);
    const [instances, clusters, snapshots] = await Promise.all([
      ctx.read(async () =>
        ctx.pages('rds:DescribeDBInstances', paginateDescribeDBInstances({ client: rds, pageSize: PAGE }, {}), (p) =>
          p.DBInstances?.map(
            (i): DbInstance => ({
              id: i.DBInstanceIdentifier ?? '',
              arn: i.DBInstanceArn ?? '',
              engine: i.Engine ?? '',
              status: i.DBInstanceStatus ?? 'unknown',
              clusterId: i.DBClusterIdentifier || undefined,
              storageEncrypted: i.StorageEncrypted === true,
              backupRetentionDays: i.BackupRetentionPeriod ?? 0,
              replicaSource: i.ReadReplicaSourceDBInstanceIdentifier || undefined,
            }),
          ),
        ),
      ),
      ctx.read(async () =>
        ctx.pages('rds:DescribeDBClusters', paginateDescribeDBClusters({ client: rds, pageSize: PAGE }, {}), (p) =>
          p.DBClusters?.map(
            (c): DbCluster => ({
              id: c.DBClusterIdentifier ?? '',
              arn: c.DBClusterArn ?? '',
              engine: c.Engine ?? '',
              status: c.Status ?? 'unknown',
              storageEncrypted: c.StorageEncrypted === true,
              backupRetentionDays: c.BackupRetentionPeriod ?? 0,
            }),
          ),
        ),
      ),
      readSnapshots(ctx, rds),
    ]);
    return { instances, clusters, ...snapshots };
  },
};
