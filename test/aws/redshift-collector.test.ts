import { DescribeClusterParametersCommand, DescribeClustersCommand, DescribeLoggingStatusCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { redshiftCollector } from '../../src/aws/collectors/redshift.js';
import { redshift_cluster_audit_logging } from '../../src/checks/redshift/redshift_cluster_audit_logging.js';
import { redshift_cluster_automated_snapshot } from '../../src/checks/redshift/redshift_cluster_automated_snapshot.js';
import { redshift_cluster_encrypted_at_rest } from '../../src/checks/redshift/redshift_cluster_encrypted_at_rest.js';
import { redshift_cluster_in_transit_encryption_enabled } from '../../src/checks/redshift/redshift_cluster_in_transit_encryption_enabled.js';
import { redshift_cluster_public_access } from '../../src/checks/redshift/redshift_cluster_public_access.js';
import type { Check } from '../../src/checks/types.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { awsError } from '../helpers/synthetic-aws.js';
import { collectIn, pageOf, regionOf } from '../helpers/collect-in.js';

const redshift = mockClient(RedshiftClient);
afterEach(() => redshift.reset());

function verdicts(check: Check, region: string, data: Awaited<ReturnType<typeof redshiftCollector.collect>>): Record<string, string> {
  const s = { ...compliantSnapshot(), region };
  s.data.redshift = data;
  return Object.fromEntries(check.evaluate(s).map((f) => [f.resource.split(':').pop()!, f.status]));
}

const group = (name: string, status = 'in-sync') => [{ ParameterGroupName: name, ParameterApplyStatus: status }];

describe('the Redshift collector', () => {
  it('walks every page of clusters (MaxRecords 100), reads each cluster’s logging and each parameter group once (every page)', async () => {
    const sent: string[] = [];
    redshift.on(DescribeClustersCommand).callsFake(async (input: { Marker?: string; MaxRecords?: number }, getClient) => {
      sent.push(`${await regionOf(getClient)} clusters max=${input.MaxRecords} marker=${input.Marker ?? '-'}`);
      const all = [
        { ClusterIdentifier: 'good', Encrypted: true, AutomatedSnapshotRetentionPeriod: 7, ClusterParameterGroups: group('tls') },
        {
          ClusterIdentifier: 'plain',
          Encrypted: false,
          PubliclyAccessible: true,
          AutomatedSnapshotRetentionPeriod: 0,
          ClusterParameterGroups: group('default.redshift-1.0'),
        },
        { ClusterIdentifier: 'cw', Encrypted: true, AutomatedSnapshotRetentionPeriod: 35, ClusterParameterGroups: group('tls') },
        { ClusterIdentifier: 'denied', Encrypted: true, AutomatedSnapshotRetentionPeriod: 7, ClusterParameterGroups: group('tls', 'pending-reboot') },
        { ClusterIdentifier: 'deleted' },
      ].map((c) => ({ ...c, ClusterStatus: 'available' }));
      const p = pageOf(all, input.Marker, 2);
      return { Clusters: p.items, Marker: p.next };
    });
    redshift.on(DescribeLoggingStatusCommand).callsFake(async (input: { ClusterIdentifier: string }) => {
      switch (input.ClusterIdentifier) {
        case 'good':
          return { LoggingEnabled: true, LogDestinationType: 's3', BucketName: 'audit', S3KeyPrefix: 'rs/' };
        case 'cw':
          return { LoggingEnabled: true, LogDestinationType: 'cloudwatch', LogExports: ['connectionlog', 'userlog'] };
        case 'denied':
          throw awsError('AccessDenied', 'not authorized to perform redshift:DescribeLoggingStatus');
        case 'deleted':
          throw awsError('ClusterNotFound', 'Cluster deleted not found.');
        default:
          return { LoggingEnabled: false };
      }
    });
    redshift.on(DescribeClusterParametersCommand).callsFake(async (input: { ParameterGroupName: string; Marker?: string; MaxRecords?: number }) => {
      sent.push(`params ${input.ParameterGroupName} max=${input.MaxRecords} marker=${input.Marker ?? '-'}`);
      const ssl = input.ParameterGroupName === 'tls' ? 'true' : 'false';
      const all = [
        { ParameterName: 'datestyle', ParameterValue: 'ISO, MDY', ApplyType: 'static' },
        { ParameterName: 'enable_user_activity_logging', ParameterValue: 'false', ApplyType: 'static' },
        { ParameterName: 'require_ssl', ParameterValue: ssl, ApplyType: 'static' },
      ];
      const p = pageOf(all, input.Marker, 2);
      return { Parameters: p.items, Marker: p.next };
    });

    const { data } = await collectIn(redshiftCollector, 'eu-west-1');
    expect(sent.sort()).toEqual(
      [
        'eu-west-1 clusters max=100 marker=-',
        'eu-west-1 clusters max=100 marker=t2',
        'eu-west-1 clusters max=100 marker=t4',
        'params default.redshift-1.0 max=100 marker=-',
        'params default.redshift-1.0 max=100 marker=t2',
        'params tls max=100 marker=-',
        'params tls max=100 marker=t2',
      ].sort(),
    );
    expect(data.clusters.ok && data.clusters.value.map((c) => c.arn)).toEqual(
      ['good', 'plain', 'cw', 'denied'].map((id) => `arn:aws:redshift:eu-west-1:123456789012:cluster:${id}`),
    );
    expect(verdicts(redshift_cluster_encrypted_at_rest, 'eu-west-1', data)).toEqual({ good: 'pass', plain: 'fail', cw: 'pass', denied: 'pass' });
    expect(verdicts(redshift_cluster_automated_snapshot, 'eu-west-1', data)).toEqual({ good: 'pass', plain: 'fail', cw: 'pass', denied: 'pass' });
    expect(verdicts(redshift_cluster_audit_logging, 'eu-west-1', data)).toEqual({ good: 'pass', plain: 'fail', cw: 'pass', denied: 'error' });
    expect(verdicts(redshift_cluster_in_transit_encryption_enabled, 'eu-west-1', data)).toEqual({ good: 'pass', plain: 'fail', cw: 'pass', denied: 'fail' });
    expect(verdicts(redshift_cluster_public_access, 'eu-west-1', data)).toEqual({ good: 'pass', plain: 'fail', cw: 'pass', denied: 'pass' });
  });

  it('records a denied cluster list as a failed read, reported as an error naming the call, and reads no parameter group', async () => {
    redshift.on(DescribeClustersCommand).rejects(awsError('AccessDenied', 'no'));
    const { data } = await collectIn(redshiftCollector, 'eu-west-1');
    expect(redshift.commandCalls(DescribeClusterParametersCommand)).toHaveLength(0);
    const s = compliantSnapshot();
    s.data.redshift = data;
    for (const check of [redshift_cluster_encrypted_at_rest, redshift_cluster_in_transit_encryption_enabled]) {
      expect(check.evaluate(s)).toEqual([
        expect.objectContaining({ status: 'error', message: expect.stringContaining('AccessDenied on redshift:DescribeClusters') }),
      ]);
    }
  });

  it('a denied parameter group read is an error for the clusters using it', async () => {
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterIdentifier: 'x', Encrypted: true, ClusterParameterGroups: group('locked') }] });
    redshift.on(DescribeLoggingStatusCommand).resolves({ LoggingEnabled: false });
    redshift.on(DescribeClusterParametersCommand).rejects(awsError('AccessDenied', 'no'));
    const { data } = await collectIn(redshiftCollector, 'eu-west-1');
    expect(verdicts(redshift_cluster_in_transit_encryption_enabled, 'eu-west-1', data)).toEqual({ x: 'error' });
  });
});
