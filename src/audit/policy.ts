import type { Config } from '../config/schema.js';
import { PRINCIPAL_ACCOUNT, type IamPolicy } from '../remediations/policy.js';

/**
 * The policy the audit shipper needs: `s3:PutObject` on its own prefix of its own bucket (the bot's
 * account: `aws:ResourceAccount`), nothing to read, list or delete.
 */
export function auditShippingPolicy(audit: Config['audit']): IamPolicy {
  if (!audit.s3Bucket) throw new Error('audit.s3Bucket is not set: nothing is shipped, so no policy is needed');
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GdprBotShipAuditLog',
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: `arn:*:s3:::${audit.s3Bucket}/${audit.s3Prefix}*`,
        Condition: { StringEquals: { 'aws:ResourceAccount': PRINCIPAL_ACCOUNT } },
      },
    ],
  };
}
