import type { MetricAlarm, MonitoringRegion } from '../aws/collectors/cloudwatch.js';
import { describeCallError, type CallError, type Read } from '../aws/collectors/context.js';
import type { MetricFilter } from '../aws/collectors/logs.js';
import type { TopicSubscriptions } from '../aws/collectors/sns.js';
import type { Trail } from '../aws/collectors/cloudtrail.js';
import type { Snapshot } from '../aws/snapshot.js';
import { judgeMultiRegionTrail } from './cloudtrail-trails.js';
import { patternCovers } from './filter-pattern.js';
import { accountResource, fail, fromRead, pass, withData } from './helpers.js';
import { CheckStatus, defineCheck, type Check, type Finding } from './types.js';

/** A CIS "log metric filter and alarm" control. */
export interface MetricFilterControl {
  id: string;
  title: string;
  /** What the filter must catch, as a phrase: `unauthorised API calls`. */
  what: string;
  /** The CIS AWS Foundations Benchmark recommendation (v1.2 numbering / v1.4-and-later numbering). */
  cis: string;
  /**
   * The narrowest pattern CIS has published for the control (a filter must match at least every event
   * this matches). Terms later CIS versions added to narrow a pattern are in it, so a filter written
   * after any published version covers it; terms that only restate where the events come from
   * (`$.eventSource`) are in it too.
   */
  pattern: string;
  rationale: string;
  severity: Check['severity'];
}

export const METRIC_FILTER_PERMISSIONS = [
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetTrailStatus',
  'cloudtrail:GetEventSelectors',
  'kms:DescribeKey',
  'logs:DescribeMetricFilters',
  'cloudwatch:DescribeAlarms',
  'sns:ListSubscriptionsByTopic',
] as const;

