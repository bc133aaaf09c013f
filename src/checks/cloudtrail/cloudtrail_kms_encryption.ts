import { accountResource, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every trail encrypts its logs with a KMS key (SSE-KMS). */
export const cloudtrail_kms_encryption = defineCheck({
  id: 'cloudtrail_kms_encryption',
  title: 'CloudTrail logs are encrypted with KMS',
  actionItem: 8,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['cloudtrail'],
  permissions: ['cloudtrail:DescribeTrails'],
  rationale: 'Logs contain user names, IP addresses and resource names; SSE-KMS adds a key policy between them and whoever can read the bucket.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'cloudtrail', resource, (ct) =>
      fromRead(ct.trails, resource, (trails) => {
        if (trails.length === 0) return [notApplicable(resource, `Account ${s.accountId} has no CloudTrail trails.`)];
        return trails.map((t) => (t.kmsKeyId ? pass(t.arn, `Trail ${t.name} encrypts its logs with KMS.`) : fail(t.arn, `Trail ${t.name} does not encrypt its logs with a KMS key.`)));
      }),
    );
  },
});
