import { GetQueueAttributesCommand, paginateListQueues, SQSClient } from '@aws-sdk/client-sqs';
import { parsePolicyText, type Read } from './context.js';
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
  /** The queue policy (`Policy` attribute, parsed); `null` when the queue has none. */
  policy: Read<unknown>;
}

export interface SqsData {
  queues: Read<SqsQueue[]>;
}

/** Queue URLs per ListQueues page (`MaxResults` 1 to 1000; without it ListQueues returns at most 1000 and no token). */
const PAGE = 1000;
/** A queue deleted between ListQueues and GetQueueAttributes. */
const GONE = ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'];

/** SQS (regional): every queue (every page of ListQueues), its encryption attributes and its queue policy. */
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
          // One GetQueueAttributes answers both: the encryption attributes and the queue policy.
          const attributes = await ctx.read(async () => {
            const out = await ctx.call(
              'sqs:GetQueueAttributes',
              () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['KmsMasterKeyId', 'SqsManagedSseEnabled', 'Policy'] })),
              GONE,
            );
            if (out === null) gone = true;
            return out?.Attributes ?? {};
          });
          const encryption: Read<QueueEncryption> = attributes.ok
            ? {
                ok: true,
                value: { kmsMasterKeyId: attributes.value.KmsMasterKeyId || undefined, sqsManagedSse: attributes.value.SqsManagedSseEnabled === 'true' },
              }
            : attributes;
          const policy: Read<unknown> = attributes.ok
            ? await ctx.read(async () => parsePolicyText('sqs:GetQueueAttributes', attributes.value.Policy))
            : attributes;
          if (gone) return undefined;
          return { url, name, arn: `arn:aws:sqs:${ctx.region}:${url.split('/').at(-2) ?? ctx.accountId}:${name}`, encryption, policy };
        }),
      );
      return read.filter((q): q is SqsQueue => q !== undefined);
    });
    return { queues };
  },
};
