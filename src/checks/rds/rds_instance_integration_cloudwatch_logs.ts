import type { DbInstance } from '../../aws/collectors/rds.js';
import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** The log type that carries an engine's own database log, as `EnabledCloudwatchLogsExports` names it. */
function mainLog(engine: string): string | undefined {
  if (engine === 'postgres') return 'postgresql';
  if (engine === 'mysql' || engine === 'mariadb' || engine.startsWith('sqlserver')) return 'error';
  if (engine.startsWith('oracle')) return 'alert';
  if (engine.startsWith('db2')) return 'diag.log';
  return undefined;
}

function judge(i: DbInstance, region: string): Finding {
  if (i.clusterId) return notApplicable(i.arn, `RDS DB instance ${i.id} belongs to DB cluster ${i.clusterId}, whose log exports are the cluster's.`);
  const log = mainLog(i.engine);
  if (!log) return notApplicable(i.arn, `RDS DB instance ${i.id}: engine ${i.engine} publishes no log type this check knows.`);
  const exported = i.logExports.length > 0 ? `exports ${i.logExports.join(', ')}` : 'exports no logs';
  return i.logExports.includes(log)
    ? pass(i.arn, `RDS DB instance ${i.id} (${i.engine}) publishes its ${log} log to CloudWatch Logs (${exported}).`)
    : fail(i.arn, `RDS DB instance ${i.id} (${i.engine}) in ${region} does not publish its ${log} log to CloudWatch Logs (it ${exported}).`);
}

/**
 * Every DB instance outside a DB cluster publishes its engine's database log (`postgresql`, `error`,
 * `alert`, `diag.log`) to CloudWatch Logs, where it is kept and searchable after the instance's own
 * log files rotate away.
 */
export const rds_instance_integration_cloudwatch_logs = defineCheck({
  id: 'rds_instance_integration_cloudwatch_logs',
  title: 'RDS DB instances publish their logs to CloudWatch Logs',
  demands: "Every RDS DB instance outside a DB cluster exports its engine's database log (postgresql, error, alert, diag.log) to CloudWatch Logs.",
  actionItem: 9,
  gdpr: ['Art. 30', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['rds'],
  permissions: ['rds:DescribeDBInstances'],
  rationale: 'Log files kept on the instance rotate away within days; exported, they are kept for investigating who accessed personal data and when.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'rds', resource, (rds) =>
      fromRead(rds.instances, resource, (instances) => {
        if (instances.length === 0) return [notApplicable(resource, `No RDS DB instances in ${s.region} (account ${s.accountId}).`)];
        return instances.map((i) => judge(i, s.region));
      }),
    );
  },
});
