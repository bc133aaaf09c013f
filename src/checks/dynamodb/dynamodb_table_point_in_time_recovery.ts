import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** Every DynamoDB table has point-in-time recovery on. */
export const dynamodb_table_point_in_time_recovery = defineCheck({
  id: 'dynamodb_table_point_in_time_recovery',
  title: 'DynamoDB tables have point-in-time recovery',
  demands: 'Every DynamoDB table has point-in-time recovery ENABLED (DescribeContinuousBackups).',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['dynamodb'],
  permissions: ['dynamodb:ListTables', 'dynamodb:DescribeContinuousBackups'],
  rationale:
    'Art. 32(1)(c) asks for the ability to restore personal data in a timely manner; without point-in-time recovery a deleted or corrupted table cannot be restored to before the incident.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'dynamodb', resource, (ddb) =>
      fromRead(ddb.tables, resource, (tables) => {
        if (tables.length === 0) return [notApplicable(resource, `No DynamoDB tables in ${s.region} (account ${s.accountId}).`)];
        return tables.map((t): Finding => {
          if (!t.pointInTimeRecovery.ok) return errorFinding(t.arn, t.pointInTimeRecovery.error);
          const status = t.pointInTimeRecovery.value;
          if (status === 'ENABLED') return pass(t.arn, `DynamoDB table ${t.name} has point-in-time recovery on.`);
          if (status === null)
            return {
              status: CheckStatus.Error,
              resource: t.arn,
              message: `Could not check ${t.arn}: DescribeContinuousBackups gave no point-in-time recovery status.`,
            };
          return fail(t.arn, `DynamoDB table ${t.name} in ${s.region} has point-in-time recovery ${status}.`);
        });
      }),
    );
  },
});
