import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * Every SQS queue encrypts its messages at rest: with a KMS key (`KmsMasterKeyId`, SSE-KMS) or with
 * keys SQS manages (`SqsManagedSseEnabled`, SSE-SQS). A queue with neither keeps messages unencrypted.
 */
export const sqs_queue_encrypted = defineCheck({
  id: 'sqs_queue_encrypted',
  title: 'SQS queues are encrypted at rest',
  demands: 'Every SQS queue has server-side encryption: a KMS key (KmsMasterKeyId) or SQS-managed keys (SqsManagedSseEnabled).',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['sqs'],
  permissions: ['sqs:ListQueues', 'sqs:GetQueueAttributes'],
  rationale: 'Messages often carry personal data and can sit in a queue for up to 14 days; without server-side encryption they are stored in clear.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'sqs', resource, (sqs) =>
      fromRead(sqs.queues, resource, (queues) => {
        if (queues.length === 0) return [notApplicable(resource, `No SQS queues in ${s.region} (account ${s.accountId}).`)];
        return queues.map((q): Finding => {
          if (!q.encryption.ok) return errorFinding(q.arn, q.encryption.error);
          const e = q.encryption.value;
          if (e.kmsMasterKeyId) return pass(q.arn, `SQS queue ${q.name} is encrypted with KMS key ${e.kmsMasterKeyId}.`);
          if (e.sqsManagedSse) return pass(q.arn, `SQS queue ${q.name} is encrypted with SQS-managed keys (SSE-SQS).`);
          return fail(q.arn, `SQS queue ${q.name} in ${s.region} has no server-side encryption (no KMS key, SSE-SQS off).`);
        });
      }),
    );
  },
});
