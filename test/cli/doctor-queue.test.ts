import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { findingsQueueCheck } from '../../src/cli/doctor.js';
import { AwsClients } from '../../src/aws/clients.js';
import { awsError } from '../helpers/synthetic-aws.js';

const SQS = { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/gdpr-bot-findings' };

describe('gdpr-bot doctor: the findings queue (delivery: eventbridge)', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());
  const run = () => findingsQueueCheck(SQS, new AwsClients({ defaultRegion: 'us-east-1', maxAttempts: 1 }));

  it("ok: readable, encrypted, with a dead-letter queue (asked in the queue URL's region)", async () => {
    sqs
      .on(GetQueueAttributesCommand)
      .resolves({ Attributes: { ApproximateNumberOfMessages: '3', SqsManagedSseEnabled: 'true', RedrivePolicy: '{"maxReceiveCount":10}' } });
    expect(await run()).toMatchObject({ check: 'aws.findings.queue', status: 'ok', message: expect.stringContaining('3 message(s) waiting') });
    const call = sqs.commandCalls(GetQueueAttributesCommand)[0]!;
    expect(call.args[0].input.QueueUrl).toBe(SQS.queueUrl);
    expect(await (call.thisValue as SQSClient).config.region()).toBe('eu-west-1');
  });

  it('warns about a queue without a dead-letter queue or encryption', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
    const result = await run();
    expect(result).toMatchObject({ status: 'warn', fix: expect.stringContaining('--eventbridge') });
    expect(result.message).toMatch(/no dead-letter queue.*not encrypted/);
  });

  it('fails when the queue cannot be read', async () => {
    sqs.on(GetQueueAttributesCommand).rejects(awsError('AccessDenied', 'not authorized to perform sqs:GetQueueAttributes'));
    expect(await run()).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('cannot be read'),
      fix: expect.stringContaining('policy --findings'),
    });
  });
});
