import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { publicStatements } from '../resource-policy.js';
import { defineCheck, type Finding } from '../types.js';

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
  demands: 'No customer managed KMS key policy has an Allow for Principal "*" (or {"AWS":"*"}, or NotPrincipal) without a condition that pins the caller to a fixed account (kms:CallerAccount), organisation, VPC endpoint or source.',
  actionItem: 14,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'critical',
  scope: 'region',
  needs: ['kms'],
  permissions: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyPolicy'],
  rationale: 'A key that any principal may use decrypts, for anyone, the personal data it protects: encryption with it is no protection.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'kms', resource, (kms) =>
      fromRead(kms.keys, resource, (keys) => {
        const out: Finding[] = [];
        for (const k of keys) {
          if (!k.details.ok) {
            out.push(errorFinding(k.arn, k.details.error));
            continue;
          }
          if (k.details.value.manager !== 'CUSTOMER') continue;
          if (!k.policy) {
            out.push(errorFinding(k.arn, { call: 'kms:GetKeyPolicy', kind: 'other', code: 'NotCollected', message: 'the key policy was not read' }));
            continue;
          }
          if (!k.policy.ok) {
            out.push(errorFinding(k.arn, k.policy.error));
            continue;
          }
          if (k.policy.value === null) {
            out.push(errorFinding(k.arn, { call: 'kms:GetKeyPolicy', kind: 'other', code: 'EmptyResponse', message: 'GetKeyPolicy returned no policy document' }));
            continue;
          }
          const open = publicStatements(k.policy.value);
          if (open.length === 0) out.push(pass(k.arn, `The key policy of KMS key ${k.id} allows no one outside named principals or pinned callers.`));
          else out.push(fail(k.arn, `The key policy of KMS key ${k.id} in ${s.region} is public: ${open.map((o) => `${o.statement} ${o.how}`).join('; ')}.`));
        }
        if (out.length === 0) return [notApplicable(resource, `No customer managed KMS keys in ${s.region} (account ${s.accountId}).`)];
        return out;
      }),
    );
  },
});
