import type { RedshiftCluster } from '../../../src/aws/collectors/redshift.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const clusters = (s: Snapshot): RedshiftCluster[] => {
  const r = s.data.redshift!.clusters;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const cluster = (id: string, over: Partial<RedshiftCluster>): RedshiftCluster => ({
  id,
  arn: `arn:aws:redshift:eu-west-1:${ACCOUNT}:cluster:${id}`,
  status: 'available',
  encrypted: true,
  publiclyAccessible: false,
  automatedSnapshotRetentionDays: 7,
  parameterGroups: [{ name: 'warehouse-tls', status: 'in-sync' }],
  logging: ok({ enabled: true, destination: 's3', bucket: 'acme-redshift-audit', logExports: [] }),
  ...over,
});
const REQUIRE_SSL =
  'Redshift Management Guide, "Configuring security options for connections": require_ssl in the cluster parameter group, false in default.redshift-1.0, which cannot be modified; DescribeClusterParameters ParameterValue "true" | "false", ApplyType static';
const LOGGING =
  'Redshift API, DescribeLoggingStatus: LoggingEnabled, LogDestinationType s3 | cloudwatch, BucketName, LogExports (connectionlog, userlog, useractivitylog)';

/** Redshift: clusters that look protected and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'redshift_cluster_in_transit_encryption_enabled',
    name: 'a cluster on the default parameter group: require_ssl false',
    source: REQUIRE_SSL,
    mutate: (s) => {
      clusters(s).push(cluster('bi', { parameterGroups: [{ name: 'default.redshift-1.0', status: 'in-sync' }] }));
      s.data.redshift!.parameterGroups['default.redshift-1.0'] = ok({ value: 'false', applyType: 'static' });
    },
    expect: 'fail',
    resource: 'cluster:bi',
  },
  {
    check: 'redshift_cluster_in_transit_encryption_enabled',
    name: 'require_ssl set to true in the group, but the static change waits for a reboot (pending-reboot): not in effect',
    source: `${REQUIRE_SSL}; Cluster.ClusterParameterGroups[].ParameterApplyStatus pending-reboot`,
    mutate: (s) => {
      clusters(s).push(cluster('etl', { parameterGroups: [{ name: 'etl-tls', status: 'pending-reboot' }] }));
      s.data.redshift!.parameterGroups['etl-tls'] = ok({ value: 'true', applyType: 'static' });
    },
    expect: 'fail',
    resource: 'cluster:etl',
  },
  {
    check: 'redshift_cluster_in_transit_encryption_enabled',
    name: 'the cluster parameter group could not be read: error, never a pass',
    source: 'Redshift API, DescribeClusterParameters (redshift:DescribeClusterParameters)',
    mutate: (s) => {
      clusters(s).push(cluster('hidden', { parameterGroups: [{ name: 'hidden-params', status: 'in-sync' }] }));
      s.data.redshift!.parameterGroups['hidden-params'] = denied('redshift:DescribeClusterParameters');
    },
    expect: 'error',
    resource: 'cluster:hidden',
  },
  {
    check: 'redshift_cluster_audit_logging',
    name: 'logging on to CloudWatch Logs with no log type exported delivers nothing',
    source: LOGGING,
    mutate: (s) => {
      clusters(s).push(cluster('silent', { logging: ok({ enabled: true, destination: 'cloudwatch', logExports: [] }) }));
    },
    expect: 'fail',
    resource: 'cluster:silent',
  },
  {
    check: 'redshift_cluster_audit_logging',
    name: 'logging to CloudWatch Logs (no bucket at all) is audit logging',
    source: LOGGING,
    mutate: (s) => {
      clusters(s).push(cluster('cw', { logging: ok({ enabled: true, destination: 'cloudwatch', logExports: ['connectionlog', 'userlog'] }) }));
    },
    expect: 'pass',
    resource: 'cluster:cw',
  },
  {
    check: 'redshift_cluster_audit_logging',
    name: 'DescribeLoggingStatus denied for one cluster: error for it',
    source: LOGGING,
    mutate: (s) => {
      clusters(s).push(cluster('locked', { logging: denied('redshift:DescribeLoggingStatus') }));
    },
    expect: 'error',
    resource: 'cluster:locked',
  },
  {
    check: 'redshift_cluster_encrypted_at_rest',
    name: 'a paused cluster that is not encrypted still holds its data',
    source: 'Redshift API, DescribeClusters / Cluster: Encrypted, ClusterStatus paused',
    mutate: (s) => {
      clusters(s).push(cluster('paused', { status: 'paused', encrypted: false }));
    },
    expect: 'fail',
    resource: 'cluster:paused',
  },
  {
    check: 'redshift_cluster_public_access',
    name: 'an encrypted, TLS-only cluster that is publicly accessible is still reachable from the internet',
    source: 'Redshift API, DescribeClusters / Cluster.PubliclyAccessible (a public IP address on the cluster endpoint)',
    mutate: (s) => {
      clusters(s).push(cluster('exposed', { publiclyAccessible: true }));
    },
    expect: 'fail',
    resource: 'cluster:exposed',
  },
  {
    check: 'redshift_cluster_automated_snapshot',
    name: 'a 1-day retention (the default for clusters created through the API) keeps automated snapshots, but fewer than 7 days',
    source: 'Redshift API, CreateCluster AutomatedSnapshotRetentionPeriod: default 1; Cluster.AutomatedSnapshotRetentionPeriod 0 turns automated snapshots off',
    mutate: (s) => {
      clusters(s).push(cluster('short', { automatedSnapshotRetentionDays: 1 }));
    },
    expect: 'fail',
    resource: 'cluster:short',
  },
];
