import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sqsCollector } from '../../src/aws/collectors/sqs.js';
import { sqs_queue_encrypted } from '../../src/checks/sqs/sqs_queue_encrypted.js';
import { sqs_queues_not_publicly_accessible } from '../../src/checks/sqs/sqs_queues_not_publicly_accessible.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { awsError } from '../helpers/synthetic-aws.js';

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

const ATTRS: Record<string, Record<string, string>> = {
  kms: {
    KmsMasterKeyId: 'alias/aws/sqs',
    SqsManagedSseEnabled: 'false',
    Policy: JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'sqs:SendMessage',
          Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:orders' } },
        },
      ],
    }),
  },
  'sse-sqs': { SqsManagedSseEnabled: 'true' },
  plain: { SqsManagedSseEnabled: 'false', Policy: JSON.stringify({ Statement: { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:*' } }) },
  bare: {},
  garbled: { SqsManagedSseEnabled: 'true', Policy: '{not json' },
  denied: {},
  deleted: {},
};

describe('the SQS collector', () => {
  it('follows NextToken on ListQueues (MaxResults 1000) in each region and asks each queue for KmsMasterKeyId and SqsManagedSseEnabled', async () => {
    const names = Object.keys(ATTRS);
    const sent: string[] = [];
    sqs.on(ListQueuesCommand).callsFake(async (input: { NextToken?: string; MaxResults?: number }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`${region} max=${input.MaxResults} token=${input.NextToken ?? '-'}`);
      const p = pageOf(names, input.NextToken, 4);
      return { QueueUrls: p.items.map((n) => `https://sqs.${region}.amazonaws.com/${TEST_ACCOUNT}/${n}`), NextToken: p.next };
    });
    sqs.on(GetQueueAttributesCommand).callsFake(async (input: { QueueUrl: string }) => {
      const name = input.QueueUrl.split('/').pop()!;
      if (name === 'denied') throw awsError('AccessDenied', 'not authorized to perform sqs:GetQueueAttributes');
      if (name === 'deleted') throw awsError('QueueDoesNotExist', 'The specified queue does not exist.');
      return { Attributes: ATTRS[name] };
    });
    for (const region of ['eu-west-1', 'eu-central-1']) {
      sent.length = 0;
      sqs.resetHistory();
      const { data } = await collectIn(sqsCollector, region, ['eu-west-1', 'eu-central-1']);
      expect(sent).toEqual([`${region} max=1000 token=-`, `${region} max=1000 token=t4`]);
      const calls = sqs.commandCalls(GetQueueAttributesCommand).map((c) => c.args[0].input);
      expect(calls.map((i) => i.QueueUrl!.split('/').pop()).sort()).toEqual([...names].sort());
      for (const i of calls) expect([...(i.AttributeNames ?? [])].sort()).toEqual(['KmsMasterKeyId', 'Policy', 'SqsManagedSseEnabled']);
      const s = { ...compliantSnapshot(), region };
      s.data.sqs = data;
      const findings = sqs_queue_encrypted.evaluate(s);
      expect(findings.every((f) => f.resource.startsWith(`arn:aws:sqs:${region}:${TEST_ACCOUNT}:`))).toBe(true);
      expect(Object.fromEntries(findings.map((f) => [f.resource.split(':').pop()!, f.status]))).toEqual({
        kms: 'pass',
        'sse-sqs': 'pass',
        plain: 'fail',
        bare: 'fail',
        garbled: 'pass',
        denied: 'error',
      });
      // The same GetQueueAttributes answer carries the queue policy: pinned by aws:SourceArn, absent, public, unreadable.
      const open = sqs_queues_not_publicly_accessible.evaluate(s);
      expect(Object.fromEntries(open.map((f) => [f.resource.split(':').pop()!, f.status]))).toEqual({
        kms: 'pass',
        'sse-sqs': 'pass',
        plain: 'fail',
        bare: 'pass',
        garbled: 'error',
        denied: 'error',
      });
      expect(open.find((f) => f.resource.endsWith(':garbled'))!.message).toContain('UnreadablePolicy');
    }
  });
});
