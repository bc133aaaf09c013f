import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { publicStatements } from '../resource-policy.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * No SNS topic policy lets anyone use the topic. SNS gives every topic a default policy with Principal
 * `{"AWS":"*"}` narrowed by `AWS:SourceOwner` = the owner account: that one passes (the condition pins
 * the caller). An Allow to `*` without such a condition (see `publicStatements` in
 * `../resource-policy.ts`) lets any account publish or subscribe.
 */
export const sns_topics_not_publicly_accessible = defineCheck({
  id: 'sns_topics_not_publicly_accessible',
  title: 'SNS topic policies do not allow everyone',
  demands:
    'No SNS topic policy has an Allow for Principal "*" (or {"AWS":"*"}, or NotPrincipal) without a condition that pins the caller to a fixed owner, source ARN, account, organisation, VPC or IP range.',
  actionItem: 4,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['sns'],
  permissions: ['sns:ListTopics', 'sns:GetTopicAttributes'],
  rationale: 'A topic open to every principal lets anyone subscribe to the notifications it carries (and their personal data) or publish to its subscribers.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'sns', resource, (sns) =>
      fromRead(sns.topics, resource, (topics) => {
        if (topics.length === 0) return [notApplicable(resource, `No SNS topics in ${s.region} (account ${s.accountId}).`)];
        return topics.map((t): Finding => {
          if (!t.policy.ok) return errorFinding(t.arn, t.policy.error);
          if (t.policy.value === null) return pass(t.arn, `SNS topic ${t.name} has no access policy: only principals of its own account can use it.`);
          const open = publicStatements(t.policy.value);
          if (open.length === 0) return pass(t.arn, `The access policy of SNS topic ${t.name} allows no one outside named principals or pinned sources.`);
          return fail(t.arn, `The access policy of SNS topic ${t.name} in ${s.region} is public: ${open.map((o) => `${o.statement} ${o.how}`).join('; ')}.`);
        });
      }),
    );
  },
});
