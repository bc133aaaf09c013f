import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/**
 * Every Cognito user pool has deletion protection ACTIVE. DescribeUserPool leaving the field out reads as
 * INACTIVE: pools created through the CreateUserPool API (CLI, SDKs, most infrastructure as code) start
 * without it; only the console turns it on by default.
 */
export const cognito_user_pool_deletion_protection_enabled = defineCheck({
  id: 'cognito_user_pool_deletion_protection_enabled',
  title: 'Cognito user pools have deletion protection',
  demands: 'Every user pool has DeletionProtection ACTIVE (the API\'s default is INACTIVE).',
  actionItem: 6,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['cognito'],
  permissions: ['cognito-idp:ListUserPools', 'cognito-idp:DescribeUserPool'],
  rationale: 'Deleting a user pool deletes every user account in it; protection keeps one DeleteUserPool call (a mistake or an attacker) from destroying them.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'cognito', resource, (c) =>
      fromRead(c.userPools, resource, (pools) => {
        if (pools.length === 0) return [notApplicable(resource, `No Cognito user pools in ${s.region} (account ${s.accountId}).`)];
        return pools.map((p) => {
          if (!p.details.ok) return errorFinding(p.arn, p.details.error);
          const state = p.details.value.deletionProtection;
          if (state === 'ACTIVE') return pass(p.arn, `User pool ${p.name} (${p.id}) has deletion protection active.`);
          return fail(p.arn, `User pool ${p.name} (${p.id}) in ${s.region} has deletion protection ${state}: one DeleteUserPool call deletes it with every user in it. Activate deletion protection in the console's settings (an UpdateUserPool call resets every setting it leaves out).`);
        });
      }),
    );
  },
});
