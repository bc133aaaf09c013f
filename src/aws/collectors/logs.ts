import { CloudWatchLogsClient, paginateDescribeLogGroups, paginateDescribeMetricFilters } from '@aws-sdk/client-cloudwatch-logs';
import type { CollectContext, Read } from './context.js';
import type { Collector } from './types.js';

/** A CloudWatch Logs log group. */
export interface LogGroup {
  name: string;
  /** The log group's ARN, without the `:*` suffix of DescribeLogGroups' `arn`. */
  arn: string;
  /** `kmsKeyId`: the KMS key that encrypts the group; absent when CloudWatch Logs' own keys do. */
  kmsKeyId?: string;
  /** `retentionInDays`; absent: the events never expire. */
  retentionInDays?: number;
}

export interface LogsData {
  logGroups: Read<LogGroup[]>;
}

/** Log groups per DescribeLogGroups page (`limit` upper bound 50). */
const PAGE = 50;

/** A metric a metric filter publishes (`metricTransformations[]`). */
export interface FilterMetric {
  namespace: string;
  name: string;
  /** Dimension names the filter publishes the metric with (an alarm must name the same ones to see it). */
  dimensions: string[];
}

/** A CloudWatch Logs metric filter. */
export interface MetricFilter {
  name: string;
  logGroupName: string;
  /** `filterPattern` as written; an empty pattern matches every event. */
  pattern: string;
  metrics: FilterMetric[];
}

/** Metric filters per DescribeMetricFilters page (`limit` upper bound 50). */
const FILTER_PAGE = 50;

/** Every metric filter of a region (every page of DescribeMetricFilters, all log groups). */
export async function readMetricFilters(ctx: CollectContext, region: string): Promise<MetricFilter[]> {
  const logs = ctx.clients.get(CloudWatchLogsClient, region);
  return ctx.pages('logs:DescribeMetricFilters', paginateDescribeMetricFilters({ client: logs, pageSize: FILTER_PAGE }, {}), (p) =>
    p.metricFilters?.map((f): MetricFilter => ({
      name: f.filterName ?? '',
      logGroupName: f.logGroupName ?? '',
      pattern: f.filterPattern ?? '',
      metrics: (f.metricTransformations ?? []).map((m) => ({
        namespace: m.metricNamespace ?? '',
        name: m.metricName ?? '',
        dimensions: Object.keys(m.dimensions ?? {}).sort(),
      })),
    })),
  );
}

/** CloudWatch Logs (regional): every log group (every page of DescribeLogGroups), its KMS key and retention. */
export const logsCollector: Collector<LogsData> = {
  id: 'logs',
  scope: 'region',
  async collect(ctx) {
    const logs = ctx.clients.get(CloudWatchLogsClient, ctx.region);
    const logGroups = await ctx.read(async () =>
      ctx.pages('logs:DescribeLogGroups', paginateDescribeLogGroups({ client: logs, pageSize: PAGE }, {}), (p) =>
        p.logGroups?.map((g): LogGroup => ({
          name: g.logGroupName ?? '',
          arn: g.logGroupArn ?? g.arn?.replace(/:\*$/, '') ?? `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${g.logGroupName ?? ''}`,
          kmsKeyId: g.kmsKeyId || undefined,
          retentionInDays: g.retentionInDays,
        })),
      ),
    );
    return { logGroups };
  },
};
