import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * Every SNS topic has server-side encryption with a KMS key. The AWS managed key `alias/aws/sns`
 * passes (the message says so: its key policy cannot be changed, so publishers from other accounts
 * and some AWS services cannot use the topic).
 */
export const sns_topic_kms_encryption = defineCheck({
  id: 'sns_topic_kms_encryption',
  title: 'SNS topics are encrypted with KMS',
  demands: 'Every SNS topic has server-side encryption with a KMS key (KmsMasterKeyId; the AWS managed alias/aws/sns passes, noted).',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['sns'],
  permissions: ['sns:ListTopics', 'sns:GetTopicAttributes'],
  rationale: 'SNS stores messages until they are delivered; without server-side encryption the personal data they carry is stored in clear.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'sns', resource, (sns) =>
      fromRead(sns.topics, resource, (topics) => {
        if (topics.length === 0) return [notApplicable(resource, `No SNS topics in ${s.region} (account ${s.accountId}).`)];
        return topics.map((t): Finding => {
          if (!t.kmsMasterKeyId.ok) return errorFinding(t.arn, t.kmsMasterKeyId.error);
          const key = t.kmsMasterKeyId.value;
          if (!key) return fail(t.arn, `SNS topic ${t.name} in ${s.region} has no server-side encryption.`);
          if (key === 'alias/aws/sns' || key.endsWith(':alias/aws/sns'))
            return pass(
              t.arn,
              `SNS topic ${t.name} is encrypted with the AWS managed key alias/aws/sns (its key policy cannot be changed; use a customer managed key for cross-account publishers).`,
            );
          return pass(t.arn, `SNS topic ${t.name} is encrypted with KMS key ${key}.`);
        });
      }),
    );
  },
});
