import { accountResource, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Users get permissions through groups or roles, not policies attached to them directly. */
export const iam_user_no_direct_policies = defineCheck({
  id: 'iam_user_no_direct_policies',
  title: 'No policies attached directly to users',
  demands: 'No user has a managed or inline policy attached directly (grant through groups or roles).',
  actionItem: 4,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'low',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GetAccountAuthorizationDetails'],
  rationale: 'Per-user policies drift and are hard to review; granting access through groups and roles keeps it granular and auditable.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 'iam', account, (iam) =>
      fromRead(iam.authorization, account, ({ users }) => {
        if (users.length === 0) return [notApplicable(account, `Account ${s.accountId} has no IAM users.`)];
        return users.map((u) => {
          const direct = u.inlinePolicies.length + u.attachedPolicies.length;
          return direct > 0
            ? fail(u.arn, `IAM user ${u.name} (${u.arn}) has ${direct} policy(ies) attached directly.`)
            : pass(u.arn, `IAM user ${u.name} (${u.arn}) gets its permissions only through groups or roles.`);
        });
      }),
    );
  },
});
