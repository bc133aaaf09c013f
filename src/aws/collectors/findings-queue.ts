import type { Message } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../clients.js';

/** A received message with what deleting it needs. */
export type ReceivedMessage = Message & { MessageId: string; ReceiptHandle: string };

/**
 * The findings queue's two calls (their IAM actions: FINDINGS_QUEUE_ACTIONS in src/findings/policy.ts).
 *
 * One long poll of the findings queue (`findings.delivery: eventbridge`): ReceiveMessage, at most 10
 * messages, with their receive count and send time. Messages without an id or receipt handle are dropped
 * (SQS always sets both). The SQS client is loaded on the first poll, not at start-up.
 */
export async function receiveFindingMessages(
  aws: AwsClients,
  region: string,
  queueUrl: string,
  options: { waitTimeSeconds: number; visibilityTimeoutSeconds: number },
  signal?: AbortSignal,
): Promise<ReceivedMessage[]> {
  const { ReceiveMessageCommand, SQSClient } = await import('@aws-sdk/client-sqs');
  const received = await aws.get(SQSClient, region).send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: options.waitTimeSeconds,
      VisibilityTimeout: options.visibilityTimeoutSeconds,
      MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
    }),
    signal ? { abortSignal: signal } : {},
  );
  return (received.Messages ?? []).filter((m): m is ReceivedMessage => Boolean(m.MessageId && m.ReceiptHandle));
}

/** Deletes handled messages (DeleteMessageBatch, at most 10); returns how many went and why the others did not. */
export async function deleteFindingMessages(
  aws: AwsClients,
  region: string,
  queueUrl: string,
  messages: readonly ReceivedMessage[],
): Promise<{ deleted: number; failed: { code?: string; senderFault?: boolean }[] }> {
  if (messages.length === 0) return { deleted: 0, failed: [] };
  const { DeleteMessageBatchCommand, SQSClient } = await import('@aws-sdk/client-sqs');
  const result = await aws
    .get(SQSClient, region)
    .send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
  return { deleted: result.Successful?.length ?? 0, failed: (result.Failed ?? []).map((f) => ({ code: f.Code, senderFault: f.SenderFault })) };
}
