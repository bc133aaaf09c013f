import { GetTopicAttributesCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { snsCollector } from '../../src/aws/collectors/sns.js';
import { sns_topic_kms_encryption } from '../../src/checks/sns/sns_topic_kms_encryption.js';
import { sns_topics_not_publicly_accessible } from '../../src/checks/sns/sns_topics_not_publicly_accessible.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { awsError } from '../helpers/synthetic-aws.js';

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

const KEYS: Record<string, string | undefined> = {
  cmk: 'arn:aws:kms:eu-west-1:123456789012:key/k1',
  managed: 'alias/aws/sns',
  plain: undefined,
  empty: '',
  denied: 'x',
  deleted: 'x',
};

describe('the SNS collector', () => {
  it('follows NextToken on ListTopics in each region and reads every topic’s KmsMasterKeyId', async () => {
    const names = Object.keys(KEYS);
    const sent: string[] = [];
    sns.on(ListTopicsCommand).callsFake(async (input: { NextToken?: string }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`${region} token=${input.NextToken ?? '-'}`);
      const p = pageOf(names, input.NextToken, 4);
      return { Topics: p.items.map((n) => ({ TopicArn: `arn:aws:sns:${region}:${TEST_ACCOUNT}:${n}` })), NextToken: p.next };
    });
    sns.on(GetTopicAttributesCommand).callsFake(async (input: { TopicArn: string }) => {
      const name = input.TopicArn.split(':').pop()!;
      if (name === 'denied') throw awsError('AuthorizationError', 'not authorized to perform sns:GetTopicAttributes');
      if (name === 'deleted') throw awsError('NotFoundException', 'Topic does not exist');
      const key = KEYS[name];
      return { Attributes: { TopicArn: input.TopicArn, ...(key === undefined ? {} : { KmsMasterKeyId: key }) } };
    });
    for (const region of ['eu-west-1', 'eu-central-1']) {
      sent.length = 0;
      sns.resetHistory();
      const { data } = await collectIn(snsCollector, region, ['eu-west-1', 'eu-central-1']);
      expect(sent).toEqual([`${region} token=-`, `${region} token=t4`]);
      expect(
        sns
          .commandCalls(GetTopicAttributesCommand)
          .map((c) => c.args[0].input.TopicArn!.split(':').pop())
          .sort(),
      ).toEqual([...names].sort());
      const s = { ...compliantSnapshot(), region };
      s.data.sns = data;
      const findings = sns_topic_kms_encryption.evaluate(s);
      expect(Object.fromEntries(findings.map((f) => [f.resource.split(':').pop()!, f.status]))).toEqual({
        cmk: 'pass',
        managed: 'pass',
        plain: 'fail',
        empty: 'fail',
        denied: 'error',
      });
      expect(findings.find((f) => f.resource.endsWith(':managed'))!.message).toContain('AWS managed key alias/aws/sns');
    }
  });

  it('keeps the Policy attribute of the same GetTopicAttributes answer: the default policy passes, an open one fails, unreadable JSON is an error', async () => {
    const policies: Record<string, string | undefined> = {
      default: JSON.stringify({
        Version: '2008-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Condition: { StringEquals: { 'AWS:SourceOwner': TEST_ACCOUNT } } }],
      }),
      open: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'SNS:Subscribe' }] }),
      garbled: '{"Statement": [',
    };
    sns.on(ListTopicsCommand).resolves({ Topics: Object.keys(policies).map((n) => ({ TopicArn: `arn:aws:sns:eu-west-1:${TEST_ACCOUNT}:${n}` })) });
    sns
      .on(GetTopicAttributesCommand)
      .callsFake(async (input: { TopicArn: string }) => ({ Attributes: { TopicArn: input.TopicArn, Policy: policies[input.TopicArn.split(':').pop()!] } }));
    const { data, calls } = await collectIn(snsCollector, 'eu-west-1');
    expect(calls.filter((c) => c === 'sns:GetTopicAttributes')).toHaveLength(3);
    const s = compliantSnapshot();
    s.data.sns = data;
    const by = Object.fromEntries(sns_topics_not_publicly_accessible.evaluate(s).map((f) => [f.resource.split(':').pop(), f.status]));
    expect(by).toEqual({ default: 'pass', open: 'fail', garbled: 'error' });
  });
});