/** The parts of a log group ARN (`arn:aws:logs:eu-west-1:123456789012:log-group:NAME[:*]`). */
function logGroupOf(arn: string): { region: string; account: string; name: string } | undefined {
  const m = /^arn:[^:]+:logs:([^:]+):(\d{12}):log-group:(.+?)(?::\*)?$/.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

const key = (m: { namespace: string; name: string }) => `${m.namespace}/${m.name}`;

/** Whether an alarm watches a filter's metric: same namespace and name, and the same dimension names. */
function watches(alarm: MetricAlarm, metric: MetricFilter['metrics'][number]): boolean {
  return alarm.metrics.some((m) => m.namespace === metric.namespace && m.name === metric.name && m.dimensions.join(',') === metric.dimensions.join(','));
}

/** The ARN kinds an alarm action may have that tell someone (besides SNS, which must have a subscriber). */
function notifyingAction(action: string): string | undefined {
  const service = action.split(':')[2];
  if (service === 'lambda') return `Lambda function ${action}`;
  if (service === 'ssm-incidents') return `Incident Manager response plan ${action}`;
  return undefined;
}

type Topics = Record<string, Read<TopicSubscriptions | null>>;

type PathOutcome = { kind: 'pass'; message: string } | { kind: 'fail'; reason: string } | { kind: 'error'; reason: string };

const unread = (what: string, e: CallError) => `${what}: ${describeCallError(e)} (${e.message})`;

/** Judges the alarms on the metrics of the filters that cover the control, in one region. */
function judgeAlarms(
  control: MetricFilterControl,
  trail: Trail,
  group: string,
  filters: MetricFilter[],
  region: MonitoringRegion,
  topics: Topics,
): PathOutcome[] {
  if (!region.alarms.ok) return [{ kind: 'error', reason: unread(`the alarms of the region of log group ${group}`, region.alarms.error) }];
  const out: PathOutcome[] = [];
  for (const f of filters) {
    const alarms = region.alarms.value.filter((a) => f.metrics.some((m) => watches(a, m)));
    if (alarms.length === 0) {
      out.push({
        kind: 'fail',
        reason: `metric filter ${f.name} on log group ${group} publishes ${f.metrics.map(key).join(', ') || 'no metric'}, which no alarm watches`,
      });
      continue;
    }
    for (const a of alarms) {
      if (!a.actionsEnabled) {
        out.push({ kind: 'fail', reason: `alarm ${a.name} on metric filter ${f.name} has its actions disabled (ActionsEnabled false)` });
        continue;
      }
      const other = a.alarmActions.map(notifyingAction).find((x): x is string => Boolean(x));
      const topicArns = a.alarmActions.filter((x) => x.split(':')[2] === 'sns');
      let decided = false;
      for (const arn of topicArns) {
        const read = topics[arn];
        if (!read) {
          out.push({ kind: 'error', reason: `the subscriptions of SNS topic ${arn} (alarm ${a.name}) were not read` });
          continue;
        }
        if (!read.ok) {
          out.push({ kind: 'error', reason: unread(`the subscriptions of SNS topic ${arn} (alarm ${a.name})`, read.error) });
          continue;
        }
        if (read.value === null) {
          out.push({ kind: 'fail', reason: `alarm ${a.name} notifies SNS topic ${arn}, which does not exist` });
          continue;
        }
        if (read.value.confirmed.length === 0) {
          out.push({
            kind: 'fail',
            reason: `alarm ${a.name} notifies SNS topic ${arn}, which has no confirmed subscription${read.value.pending > 0 ? ` (${read.value.pending} pending confirmation)` : ''}`,
          });
          continue;
        }
        out.push({
          kind: 'pass',
          message: `Trail ${trail.name} delivers to log group ${group}, whose metric filter ${f.name} catches ${control.what} (CIS ${control.cis}); alarm ${a.name} notifies SNS topic ${arn} (${read.value.confirmed.length} confirmed subscription(s)).`,
        });
        decided = true;
      }
      if (!decided && other) {
        out.push({
          kind: 'pass',
          message: `Trail ${trail.name} delivers to log group ${group}, whose metric filter ${f.name} catches ${control.what} (CIS ${control.cis}); alarm ${a.name} invokes ${other}.`,
        });
      } else if (topicArns.length === 0 && !other) {
        out.push({
          kind: 'fail',
          reason: `alarm ${a.name} on metric filter ${f.name} has no action that notifies anyone (no SNS topic, Lambda function or Incident Manager response plan in AlarmActions)`,
        });
      }
    }
  }
  return out;
}

/** The outcomes of one trail: whether a filter on its log group covers the control and an alarm on it notifies someone. */
function judgeTrail(s: Snapshot, control: MetricFilterControl, t: Trail, regions: Record<string, MonitoringRegion>, topics: Topics): PathOutcome[] {
  const verdict = judgeMultiRegionTrail(t);
  if (verdict.kind === 'fail') return [{ kind: 'fail', reason: verdict.reasons.join('; ') }];
  if (verdict.kind === 'error') return [{ kind: 'error', reason: verdict.errors.join('; ') }];
  if (t.status.ok && t.status.value.latestCloudWatchLogsDeliveryError) {
    return [
      {
        kind: 'fail',
        reason: `trail ${t.name} fails to deliver to CloudWatch Logs (LatestCloudWatchLogsDeliveryError ${t.status.value.latestCloudWatchLogsDeliveryError})`,
      },
    ];
  }
  const g = logGroupOf(t.cloudWatchLogsLogGroupArn!);
  if (!g) return [{ kind: 'error', reason: `the log group ARN ${t.cloudWatchLogsLogGroupArn} of trail ${t.name} could not be read as a log group ARN` }];
  if (g.account !== s.accountId)
    return [
      {
        kind: 'error',
        reason: `log group ${g.name} of trail ${t.name} belongs to account ${g.account}; its metric filters are judged when that account is scanned`,
      },
    ];
  const region = regions[g.region];
  if (!region) return [{ kind: 'error', reason: `log group ${g.name} of trail ${t.name} is in ${g.region}, which is not scanned` }];
  if (!region.metricFilters.ok) return [{ kind: 'error', reason: unread(`the metric filters of ${g.region}`, region.metricFilters.error) }];
  const onGroup = region.metricFilters.value.filter((f) => f.logGroupName === g.name);
  const covering = onGroup.filter((f) => patternCovers(f.pattern, control.pattern));
  if (covering.length === 0) {
    return [
      {
        kind: 'fail',
        reason:
          onGroup.length === 0
            ? `log group ${g.name} of trail ${t.name} has no metric filter`
            : `none of the ${onGroup.length} metric filter(s) on log group ${g.name} of trail ${t.name} (${onGroup
                .slice(0, 5)
                .map((f) => f.name)
                .join(', ')}${onGroup.length > 5 ? ', …' : ''}) matches every event of the CIS pattern`,
      },
    ];
  }
  return judgeAlarms(control, t, g.name, covering, region, topics);
}

/**
 * The judgement shared by the CIS metric filter checks: at least one multi-region trail that is logging
 * (the judgement of `cloudtrail_multi_region_logging`) delivers to a log group of this account, a metric
 * filter on that group matches every event the CIS pattern matches, and an alarm on the filter's metric
 * has its actions enabled and notifies someone (an SNS topic with a confirmed subscription, a Lambda
 * function or an Incident Manager response plan). One finding for the account.
 */
export function metricFilterFindings(s: Snapshot, control: MetricFilterControl): Finding[] {
  const resource = accountResource(s);
  return withData(s, 'cloudtrail', resource, (ct) =>
    fromRead(ct.trails, resource, (trails) =>
      withData(s, 'cloudwatch', resource, (cw) => {
        const candidates = trails.filter((t) => t.multiRegion && t.cloudWatchLogsLogGroupArn);
        const outcomes = candidates.flatMap((t) => judgeTrail(s, control, t, cw.regions, cw.topics));
        const passed = outcomes.find((o): o is Extract<PathOutcome, { kind: 'pass' }> => o.kind === 'pass');
        if (passed) return [pass(resource, passed.message)];
        const failures = outcomes.flatMap((o) => (o.kind === 'fail' ? [o.reason] : []));
        const unknown = [
          ...outcomes.flatMap((o) => (o.kind === 'error' ? [o.reason] : [])),
          ...ct.unreadRegions.map((u) => unread(`the trails of ${u.region}`, u.error)),
        ];
        if (unknown.length > 0) {
          const known = failures.length > 0 ? ` Known failures: ${failures.join('; ')}.` : '';
          return [
            {
              status: CheckStatus.Error,
              resource,
              message: `Could not confirm that account ${s.accountId} alerts on ${control.what}; could not read ${unknown.join('; ')}.${known}`,
            },
          ];
        }
        if (candidates.length === 0) {
          return [
            fail(
              resource,
              `Account ${s.accountId} has no multi-region trail delivering to CloudWatch Logs, so nothing can alert on ${control.what} (CIS ${control.cis}).`,
            ),
          ];
        }
        return [fail(resource, `Account ${s.accountId} has no alarm on ${control.what} (CIS ${control.cis}): ${failures.join('; ')}.`)];
      }),
    ),
  );
}

/** A check for one CIS metric filter control. */
export function defineMetricFilterCheck(control: MetricFilterControl): Check {
  return defineCheck({
    id: control.id,
    title: control.title,
    demands: `A multi-region, logging trail delivers to a log group with a metric filter matching every event of CIS ${control.cis}'s pattern for ${control.what}, and an enabled alarm on its metric notifies an SNS topic with a confirmed subscription (or a Lambda function / Incident Manager plan).`,
    actionItem: 9,
    gdpr: ['Art. 32', 'Art. 33'],
    severity: control.severity,
    scope: 'account',
    needs: ['cloudtrail', 'cloudwatch'],
    permissions: METRIC_FILTER_PERMISSIONS,
    rationale: control.rationale,
    evaluate: (s) => metricFilterFindings(s, control),
  });
}
