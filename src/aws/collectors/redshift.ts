import { DescribeLoggingStatusCommand, paginateDescribeClusterParameters, paginateDescribeClusters, RedshiftClient } from '@aws-sdk/client-redshift';
import type { CollectContext, Read } from './context.js';
import type { Collector } from './types.js';

/** A cluster's audit logging as DescribeLoggingStatus reports it. */
export interface RedshiftLogging {
  /** `LoggingEnabled`. */
  enabled: boolean;
  /** `LogDestinationType`: `s3` or `cloudwatch` (absent on clusters that log to S3 from before the field existed). */
  destination?: string;
  /** `BucketName` (S3 destination). */
  bucket?: string;
  /** `LogExports`: the log types exported (`connectionlog`, `userlog`, `useractivitylog`). */
  logExports: string[];
}

/** A provisioned Redshift cluster as DescribeClusters reports it. */
export interface RedshiftCluster {
  id: string;
  arn: string;
  /** `ClusterStatus` (`available`, `paused`, `creating`, …). */
  status: string;
  /** `Encrypted` (missing reads as not encrypted). */
  encrypted: boolean;
  /** `PubliclyAccessible` (missing reads as not public). */
  publiclyAccessible: boolean;
  /** `AutomatedSnapshotRetentionPeriod` in days (0: automated snapshots off; missing reads as 0). */
  automatedSnapshotRetentionDays: number;
  /** `ClusterParameterGroups`: name and `ParameterApplyStatus` (`in-sync`, `applying`, `pending-reboot`). */
  parameterGroups: { name: string; status: string }[];
  logging: Read<RedshiftLogging>;
}

/** The `require_ssl` parameter of a cluster parameter group. */
export interface RequireSsl {
  /** `ParameterValue` (`true` / `false`); absent when the group lists none. */
  value?: string;
  /** `ApplyType`: `static` (in effect after a reboot) or `dynamic`. */
  applyType?: string;
}

export interface RedshiftData {
  clusters: Read<RedshiftCluster[]>;
  /** `require_ssl` of each cluster parameter group the clusters use, by name (each group read once, every page); `null`: not listed. */
  parameterGroups: Record<string, Read<RequireSsl | null>>;
}

/** Records per page (DescribeClusters and DescribeClusterParameters `MaxRecords`: 20 to 100). */
const PAGE = 100;
/** A cluster deleted between DescribeClusters and DescribeLoggingStatus. */
const GONE = ['ClusterNotFound', 'ClusterNotFoundFault'];

async function readGroup(ctx: CollectContext, redshift: RedshiftClient, name: string): Promise<RequireSsl | null> {
  const params = await ctx.pages(
    'redshift:DescribeClusterParameters',
    paginateDescribeClusterParameters({ client: redshift, pageSize: PAGE }, { ParameterGroupName: name }),
    (p) => p.Parameters,
  );
  const p = params.find((x) => x.ParameterName === 'require_ssl');
  return p ? { value: p.ParameterValue || undefined, applyType: p.ApplyType || undefined } : null;
}

/**
 * Redshift (regional): every provisioned cluster (every page), its audit logging status, and the
 * `require_ssl` parameter of each cluster parameter group in use, each group read once.
 */
export const redshiftCollector: Collector<RedshiftData> = {
  id: 'redshift',
  scope: 'region',
  async collect(ctx) {
    const redshift = ctx.clients.get(RedshiftClient, ctx.region);
    const clusters = await ctx.read(async () => {
      const listed = await ctx.pages('redshift:DescribeClusters', paginateDescribeClusters({ client: redshift, pageSize: PAGE }, {}), (p) => p.Clusters);
      const read = await Promise.all(
        listed.map(async (c): Promise<RedshiftCluster | undefined> => {
          const id = c.ClusterIdentifier ?? '';
          let gone = false;
          const logging = await ctx.read(async (): Promise<RedshiftLogging> => {
            const out = await ctx.call(
              'redshift:DescribeLoggingStatus',
              () => redshift.send(new DescribeLoggingStatusCommand({ ClusterIdentifier: id })),
              GONE,
            );
            if (out === null) gone = true;
            return {
              enabled: out?.LoggingEnabled === true,
              destination: out?.LogDestinationType || undefined,
              bucket: out?.BucketName || undefined,
              logExports: out?.LogExports ?? [],
            };
          });
          if (gone) return undefined;
          return {
            id,
            arn: `arn:aws:redshift:${ctx.region}:${ctx.accountId}:cluster:${id}`,
            status: c.ClusterStatus ?? 'unknown',
            encrypted: c.Encrypted === true,
            publiclyAccessible: c.PubliclyAccessible === true,
            automatedSnapshotRetentionDays: c.AutomatedSnapshotRetentionPeriod ?? 0,
            parameterGroups: (c.ClusterParameterGroups ?? []).map((g) => ({ name: g.ParameterGroupName ?? '', status: g.ParameterApplyStatus ?? 'unknown' })),
            logging,
          };
        }),
      );
      return read.filter((c): c is RedshiftCluster => c !== undefined);
    });
    const names = [...new Set((clusters.ok ? clusters.value : []).flatMap((c) => c.parameterGroups.map((g) => g.name)).filter(Boolean))].sort();
    const reads = await Promise.all(names.map((name) => ctx.read(() => readGroup(ctx, redshift, name))));
    return { clusters, parameterGroups: Object.fromEntries(names.map((name, i) => [name, reads[i]!])) };
  },
};
