import { CloudWatchLogsClient, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import type { Read } from './context.js';
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

/** CloudWatch Logs (regional): every log group (every page of DescribeLogGroups), its KMS key and retention. */
export const logsCollector: Collector<LogsData> = {
  id: 'logs',
  scope: 'region',
  async collect(ctx) {
    const logs = ctx.clients.get(CloudWatchLogsClient, ctx.region);
    const logGroups = await ctx.read(async () =>
      ctx.pages('logs:DescribeLogGroups', paginateDescribeLogGroups({ client: logs, pageSize: PAGE }, {}), (p) =>
        p.logGroups?.map(
          (g): LogGroup => ({
            name: g.logGroupName ?? '',
            arn: g.logGroupArn ?? g.arn?.replace(/:\*$/, '') ?? `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${g.logGroupName ?? ''}`,
            kmsKeyId: g.kmsKeyId || undefined,
            retentionInDays: g.retentionInDays,
          }),
        ),
      ),
    );
    return { logGroups };
  },
};
