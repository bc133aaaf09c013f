import { GetTopicAttributesCommand, paginateListSubscriptionsByTopic, paginateListTopics, SNSClient } from '@aws-sdk/client-sns';
import { CallFailed, parsePolicyText, type CollectContext, type Read } from './context.js';
import type { Collector } from './types.js';

/** An SNS topic. */
export interface SnsTopic {
  arn: string;
  name: string;
  /** `KmsMasterKeyId` from GetTopicAttributes (`alias/aws/sns` is the AWS managed key); `null`: no server-side encryption. */
  kmsMasterKeyId: Read<string | null>;
  /** The topic's access policy (`Policy` attribute, parsed; SNS gives every topic one, the default allows only the owner); `null` when absent. */
  policy: Read<unknown>;
}

export interface SnsData {
  topics: Read<SnsTopic[]>;
}

/** A topic deleted between ListTopics and GetTopicAttributes. */
const GONE = ['NotFoundException', 'NotFound'];

/** The subscriptions of a topic, by confirmation. */
export interface TopicSubscriptions {
  /** Confirmed subscriptions: `Protocol:Endpoint` of each (an email address, a queue ARN, …). */
  confirmed: string[];
  /** Subscriptions still waiting for confirmation (`SubscriptionArn` `PendingConfirmation`). */
  pending: number;
}

/**
 * The subscriptions of one topic (every page of ListSubscriptionsByTopic, in the topic's region);
 * `null` when the topic does not exist.
 */
export async function readTopicSubscriptions(ctx: CollectContext, topicArn: string): Promise<TopicSubscriptions | null> {
  const region = topicArn.split(':')[3] || ctx.region;
  const sns = ctx.clients.get(SNSClient, region);
  try {
    const subs = await ctx.pages(
      'sns:ListSubscriptionsByTopic',
      paginateListSubscriptionsByTopic({ client: sns }, { TopicArn: topicArn }),
      (p) => p.Subscriptions,
    );
    const pending = subs.filter((x) => !x.SubscriptionArn || x.SubscriptionArn === 'PendingConfirmation' || x.SubscriptionArn === 'Deleted');
    return { confirmed: subs.filter((x) => !pending.includes(x)).map((x) => `${x.Protocol ?? ''}:${x.Endpoint ?? ''}`), pending: pending.length };
  } catch (error) {
    if (error instanceof CallFailed && GONE.includes(error.error.code)) return null;
    throw error;
  }
}

/** SNS (regional): every topic (every page of ListTopics, 100 a page), its encryption key and its access policy. */
export const snsCollector: Collector<SnsData> = {
  id: 'sns',
  scope: 'region',
  async collect(ctx) {
    const sns = ctx.clients.get(SNSClient, ctx.region);
    const topics = await ctx.read(async () => {
      // ListTopics has no page size parameter: it returns up to 100 topics a page.
      const arns = await ctx.pages('sns:ListTopics', paginateListTopics({ client: sns }, {}), (p) => p.Topics?.map((t) => t.TopicArn ?? ''));
      const read = await Promise.all(
        arns.map(async (arn): Promise<SnsTopic | undefined> => {
          let gone = false;
          // One GetTopicAttributes answers both: the encryption key and the access policy.
          const attributes = await ctx.read(async () => {
            const out = await ctx.call('sns:GetTopicAttributes', () => sns.send(new GetTopicAttributesCommand({ TopicArn: arn })), GONE);
            if (out === null) gone = true;
            return out?.Attributes ?? {};
          });
          if (gone) return undefined;
          const kmsMasterKeyId: Read<string | null> = attributes.ok ? { ok: true, value: attributes.value.KmsMasterKeyId || null } : attributes;
          const policy: Read<unknown> = attributes.ok
            ? await ctx.read(async () => parsePolicyText('sns:GetTopicAttributes', attributes.value.Policy))
            : attributes;
          return { arn, name: arn.split(':').pop() ?? arn, kmsMasterKeyId, policy };
        }),
      );
      return read.filter((t): t is SnsTopic => t !== undefined);
    });
    return { topics };
  },
};
