import type { KmsKey, KmsKeyDetails } from '../aws/collectors/kms.js';
import type { Snapshot } from '../aws/snapshot.js';
import { errorFinding, fromRead, notApplicable, regionResource, withData } from './helpers.js';
import type { Finding } from './types.js';

/**
 * The KMS checks' common walk: one finding per customer managed key of the region, `judge` deciding on
 * the key's DescribeKey details. The collector or the key list failing is an error for the region, a key
 * whose DescribeKey failed is an error for that key (it may be customer managed), AWS managed keys are
 * skipped (nobody can change them), and a region without customer managed keys is not applicable.
 */
export function forEachCustomerKey(s: Snapshot, judge: (key: KmsKey, details: KmsKeyDetails) => Finding): Finding[] {
  const resource = regionResource(s);
  return withData(s, 'kms', resource, (kms) =>
    fromRead(kms.keys, resource, (keys) => {
      const out: Finding[] = [];
      for (const k of keys) {
        if (!k.details.ok) out.push(errorFinding(k.arn, k.details.error));
        else if (k.details.value.manager === 'CUSTOMER') out.push(judge(k, k.details.value));
      }
      return out.length > 0 ? out : [notApplicable(resource, `No customer managed KMS keys in ${s.region} (account ${s.accountId}).`)];
    }),
  );
}

/**
 * Like {@link forEachCustomerKey}, for checks of the key policy: a policy that was not read, could not be
 * read, or came back empty is an error for that key (judged as "no policy", a public one would pass).
 */
export function forEachCustomerKeyPolicy(s: Snapshot, judge: (key: KmsKey, policy: unknown) => Finding): Finding[] {
  return forEachCustomerKey(s, (k) => {
    if (!k.policy) return errorFinding(k.arn, { call: 'kms:GetKeyPolicy', kind: 'other', code: 'NotCollected', message: 'the key policy was not read' });
    if (!k.policy.ok) return errorFinding(k.arn, k.policy.error);
    if (k.policy.value === null)
      return errorFinding(k.arn, { call: 'kms:GetKeyPolicy', kind: 'other', code: 'EmptyResponse', message: 'GetKeyPolicy returned no policy document' });
    return judge(k, k.policy.value);
  });
}
