import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/**
 * Every DynamoDB table is encrypted with a KMS key (the AWS managed `aws/dynamodb` key or a customer
 * managed one), whose use is logged in CloudTrail and can be governed by key policy. A table without
 * `SSEDescription` uses the default key AWS owns: encrypted, but outside the account's control and
 * audit, so it fails. A table whose encryption is changing (`ENABLING`, `UPDATING`) cannot be judged yet.
 */
export const dynamodb_table_kms_encryption = defineCheck({
  id: 'dynamodb_table_kms_encryption',
  title: 'DynamoDB tables are encrypted with a KMS key',
  demands: 'Every DynamoDB table is encrypted with a KMS key (AWS managed aws/dynamodb or customer managed), not the default AWS owned key.',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['dynamodb'],
  permissions: ['dynamodb:ListTables', 'dynamodb:DescribeTable'],
  rationale:
    'With a KMS key every use of the key that protects the table is logged and can be restricted or revoked; with the AWS owned key none of that is visible to the controller.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'dynamodb', resource, (ddb) =>
      fromRead(ddb.tables, resource, (tables) => {
        if (tables.length === 0) return [notApplicable(resource, `No DynamoDB tables in ${s.region} (account ${s.accountId}).`)];
        return tables.map((t): Finding => {
          if (!t.encryption.ok) return errorFinding(t.arn, t.encryption.error);
          const e = t.encryption.value;
          if (e === null) return fail(t.arn, `DynamoDB table ${t.name} in ${s.region} is encrypted with the AWS owned key, not a KMS key.`);
          if (e.status === 'ENABLED' && e.type === 'KMS')
            return pass(t.arn, `DynamoDB table ${t.name} is encrypted with KMS key ${e.kmsKeyArn ?? '(unnamed)'}.`);
          if (e.status === 'ENABLING' || e.status === 'UPDATING')
            return {
              status: CheckStatus.Error,
              resource: t.arn,
              message: `Could not check ${t.arn}: its encryption is ${e.status} (re-scan when the change is done).`,
            };
          return fail(
            t.arn,
            `DynamoDB table ${t.name} in ${s.region} is not encrypted with a KMS key (SSE ${e.status ?? 'status missing'}, type ${e.type ?? 'missing'}).`,
          );
        });
      }),
    );
  },
});
