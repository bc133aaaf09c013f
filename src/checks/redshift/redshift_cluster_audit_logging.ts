import type { RedshiftCluster } from '../../aws/collectors/redshift.js';
import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

function judge(c: RedshiftCluster, region: string): Finding {
  if (!c.logging.ok) return errorFinding(c.arn, c.logging.error);
  const l = c.logging.value;
  if (!l.enabled) return fail(c.arn, `Redshift cluster ${c.id} in ${region} has audit logging off.`);
  if (l.destination === 'cloudwatch') {
    return l.logExports.length > 0
      ? pass(c.arn, `Redshift cluster ${c.id} sends its audit logs (${l.logExports.join(', ')}) to CloudWatch Logs.`)
      : fail(c.arn, `Redshift cluster ${c.id} in ${region} has audit logging on to CloudWatch Logs but exports no log type.`);
  }
  if (l.destination === 's3' || (l.destination === undefined && l.bucket)) {
    return l.bucket
      ? pass(c.arn, `Redshift cluster ${c.id} writes its audit logs to S3 bucket ${l.bucket}.`)
      : fail(c.arn, `Redshift cluster ${c.id} in ${region} has audit logging on to S3 but names no bucket.`);
  }
  return fail(
    c.arn,
    `Redshift cluster ${c.id} in ${region} reports audit logging on to ${l.destination ?? 'no destination'}, which is neither S3 nor CloudWatch Logs.`,
  );
}

/**
 * Every provisioned Redshift cluster has audit logging on (DescribeLoggingStatus `LoggingEnabled`) to an
 * S3 bucket or to CloudWatch Logs with at least one log type exported. Logging the queries themselves
 * (`useractivitylog`) also needs `enable_user_activity_logging` in the parameter group, not judged here.
 */
export const redshift_cluster_audit_logging = defineCheck({
  id: 'redshift_cluster_audit_logging',
  title: 'Redshift clusters have audit logging on',
  demands: 'Every provisioned Redshift cluster has audit logging on, delivered to an S3 bucket or to CloudWatch Logs with at least one log type exported.',
  actionItem: 9,
  gdpr: ['Art. 30', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['redshift'],
  permissions: ['redshift:DescribeClusters', 'redshift:DescribeLoggingStatus'],
  rationale: 'The connection and user logs record who connected to the warehouse and when: what an investigation of access to personal data starts from.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'redshift', resource, (rs) =>
      fromRead(rs.clusters, resource, (clusters) => {
        if (clusters.length === 0) return [notApplicable(resource, `No Redshift clusters in ${s.region} (account ${s.accountId}).`)];
        return clusters.map((c) => judge(c, s.region));
      }),
    );
  },
});
