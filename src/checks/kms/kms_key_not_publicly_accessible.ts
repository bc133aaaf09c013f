import { publicStatements } from '../resource-policy.js';
import { fail, pass } from '../helpers.js';
import { forEachCustomerKeyPolicy } from '../kms-keys.js';
import { defineCheck } from '../types.js';

/**
 * No customer managed KMS key has a key policy that lets anyone use it: an Allow to Principal `*` counts
 * unless a condition pins the caller (kms:CallerAccount, aws:PrincipalOrgID, aws:SourceVpce, …; see
 * `publicStatements` in `../resource-policy.ts`). `kms:ViaService` alone does not: it lets every account
 * use the key through that service. AWS managed keys are not judged (AWS writes their policies, which
 * pin kms:CallerAccount).
 */
export const kms_key_not_publicly_accessible = defineCheck({
  id: 'kms_key_not_publicly_accessible',
  title: 'KMS key policies do not allow everyone',
  demands:
    'No customer managed KMS key policy has an Allow for Principal "*" (or {"AWS":"*"}, or NotPrincipal) without a condition that pins the caller to a fixed account (kms:CallerAccount), organisation, VPC endpoint or source.',
  actionItem: 14,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'critical',
  scope: 'region',
  needs: ['kms'],
  permissions: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyPolicy'],
  rationale: 'A key that any principal may use decrypts, for anyone, the personal data it protects: encryption with it is no protection.',
  evaluate(s) {
    return forEachCustomerKeyPolicy(s, (k, policy) => {
      const open = publicStatements(policy);
      if (open.length === 0) return pass(k.arn, `The key policy of KMS key ${k.id} allows no one outside named principals or pinned callers.`);
      return fail(k.arn, `The key policy of KMS key ${k.id} in ${s.region} is public: ${open.map((o) => `${o.statement} ${o.how}`).join('; ')}.`);
    });
  },
});
