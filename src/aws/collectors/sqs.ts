import { GetQueueAttributesCommand, paginateListQueues, SQSClient } from '@aws-sdk/client-sqs';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** A queue's encryption attributes as GetQueueAttributes reports them. */
export interface QueueEncryption {
  /** `KmsMasterKeyId`: a KMS key id, ARN or alias (`alias/aws/sqs` is the AWS managed key); absent: no SSE-KMS. */
  kmsMasterKeyId?: string;
  /** `SqsManagedSseEnabled` (`true`: SSE-SQS, keys owned by SQS). */
  sqsManagedSse: boolean;
}

/** An SQS queue. */
export interface SqsQueue {
  url: string;
  name: string;
  arn: string;
  encryption: Read<QueueEncryption>;
}

export interface SqsData {
  queues: Read<SqsQueue[]>;
}

/** Queue URLs per ListQueues page (`MaxResults` 1 to 1000; without it ListQueues returns at most 1000 and no token). */
const PAGE = 1000;
/** A queue deleted between ListQueues and GetQueueAttributes. */
const GONE = ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'];

/** SQS (regional): every queue (every page of ListQueues) and its encryption attributes. */
export const sqsCollector: Collector<SqsData> = {
  id: 'sqs',
  scope: 'region',
  async collect(ctx) {
    const sqs = ctx.clients.get(SQSClient, ctx.region);
    const queues = await ctx.read(async () => {
      const urls = await ctx.pages('sqs:ListQueues', paginateListQueues({ client: sqs, pageSize: PAGE }, {}), (p) => p.QueueUrls);
      const read = await Promise.all(
        urls.map(async (url): Promise<SqsQueue | undefined> => {
          const name = url.split('/').pop() ?? url;
          let gone = false;
          const encryption = await ctx.read(async (): Promise<QueueEncryption> => {
            const out = await ctx.call('sqs:GetQueueAttributes', () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['KmsMasterKeyId', 'SqsManagedSseEnabled'] })), GONE);
            if (out === null) gone = true;
            const a = out?.Attributes ?? {};
            return { kmsMasterKeyId: a.KmsMasterKeyId || undefined, sqsManagedSse: a.SqsManagedSseEnabled === 'true' };
          });
          if (gone) return undefined;
          return { url, name, arn: `arn:aws:sqs:${ctx.region}:${url.split('/').at(-2) ?? ctx.accountId}:${name}`, encryption };
        }),
      );
      return read.filter((q): q is SqsQueue => q !== undefined);
    });
    return { queues };
  },
};
