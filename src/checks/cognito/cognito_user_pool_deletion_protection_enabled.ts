import { forEachUserPool } from '../cognito-pools.js';
import { fail, pass } from '../helpers.js';
import { defineCheck } from '../types.js';

/**
 * Every Cognito user pool has deletion protection ACTIVE. DescribeUserPool leaving the field out reads as
 * INACTIVE: pools created through the CreateUserPool API (CLI, SDKs, most infrastructure as code) start
 * without it; only the console turns it on by default.
 */
export const cognito_user_pool_deletion_protection_enabled = defineCheck({
  id: 'cognito_user_pool_deletion_protection_enabled',
  title: 'Cognito user pools have deletion protection',
  demands: "Every user pool has DeletionProtection ACTIVE (the API's default is INACTIVE).",
  actionItem: 6,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['cognito'],
  permissions: ['cognito-idp:ListUserPools', 'cognito-idp:DescribeUserPool'],
  rationale: 'Deleting a user pool deletes every user account in it; protection keeps one DeleteUserPool call (a mistake or an attacker) from destroying them.',
  evaluate(s) {
    return forEachUserPool(s, (p, d) => {
      if (d.deletionProtection === 'ACTIVE') return pass(p.arn, `User pool ${p.name} (${p.id}) has deletion protection active.`);
      return fail(
        p.arn,
        `User pool ${p.name} (${p.id}) in ${s.region} has deletion protection ${d.deletionProtection}: one DeleteUserPool call deletes it with every user in it. Activate deletion protection in the console's settings (an UpdateUserPool call resets every setting it leaves out).`,
      );
    });
  },
});
