import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudwatchCollector } from '../../src/aws/collectors/cloudwatch.js';
import { cloudwatch_log_metric_filter_root_usage } from '../../src/checks/cloudwatch/cloudwatch_log_metric_filter_root_usage.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { awsError } from '../helpers/synthetic-aws.js';

const logs = mockClient(CloudWatchLogsClient);
const cw = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);
afterEach(() => {
  logs.reset();
  cw.reset();
  sns.reset();
});

const ROOT = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
const topic = (name: string) => `arn:aws:sns:eu-west-1:${TEST_ACCOUNT}:${name}`;

describe('the CloudWatch monitoring collector', () => {
  it('reads every page of metric filters and alarms in every scanned region, and the subscriptions of the topics alarms on filter metrics notify', async () => {
    const sent: string[] = [];
    logs.on(DescribeMetricFiltersCommand).callsFake(async (input: { nextToken?: string; limit?: number }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`logs ${region} ${input.nextToken ?? '-'}`);
      if (region === 'eu-central-1') return { metricFilters: [] };
      // Three filters, two a page: the root filter comes on the second page.
      const all = [
        {
          filterName: 'errors',
          logGroupName: '/app',
          filterPattern: 'ERROR',
          metricTransformations: [{ metricName: 'Errors', metricNamespace: 'App', metricValue: '1' }],
        },
        {
          filterName: 'other',
          logGroupName: 'trail',
          filterPattern: '{ $.eventName = Foo }',
          metricTransformations: [{ metricName: 'Foo', metricNamespace: 'CIS', metricValue: '1' }],
        },
        {
          filterName: 'root',
          logGroupName: 'trail',
          filterPattern: ROOT,
          metricTransformations: [{ metricName: 'RootUsage', metricNamespace: 'CIS', metricValue: '1' }],
        },
      ];
      const p = pageOf(all, input.nextToken, 2);
      return { metricFilters: p.items, nextToken: p.next };
    });
    cw.on(DescribeAlarmsCommand).callsFake(async (input: { NextToken?: string }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`alarms ${region} ${input.NextToken ?? '-'}`);
      if (region === 'eu-central-1') throw awsError('AccessDenied', 'not authorized to perform cloudwatch:DescribeAlarms');
      const all = [
        // An alarm on an application metric: its topic is none of this collector's business.
        { AlarmName: 'cpu', AlarmArn: 'a:cpu', MetricName: 'CPUUtilization', Namespace: 'AWS/EC2', ActionsEnabled: true, AlarmActions: [topic('ops')] },
        {
          AlarmName: 'root',
          AlarmArn: 'a:root',
          Metrics: [{ Id: 'm1', MetricStat: { Metric: { Namespace: 'CIS', MetricName: 'RootUsage' }, Period: 300, Stat: 'Sum' } }],
          AlarmActions: [topic('pending'), topic('gone')],
        },
        { AlarmName: 'foo', AlarmArn: 'a:foo', MetricName: 'Foo', Namespace: 'CIS', ActionsEnabled: false, AlarmActions: [topic('alerts')] },
      ];
      const p = pageOf(all, input.NextToken, 2);
      return { MetricAlarms: p.items, NextToken: p.next };
    });
    sns.on(ListSubscriptionsByTopicCommand).callsFake(async (input: { TopicArn: string; NextToken?: string }) => {
      const name = input.TopicArn.split(':').pop();
      if (name === 'gone') throw awsError('NotFoundException', 'Topic does not exist');
      if (name === 'pending')
        return { Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'x@example.com', TopicArn: input.TopicArn }] };
      const all = [
        { SubscriptionArn: `${input.TopicArn}:1`, Protocol: 'email', Endpoint: 'secops@example.com', TopicArn: input.TopicArn },
        { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'new@example.com', TopicArn: input.TopicArn },
      ];
      const p = pageOf(all, input.NextToken, 1);
      return { Subscriptions: p.items, NextToken: p.next };
    });

    const { data, calls } = await collectIn(cloudwatchCollector, 'eu-west-1', ['eu-west-1', 'eu-central-1']);
    expect(sent.filter((x) => x.startsWith('logs eu-west-1'))).toEqual(['logs eu-west-1 -', 'logs eu-west-1 t2']);
    expect(sent.filter((x) => x.startsWith('alarms eu-west-1'))).toEqual(['alarms eu-west-1 -', 'alarms eu-west-1 t2']);
    const west = data.regions['eu-west-1']!;
    expect(west.metricFilters.ok && west.metricFilters.value.map((f) => f.name)).toEqual(['errors', 'other', 'root']);
    expect(west.alarms.ok && west.alarms.value.find((a) => a.name === 'root')).toMatchObject({
      metrics: [{ namespace: 'CIS', name: 'RootUsage', dimensions: [] }],
      actionsEnabled: true,
    });
    expect(west.alarms.ok && west.alarms.value.find((a) => a.name === 'foo')!.actionsEnabled).toBe(false);
    const central = data.regions['eu-central-1']!;
    expect(central.alarms).toMatchObject({ ok: false, error: { call: 'cloudwatch:DescribeAlarms', kind: 'denied' } });
    // Only topics of alarms on metric-filter metrics; the ops topic of the CPU alarm is not read.
    expect(Object.keys(data.topics).sort()).toEqual([topic('alerts'), topic('gone'), topic('pending')]);
    expect(data.topics[topic('alerts')]).toEqual({ ok: true, value: { confirmed: ['email:secops@example.com'], pending: 1 } });
    expect(data.topics[topic('gone')]).toEqual({ ok: true, value: null });
    expect(data.topics[topic('pending')]).toEqual({ ok: true, value: { confirmed: [], pending: 1 } });
    // Two pages for alerts, one each for pending and gone.
    expect(sns.commandCalls(ListSubscriptionsByTopicCommand)).toHaveLength(4);
    expect(calls).toContain('sns:ListSubscriptionsByTopic');

    // What a user sees: the root alarm notifies only a pending and a deleted topic.
    const s = compliantSnapshot();
    s.data.cloudwatch = data;
    const [finding] = cloudwatch_log_metric_filter_root_usage.evaluate(s);
    expect(finding!.status).toBe('fail');
    expect(finding!.message).toContain('no confirmed subscription (1 pending confirmation)');
    expect(finding!.message).toContain(`${topic('gone')}, which does not exist`);
  });

  it('records a denied DescribeMetricFilters as a failed read, and the checks say error', async () => {
    logs.on(DescribeMetricFiltersCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform logs:DescribeMetricFilters'));
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const { data } = await collectIn(cloudwatchCollector, 'eu-west-1');
    expect(data.regions['eu-west-1']!.metricFilters).toMatchObject({ ok: false, error: { call: 'logs:DescribeMetricFilters', kind: 'denied' } });
    expect(sns.commandCalls(ListSubscriptionsByTopicCommand)).toHaveLength(0);
    const s = compliantSnapshot();
    s.data.cloudwatch = data;
    const [finding] = cloudwatch_log_metric_filter_root_usage.evaluate(s);
    expect(finding!.status).toBe('error');
    expect(finding!.message).toContain('AccessDeniedException on logs:DescribeMetricFilters');
  });
});
