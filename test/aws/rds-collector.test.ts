import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { rdsCollector } from '../../src/aws/collectors/rds.js';
import { rds_cluster_storage_encrypted } from '../../src/checks/rds/rds_cluster_storage_encrypted.js';
import { rds_instance_backup_enabled } from '../../src/checks/rds/rds_instance_backup_enabled.js';
import { rds_instance_storage_encrypted } from '../../src/checks/rds/rds_instance_storage_encrypted.js';
import { rds_snapshots_encrypted_and_private } from '../../src/checks/rds/rds_snapshots_encrypted_and_private.js';
import type { Check } from '../../src/checks/types.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { awsError } from '../helpers/synthetic-aws.js';
import { collectIn, pageOf, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';

const rds = mockClient(RDSClient);
afterEach(() => rds.reset());

const REGIONS = ['eu-west-1', 'eu-central-1'];
const arn = (region: string, type: string, id: string) => `arn:aws:rds:${region}:${TEST_ACCOUNT}:${type}:${id}`;

/** Statuses by resource id (the last part of the ARN). */
function verdicts(check: Check, region: string, data: Awaited<ReturnType<typeof rdsCollector.collect>>): Record<string, string> {
  const s = { ...compliantSnapshot(), region };
  s.data.rds = data;
  return Object.fromEntries(check.evaluate(s).map((f) => [f.resource.split(':').pop()!, f.status]));
}

describe('the RDS collector', () => {
  it('walks every page of instances, clusters and manual snapshots (MaxRecords 100, Marker) in each region and reads each snapshot’s restore attribute', async () => {
    const sent: string[] = [];
    rds.on(DescribeDBInstancesCommand).callsFake(async (input: { Marker?: string; MaxRecords?: number }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`${region} instances max=${input.MaxRecords} marker=${input.Marker ?? '-'}`);
      const all = [
        { DBInstanceIdentifier: 'plain', Engine: 'mysql', StorageEncrypted: false, BackupRetentionPeriod: 0 },
        { DBInstanceIdentifier: 'secure', Engine: 'postgres', StorageEncrypted: true, BackupRetentionPeriod: 7 },
        { DBInstanceIdentifier: 'aurora-1', Engine: 'aurora-mysql', DBClusterIdentifier: 'c1', StorageEncrypted: false, BackupRetentionPeriod: 1 },
        { DBInstanceIdentifier: 'replica', Engine: 'mysql', StorageEncrypted: true, BackupRetentionPeriod: 0, ReadReplicaSourceDBInstanceIdentifier: 'secure' },
        { DBInstanceIdentifier: 'no-fields', Engine: 'mariadb' },
      ].map((i) => ({ ...i, DBInstanceArn: arn(region, 'db', i.DBInstanceIdentifier), DBInstanceStatus: 'available' }));
      const p = pageOf(all, input.Marker, 2);
      return { DBInstances: p.items, Marker: p.next };
    });
    rds.on(DescribeDBClustersCommand).callsFake(async (input: { Marker?: string; MaxRecords?: number }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`${region} clusters max=${input.MaxRecords} marker=${input.Marker ?? '-'}`);
      const all = [
        { DBClusterIdentifier: 'c1', Engine: 'aurora-mysql', StorageEncrypted: false, BackupRetentionPeriod: 1 },
        { DBClusterIdentifier: 'c2', Engine: 'neptune', StorageEncrypted: true, BackupRetentionPeriod: 1 },
      ].map((c) => ({ ...c, DBClusterArn: arn(region, 'cluster', c.DBClusterIdentifier), Status: 'available' }));
      const p = pageOf(all, input.Marker, 1);
      return { DBClusters: p.items, Marker: p.next };
    });
    rds.on(DescribeDBSnapshotsCommand).callsFake(async (input: { Marker?: string; MaxRecords?: number; SnapshotType?: string }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`${region} snapshots type=${input.SnapshotType} max=${input.MaxRecords} marker=${input.Marker ?? '-'}`);
      const all = [
        { DBSnapshotIdentifier: 's-ok', Encrypted: true },
        { DBSnapshotIdentifier: 's-public', Encrypted: false },
        { DBSnapshotIdentifier: 's-denied', Encrypted: true },
      ].map((n) => ({ ...n, DBSnapshotArn: arn(region, 'snapshot', n.DBSnapshotIdentifier), Status: 'available', SnapshotType: 'manual' }));
      const p = pageOf(all, input.Marker, 2);
      return { DBSnapshots: p.items, Marker: p.next };
    });
    rds.on(DescribeDBClusterSnapshotsCommand).callsFake(async (input: { Marker?: string; MaxRecords?: number; SnapshotType?: string }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`${region} cluster-snapshots type=${input.SnapshotType} max=${input.MaxRecords} marker=${input.Marker ?? '-'}`);
      const all = [
        { DBClusterSnapshotIdentifier: 'cs-shared', StorageEncrypted: true },
        { DBClusterSnapshotIdentifier: 'cs-public', StorageEncrypted: true },
      ].map((n) => ({ ...n, DBClusterSnapshotArn: arn(region, 'cluster-snapshot', n.DBClusterSnapshotIdentifier), Status: 'available', SnapshotType: 'manual' }));
      const p = pageOf(all, input.Marker, 1);
      return { DBClusterSnapshots: p.items, Marker: p.next };
    });
    rds.on(DescribeDBSnapshotAttributesCommand).callsFake(async (input: { DBSnapshotIdentifier: string }) => {
      if (input.DBSnapshotIdentifier === 's-denied') throw awsError('AccessDenied', 'not authorized to perform rds:DescribeDBSnapshotAttributes');
      const values = input.DBSnapshotIdentifier === 's-public' ? ['all'] : [];
      return { DBSnapshotAttributesResult: { DBSnapshotIdentifier: input.DBSnapshotIdentifier, DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: values }] } };
    });
    rds.on(DescribeDBClusterSnapshotAttributesCommand).callsFake(async (input: { DBClusterSnapshotIdentifier: string }) => ({
      DBClusterSnapshotAttributesResult: {
        DBClusterSnapshotIdentifier: input.DBClusterSnapshotIdentifier,
        DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: input.DBClusterSnapshotIdentifier === 'cs-public' ? ['210987654321', 'all'] : ['210987654321'] }],
      },
    }));

    for (const region of REGIONS) {
      sent.length = 0;
      rds.resetHistory();
      const { data } = await collectIn(rdsCollector, region, REGIONS);
      expect(sent.sort()).toEqual(
        [
          `${region} instances max=100 marker=-`,
          `${region} instances max=100 marker=t2`,
          `${region} instances max=100 marker=t4`,
          `${region} clusters max=100 marker=-`,
          `${region} clusters max=100 marker=t1`,
          `${region} snapshots type=manual max=100 marker=-`,
          `${region} snapshots type=manual max=100 marker=t2`,
          `${region} cluster-snapshots type=manual max=100 marker=-`,
          `${region} cluster-snapshots type=manual max=100 marker=t1`,
        ].sort(),
      );
      expect(rds.commandCalls(DescribeDBSnapshotAttributesCommand).map((c) => c.args[0].input.DBSnapshotIdentifier).sort()).toEqual(['s-denied', 's-ok', 's-public']);
      expect(rds.commandCalls(DescribeDBClusterSnapshotAttributesCommand).map((c) => c.args[0].input.DBClusterSnapshotIdentifier).sort()).toEqual(['cs-public', 'cs-shared']);

      expect(verdicts(rds_instance_storage_encrypted, region, data)).toEqual({ plain: 'fail', secure: 'pass', 'aurora-1': 'not_applicable', replica: 'pass', 'no-fields': 'fail' });
      expect(verdicts(rds_cluster_storage_encrypted, region, data)).toEqual({ c1: 'fail', c2: 'pass' });
      expect(verdicts(rds_instance_backup_enabled, region, data)).toEqual({ plain: 'fail', secure: 'pass', 'aurora-1': 'not_applicable', replica: 'not_applicable', 'no-fields': 'fail' });
      expect(verdicts(rds_snapshots_encrypted_and_private, region, data)).toEqual({ 's-ok': 'pass', 's-public': 'fail', 's-denied': 'error', 'cs-shared': 'pass', 'cs-public': 'fail' });
      expect(data.instances.ok && data.instances.value.every((i) => i.arn.includes(`:${region}:`))).toBe(true);
    }
  });

  it('records a denied list as a failed read, which the checks report as an error naming the call', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(awsError('AccessDenied', 'no'));
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
    rds.on(DescribeDBClusterSnapshotsCommand).rejects(awsError('AccessDenied', 'no'));
    const { data } = await collectIn(rdsCollector, 'eu-west-1');
    expect(data.instances.ok).toBe(false);
    const s = compliantSnapshot();
    s.data.rds = data;
    const [instances] = rds_instance_storage_encrypted.evaluate(s);
    expect(instances).toMatchObject({ status: 'error', message: expect.stringContaining('AccessDenied on rds:DescribeDBInstances') });
    const snaps = rds_snapshots_encrypted_and_private.evaluate(s);
    expect(snaps.map((f) => f.status)).toEqual(['error']);
    expect(snaps[0]!.message).toContain('rds:DescribeDBClusterSnapshots');
    expect(rds_cluster_storage_encrypted.evaluate(s).map((f) => f.status)).toEqual(['not_applicable']);
  });
});
