import { fullAccessGrants } from '../resource-policy.js';
import { fail, pass } from '../helpers.js';
import { forEachCustomerKeyPolicy } from '../kms-keys.js';
import { defineCheck } from '../types.js';

/**
 * No customer managed KMS key policy gives full control of the key (`kms:*`, `*`, or an Allow with
 * NotAction) to anyone but the account root. The root statement is KMS's default: it delegates to IAM
 * policies, where least privilege is managed. A role, user, other account, service or `*` with `kms:*`
 * in the key policy itself may decrypt everything, change the policy and schedule the key's deletion,
 * whatever IAM says (see `fullAccessGrants` in `../resource-policy.ts`). AWS managed keys are not judged.
 */
export const kms_key_policy_no_full_access_except_root = defineCheck({
  id: 'kms_key_policy_no_full_access_except_root',
  title: 'Only the account root has full access in KMS key policies',
  demands:
    'No customer managed KMS key policy has an Allow of "kms:*" or "*" (any case or wildcard, or NotAction) for a principal other than the account root (arn:aws:iam::<account>:root or the account id), whatever its condition.',
  actionItem: 14,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['kms'],
  permissions: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyPolicy'],
  rationale:
    'Full access in the key policy lets a single principal decrypt all data under the key, rewrite who else may, and delete the key, beyond the reach of IAM least privilege.',
  evaluate(s) {
    return forEachCustomerKeyPolicy(s, (k, policy) => {
      const grants = fullAccessGrants(policy, s.accountId);
      if (grants.length === 0) return pass(k.arn, `The key policy of KMS key ${k.id} gives full access to no one but the account root.`);
      const what = grants.map((g) => `${g.statement} allows ${g.how} to ${g.principals.join(', ')}`).join('; ');
      return fail(
        k.arn,
        `The key policy of KMS key ${k.id} in ${s.region} (account ${s.accountId}) gives full access beyond the account root: ${what}. Grant those principals only the actions they use.`,
      );
    });
  },
});
