import { CloudWatchClient, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import type { Read } from './context.js';
import { readMetricFilters, type MetricFilter } from './logs.js';
import { readTopicSubscriptions, type TopicSubscriptions } from './sns.js';
import type { Collector } from './types.js';

/** A metric a CloudWatch alarm watches: its own metric, or one `MetricStat` of a metric-math alarm. */
export interface AlarmMetric {
  namespace: string;
  name: string;
  /** Dimension names of the watched metric. */
  dimensions: string[];
}

/** A CloudWatch metric alarm (DescribeAlarms `MetricAlarms[]`). */
export interface MetricAlarm {
  name: string;
  arn: string;
  metrics: AlarmMetric[];
  /** `ActionsEnabled` (AWS default true): false means the alarm changes state and notifies no one. */
  actionsEnabled: boolean;
  /** `AlarmActions`: what the alarm does when it goes to ALARM (SNS topic, Lambda function, … ARNs). */
  alarmActions: string[];
}

/** What one region holds: its metric filters (every log group) and its metric alarms. */
export interface MonitoringRegion {
  metricFilters: Read<MetricFilter[]>;
  alarms: Read<MetricAlarm[]>;
}

export interface CloudWatchData {
  /** By region, every scanned region. */
  regions: Record<string, MonitoringRegion>;
  /**
   * By topic ARN, the subscriptions of every SNS topic an alarm on a metric-filter metric notifies
   * (`null`: the topic does not exist).
   */
  topics: Record<string, Read<TopicSubscriptions | null>>;
}

/** Alarms per DescribeAlarms page (`MaxRecords` upper bound 100). */
const ALARM_PAGE = 100;

const metricKey = (m: { namespace: string; name: string }) => `${m.namespace}\u0000${m.name}`;

/**
 * CloudWatch monitoring (account-wide, run on the home snapshot, so a trail's log group is found in
 * whichever scanned region it lives): in every scanned region, every metric filter and every metric
 * alarm; then the subscriptions of the SNS topics that alarms on metric-filter metrics notify.
 */
export const cloudwatchCollector: Collector<CloudWatchData> = {
  id: 'cloudwatch',
  scope: 'account',
  async collect(ctx) {
    const regions = ctx.regions.length > 0 ? ctx.regions : [ctx.region];
    const entries = await Promise.all(
      regions.map(async (region): Promise<[string, MonitoringRegion]> => {
        const cw = ctx.clients.get(CloudWatchClient, region);
        const [metricFilters, alarms] = await Promise.all([
          ctx.read(() => readMetricFilters(ctx, region)),
          ctx.read(() =>
            // Without AlarmTypes DescribeAlarms answers metric alarms only (composite alarms watch no metric).
            ctx.pages('cloudwatch:DescribeAlarms', paginateDescribeAlarms({ client: cw, pageSize: ALARM_PAGE }, {}), (p) =>
              p.MetricAlarms?.map((a): MetricAlarm => ({
                name: a.AlarmName ?? '',
                arn: a.AlarmArn ?? '',
                metrics: [
                  ...(a.MetricName
                    ? [{ namespace: a.Namespace ?? '', name: a.MetricName, dimensions: (a.Dimensions ?? []).map((d) => d.Name ?? '').sort() }]
                    : []),
                  ...(a.Metrics ?? []).flatMap((q) =>
                    q.MetricStat?.Metric?.MetricName
                      ? [
                          {
                            namespace: q.MetricStat.Metric.Namespace ?? '',
                            name: q.MetricStat.Metric.MetricName,
                            dimensions: (q.MetricStat.Metric.Dimensions ?? []).map((d) => d.Name ?? '').sort(),
                          },
                        ]
                      : [],
                  ),
                ],
                actionsEnabled: a.ActionsEnabled !== false,
                alarmActions: a.AlarmActions ?? [],
              })),
            ),
          ),
        ]);
        return [region, { metricFilters, alarms }];
      }),
    );

    // Only the topics of alarms that watch a metric some metric filter publishes (in that region).
    const topicArns = new Set<string>();
    for (const [, r] of entries) {
      if (!r.metricFilters.ok || !r.alarms.ok) continue;
      const published = new Set(r.metricFilters.value.flatMap((f) => f.metrics.map(metricKey)));
      for (const a of r.alarms.value) {
        if (!a.metrics.some((m) => published.has(metricKey(m)))) continue;
        for (const action of a.alarmActions) if (action.startsWith('arn:') && action.split(':')[2] === 'sns') topicArns.add(action);
      }
    }
    const topics = await Promise.all([...topicArns].sort().map(async (arn) => [arn, await ctx.read(() => readTopicSubscriptions(ctx, arn))] as const));
    return { regions: Object.fromEntries(entries), topics: Object.fromEntries(topics) };
  },
};
