import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { publicStatements } from '../resource-policy.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * No SQS queue policy lets anyone use the queue: an Allow to Principal `*` (or `{"AWS":"*"}`, or a
 * NotPrincipal) counts unless a condition pins the caller to fixed values of aws:SourceArn,
 * aws:SourceAccount, aws:PrincipalOrgID and the like (see `publicStatements` in `../resource-policy.ts`).
 * A queue without a policy is reachable only by its own account's principals.
 */
export const sqs_queues_not_publicly_accessible = defineCheck({
  id: 'sqs_queues_not_publicly_accessible',
  title: 'SQS queue policies do not allow everyone',
  demands:
    'No SQS queue policy has an Allow for Principal "*" (or {"AWS":"*"}, or NotPrincipal) without a condition that pins the caller to a fixed source ARN, account, organisation, VPC or IP range.',
  actionItem: 4,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['sqs'],
  permissions: ['sqs:ListQueues', 'sqs:GetQueueAttributes'],
  rationale: 'A queue policy open to every principal lets any AWS account read, send or delete the messages, and messages often carry personal data.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'sqs', resource, (sqs) =>
      fromRead(sqs.queues, resource, (queues) => {
        if (queues.length === 0) return [notApplicable(resource, `No SQS queues in ${s.region} (account ${s.accountId}).`)];
        return queues.map((q): Finding => {
          if (!q.policy.ok) return errorFinding(q.arn, q.policy.error);
          if (q.policy.value === null)
            return pass(q.arn, `SQS queue ${q.name} has no queue policy: only principals of account ${s.accountId} with IAM permissions can use it.`);
          const open = publicStatements(q.policy.value);
          if (open.length === 0) return pass(q.arn, `The queue policy of SQS queue ${q.name} allows no one outside named principals or pinned sources.`);
          return fail(q.arn, `The queue policy of SQS queue ${q.name} in ${s.region} is public: ${open.map((o) => `${o.statement} ${o.how}`).join('; ')}.`);
        });
      }),
    );
  },
});
