import { tlsParameterOf } from '../../aws/facts.js';
import { fromRead, notApplicable, regionResource, withData } from '../helpers.js';
import { judgeTls, noTlsParameter } from '../rds-tls.js';
import { CheckStatus, defineCheck } from '../types.js';

/**
 * Every Aurora and Multi-AZ DB cluster refuses connections without TLS through its DB cluster parameter
 * group: `rds.force_ssl` = 1 (Aurora PostgreSQL, PostgreSQL) or `require_secure_transport` = ON (Aurora
 * MySQL, MySQL). The default cluster parameter groups leave both off.
 */
export const rds_cluster_transport_encrypted = defineCheck({
  id: 'rds_cluster_transport_encrypted',
  title: 'RDS DB clusters require TLS',
  demands: 'Every Aurora and Multi-AZ DB cluster has `rds.force_ssl` = 1 or `require_secure_transport` = ON in its DB cluster parameter group.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['rds'],
  permissions: ['rds:DescribeDBClusters', 'rds:DescribeDBClusterParameters'],
  rationale: 'The cluster parameter group decides for every instance of the cluster; left at its default, clients may connect in plain text.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'rds', resource, (rds) =>
      fromRead(rds.clusters, resource, (clusters) => {
        if (clusters.length === 0) return [notApplicable(resource, `No DB clusters in ${s.region} (account ${s.accountId}).`)];
        return clusters.map((c) => {
          const what = `DB cluster ${c.id} (${c.engine} ${c.engineVersion})`;
          const parameter = tlsParameterOf(c.engine);
          if (!parameter) return notApplicable(c.arn, `${what}: ${noTlsParameter(c.engine)}.`);
          if (!c.parameterGroup)
            return {
              status: CheckStatus.Error,
              resource: c.arn,
              message: `Could not check ${c.arn}: DescribeDBClusters named no DB cluster parameter group for it.`,
            };
          return judgeTls(c.arn, what, c.engine, c.engineVersion, parameter, { name: c.parameterGroup }, rds.clusterParameterGroups[c.parameterGroup]);
        });
      }),
    );
  },
});
