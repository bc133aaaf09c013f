import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { logsCollector } from '../../src/aws/collectors/logs.js';
import { logs_log_group_kms_and_retention } from '../../src/checks/logs/logs_log_group_kms_and_retention.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { awsError } from '../helpers/synthetic-aws.js';

const logs = mockClient(CloudWatchLogsClient);
afterEach(() => logs.reset());

describe('the CloudWatch Logs collector', () => {
  it('follows nextToken on DescribeLogGroups (limit 50) in each region; the ARN loses its :* suffix', async () => {
    const sent: string[] = [];
    const all = [
      { logGroupName: 'good', kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k1', retentionInDays: 30 },
      { logGroupName: 'forever', kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k1' },
      { logGroupName: 'service-keys', retentionInDays: 7 },
      { logGroupName: 'neither' },
    ];
    logs.on(DescribeLogGroupsCommand).callsFake(async (input: { nextToken?: string; limit?: number }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`${region} limit=${input.limit} token=${input.nextToken ?? '-'}`);
      const p = pageOf(all, input.nextToken, 3);
      // Older answers carry only `arn` (with :*), newer ones `logGroupArn` too: the first group has only `arn`.
      return {
        logGroups: p.items.map((g) => ({
          ...g,
          arn: `arn:aws:logs:${region}:${TEST_ACCOUNT}:log-group:${g.logGroupName}:*`,
          ...(g.logGroupName === 'good' ? {} : { logGroupArn: `arn:aws:logs:${region}:${TEST_ACCOUNT}:log-group:${g.logGroupName}` }),
        })),
        nextToken: p.next,
      };
    });
    for (const region of ['eu-west-1', 'eu-central-1']) {
      sent.length = 0;
      const { data } = await collectIn(logsCollector, region, ['eu-west-1', 'eu-central-1']);
      expect(sent).toEqual([`${region} limit=50 token=-`, `${region} limit=50 token=t3`]);
      if (!data.logGroups.ok) throw new Error('not read');
      expect(data.logGroups.value.map((g) => g.arn)).toEqual(all.map((g) => `arn:aws:logs:${region}:${TEST_ACCOUNT}:log-group:${g.logGroupName}`));
      const s = { ...compliantSnapshot(), region };
      s.data.logs = data;
      const by = Object.fromEntries(logs_log_group_kms_and_retention.evaluate(s).map((f) => [f.resource.split(':').pop()!, f.status]));
      expect(by).toEqual({ good: 'pass', forever: 'fail', 'service-keys': 'fail', neither: 'fail' });
    }
  });

  it('a denied DescribeLogGroups is an error naming the call', async () => {
    logs.on(DescribeLogGroupsCommand).rejects(awsError('AccessDeniedException', 'no'));
    const { data } = await collectIn(logsCollector, 'eu-west-1');
    const s = compliantSnapshot();
    s.data.logs = data;
    expect(logs_log_group_kms_and_retention.evaluate(s)).toMatchObject([
      { status: 'error', message: expect.stringContaining('AccessDeniedException on logs:DescribeLogGroups') },
    ]);
  });
});
