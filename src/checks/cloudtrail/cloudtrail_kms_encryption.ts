import { errorWith, everyTrail, keyStateProblem } from '../cloudtrail-trails.js';
import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every trail encrypts its logs with a KMS key (SSE-KMS) that is enabled. */
export const cloudtrail_kms_encryption = defineCheck({
  id: 'cloudtrail_kms_encryption',
  title: 'CloudTrail logs are encrypted with KMS',
  demands: 'Every trail encrypts its logs with a KMS key whose state is Enabled (disabled or pending deletion fails).',
  actionItem: 8,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['cloudtrail'],
  permissions: ['cloudtrail:DescribeTrails', 'kms:DescribeKey'],
  rationale: 'Logs contain user names, IP addresses and resource names; SSE-KMS adds a key policy between them and whoever can read the bucket.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'cloudtrail', resource, (ct) =>
      fromRead(ct.trails, resource, (trails) =>
        everyTrail(s, ct, trails, resource, (t) => {
          if (!t.kmsKeyId) return fail(t.arn, `Trail ${t.name} does not encrypt its logs with a KMS key.`);
          if (!t.kmsKey) return { status: 'error', resource: t.arn, message: `Could not check trail ${t.name}: its KMS key ${t.kmsKeyId} was not read.` };
          if (!t.kmsKey.ok) return errorWith(t.arn, `Could not check the KMS key ${t.kmsKeyId} of trail ${t.name}`, t.kmsKey.error);
          const problem = keyStateProblem(t.kmsKey.value.state, t.kmsKey.value.deletionDate);
          return problem
            ? fail(
                t.arn,
                `Trail ${t.name} encrypts with KMS key ${t.kmsKeyId}, which ${problem} (key state ${t.kmsKey.value.state}): CloudTrail cannot encrypt with it.`,
              )
            : pass(t.arn, `Trail ${t.name} encrypts its logs with the enabled KMS key ${t.kmsKeyId}.`);
        }),
      ),
    );
  },
});
