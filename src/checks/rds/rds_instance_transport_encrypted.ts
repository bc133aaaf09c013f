import { tlsParameterOf } from '../../aws/facts.js';
import { fromRead, notApplicable, regionResource, withData } from '../helpers.js';
import { judgeTls, noTlsParameter } from '../rds-tls.js';
import { CheckStatus, defineCheck } from '../types.js';

/**
 * Every DB instance outside a DB cluster refuses connections without TLS through the DB parameter group
 * attached to it: `rds.force_ssl` = 1 (PostgreSQL, SQL Server) or `require_secure_transport` = ON
 * (MySQL, MariaDB). A parameter the group leaves unset has the engine's default, which differs by
 * version (PostgreSQL 15 and later: 1; earlier versions, MySQL and MariaDB: off).
 */
export const rds_instance_transport_encrypted = defineCheck({
  id: 'rds_instance_transport_encrypted',
  title: 'RDS DB instances require TLS',
  demands: 'Every RDS DB instance outside a DB cluster has `rds.force_ssl` = 1 or `require_secure_transport` = ON in effect in its DB parameter group.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['rds'],
  permissions: ['rds:DescribeDBInstances', 'rds:DescribeDBParameters'],
  rationale: 'Without the parameter a client that asks for no encryption gets a plain connection: queries, results and passwords cross the network readable.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'rds', resource, (rds) =>
      fromRead(rds.instances, resource, (instances) => {
        if (instances.length === 0) return [notApplicable(resource, `No RDS DB instances in ${s.region} (account ${s.accountId}).`)];
        return instances.map((i) => {
          const what = `RDS DB instance ${i.id} (${i.engine} ${i.engineVersion})`;
          if (i.clusterId)
            return notApplicable(
              i.arn,
              `RDS DB instance ${i.id} belongs to DB cluster ${i.clusterId}, whose cluster parameter group is judged by rds_cluster_transport_encrypted.`,
            );
          const parameter = tlsParameterOf(i.engine);
          if (!parameter) return notApplicable(i.arn, `${what}: ${noTlsParameter(i.engine)}.`);
          const group = i.parameterGroups[0];
          if (!group)
            return {
              status: CheckStatus.Error,
              resource: i.arn,
              message: `Could not check ${i.arn}: DescribeDBInstances listed no DB parameter group for it.`,
            };
          return judgeTls(i.arn, what, i.engine, i.engineVersion, parameter, group, rds.parameterGroups[group.name]);
        });
      }),
    );
  },
});
