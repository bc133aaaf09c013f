import { DescribeClusterParametersCommand, DescribeClustersCommand, DescribeLoggingStatusCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { awsError, page, type SyntheticService } from './service.js';

/**
 * Redshift: one provisioned cluster per region, encrypted, with 7 days of automated snapshots, audit logs
 * to S3 and `require_ssl` true in its own parameter group (misconfigured: it uses the default group, whose
 * require_ssl is false, and audit logging is off).
 */
export const redshift: SyntheticService = ({ mock, count, accountId, pageSize, misconfigured: bad }) => {
  const client = mock(RedshiftClient);
  const group = bad ? 'default.redshift-1.0' : 'warehouse-tls';
  client.on(DescribeClustersCommand).callsFake((input: { Marker?: string }) => {
    count('redshift:DescribeClusters');
    const clusters = [
      {
        ClusterIdentifier: 'warehouse',
        ClusterStatus: 'available',
        Encrypted: true,
        PubliclyAccessible: false,
        AutomatedSnapshotRetentionPeriod: 7,
        ClusterParameterGroups: [{ ParameterGroupName: group, ParameterApplyStatus: 'in-sync' }],
      },
    ];
    const p = page(clusters, input.Marker, pageSize);
    return { Clusters: p.items, Marker: p.next };
  });
  client.on(DescribeLoggingStatusCommand).callsFake((input: { ClusterIdentifier?: string }) => {
    count('redshift:DescribeLoggingStatus');
    if (input.ClusterIdentifier !== 'warehouse') throw awsError('ClusterNotFound', `Cluster ${input.ClusterIdentifier} not found.`);
    return bad
      ? { LoggingEnabled: false }
      : { LoggingEnabled: true, LogDestinationType: 's3', BucketName: `acme-redshift-audit-${accountId}`, S3KeyPrefix: 'audit/' };
  });
  // A parameter group lists every parameter (a few stand for them here), over more than one page.
  client.on(DescribeClusterParametersCommand).callsFake((input: { ParameterGroupName?: string; Marker?: string }) => {
    count('redshift:DescribeClusterParameters');
    if (input.ParameterGroupName !== group) throw awsError('ClusterParameterGroupNotFound', `ParameterGroup ${input.ParameterGroupName} not found.`);
    const parameters = [
      { ParameterName: 'datestyle', ParameterValue: 'ISO, MDY', Source: 'engine-default', ApplyType: 'static' },
      { ParameterName: 'enable_user_activity_logging', ParameterValue: bad ? 'false' : 'true', Source: bad ? 'engine-default' : 'user', ApplyType: 'static' },
      { ParameterName: 'require_ssl', ParameterValue: bad ? 'false' : 'true', Source: bad ? 'engine-default' : 'user', ApplyType: 'static' },
      { ParameterName: 'use_fips_ssl', ParameterValue: 'false', Source: 'engine-default', ApplyType: 'static' },
    ];
    const p = page(parameters, input.Marker, Math.min(pageSize, 2));
    return { Parameters: p.items, Marker: p.next };
  });
};
