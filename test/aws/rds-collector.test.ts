import {
  DescribeDBClusterParametersCommand,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { rdsCollector } from '../../src/aws/collectors/rds.js';
import { rds_cluster_storage_encrypted } from '../../src/checks/rds/rds_cluster_storage_encrypted.js';
import { rds_cluster_transport_encrypted } from '../../src/checks/rds/rds_cluster_transport_encrypted.js';
import { rds_instance_integration_cloudwatch_logs } from '../../src/checks/rds/rds_instance_integration_cloudwatch_logs.js';
import { rds_instance_transport_encrypted } from '../../src/checks/rds/rds_instance_transport_encrypted.js';
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
      ].map((n) => ({
        ...n,
        DBClusterSnapshotArn: arn(region, 'cluster-snapshot', n.DBClusterSnapshotIdentifier),
        Status: 'available',
        SnapshotType: 'manual',
      }));
      const p = pageOf(all, input.Marker, 1);
      return { DBClusterSnapshots: p.items, Marker: p.next };
    });
    rds.on(DescribeDBSnapshotAttributesCommand).callsFake(async (input: { DBSnapshotIdentifier: string }) => {
      if (input.DBSnapshotIdentifier === 's-denied') throw awsError('AccessDenied', 'not authorized to perform rds:DescribeDBSnapshotAttributes');
      const values = input.DBSnapshotIdentifier === 's-public' ? ['all'] : [];
      return {
        DBSnapshotAttributesResult: {
          DBSnapshotIdentifier: input.DBSnapshotIdentifier,
          DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: values }],
        },
      };
    });
    rds.on(DescribeDBClusterSnapshotAttributesCommand).callsFake(async (input: { DBClusterSnapshotIdentifier: string }) => ({
      DBClusterSnapshotAttributesResult: {
        DBClusterSnapshotIdentifier: input.DBClusterSnapshotIdentifier,
        DBClusterSnapshotAttributes: [
          { AttributeName: 'restore', AttributeValues: input.DBClusterSnapshotIdentifier === 'cs-public' ? ['210987654321', 'all'] : ['210987654321'] },
        ],
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
      expect(
        rds
          .commandCalls(DescribeDBSnapshotAttributesCommand)
          .map((c) => c.args[0].input.DBSnapshotIdentifier)
          .sort(),
      ).toEqual(['s-denied', 's-ok', 's-public']);
      expect(
        rds
          .commandCalls(DescribeDBClusterSnapshotAttributesCommand)
          .map((c) => c.args[0].input.DBClusterSnapshotIdentifier)
          .sort(),
      ).toEqual(['cs-public', 'cs-shared']);

      expect(verdicts(rds_instance_storage_encrypted, region, data)).toEqual({
        plain: 'fail',
        secure: 'pass',
        'aurora-1': 'not_applicable',
        replica: 'pass',
        'no-fields': 'fail',
      });
      expect(verdicts(rds_cluster_storage_encrypted, region, data)).toEqual({ c1: 'fail', c2: 'pass' });
      expect(verdicts(rds_instance_backup_enabled, region, data)).toEqual({
        plain: 'fail',
        secure: 'pass',
        'aurora-1': 'not_applicable',
        replica: 'not_applicable',
        'no-fields': 'fail',
      });
      expect(verdicts(rds_snapshots_encrypted_and_private, region, data)).toEqual({
        's-ok': 'pass',
        's-public': 'fail',
        's-denied': 'error',
        'cs-shared': 'pass',
        'cs-public': 'fail',
      });
      expect(data.instances.ok && data.instances.value.every((i) => i.arn.includes(`:${region}:`))).toBe(true);
    }
  });

  it('reads each attached parameter group once (every page, MaxRecords 100) and judges TLS from its value, or the engine default when it sets none', async () => {
    const group = (name: string) => ({ DBParameterGroupName: name, ParameterApplyStatus: 'in-sync' });
    const instances = [
      // Two instances share one group: it is read once.
      {
        DBInstanceIdentifier: 'pg14-a',
        Engine: 'postgres',
        EngineVersion: '14.12',
        DBParameterGroups: [group('pg14-tls')],
        EnabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
      },
      { DBInstanceIdentifier: 'pg14-b', Engine: 'postgres', EngineVersion: '14.12', DBParameterGroups: [group('pg14-tls')] },
      { DBInstanceIdentifier: 'pg16', Engine: 'postgres', EngineVersion: '16.3', DBParameterGroups: [group('default.postgres16')] },
      {
        DBInstanceIdentifier: 'mysql',
        Engine: 'mysql',
        EngineVersion: '8.0.39',
        DBParameterGroups: [group('default.mysql8.0')],
        EnabledCloudwatchLogsExports: ['error', 'slowquery'],
      },
      { DBInstanceIdentifier: 'denied', Engine: 'mariadb', EngineVersion: '10.11.8', DBParameterGroups: [group('locked')] },
      {
        DBInstanceIdentifier: 'ora',
        Engine: 'oracle-se2',
        EngineVersion: '19.0.0.0.ru-2024-04.rur-2024-04.r1',
        DBParameterGroups: [group('default.oracle-se2-19')],
      },
      {
        DBInstanceIdentifier: 'member',
        Engine: 'aurora-mysql',
        EngineVersion: '8.0.mysql_aurora.3.05.2',
        DBClusterIdentifier: 'aur',
        DBParameterGroups: [group('default.aurora-mysql8.0')],
      },
    ].map((i) => ({
      ...i,
      DBInstanceArn: arn('eu-west-1', 'db', i.DBInstanceIdentifier),
      DBInstanceStatus: 'available',
      StorageEncrypted: true,
      BackupRetentionPeriod: 7,
    }));
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: instances });
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: 'aur',
          DBClusterArn: arn('eu-west-1', 'cluster', 'aur'),
          Engine: 'aurora-mysql',
          EngineVersion: '8.0.mysql_aurora.3.05.2',
          Status: 'available',
          StorageEncrypted: true,
          DBClusterParameterGroup: 'aur-tls',
        },
        {
          DBClusterIdentifier: 'graph',
          DBClusterArn: arn('eu-west-1', 'cluster', 'graph'),
          Engine: 'neptune',
          EngineVersion: '1.3.2.1',
          Status: 'available',
          StorageEncrypted: true,
          DBClusterParameterGroup: 'default.neptune1.3',
        },
      ],
    });
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
    rds.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [] });
    const filler = (n: number) =>
      Array.from({ length: n }, (_, k) => ({ ParameterName: `p${k}`, ParameterValue: '1', Source: 'engine-default', ApplyType: 'dynamic' }));
    const groups: Record<string, object[]> = {
      'pg14-tls': [...filler(3), { ParameterName: 'rds.force_ssl', ParameterValue: '1', Source: 'user', ApplyType: 'dynamic' }],
      'default.postgres16': [{ ParameterName: 'rds.force_ssl', Source: 'system', ApplyType: 'dynamic' }, ...filler(2)],
      'default.mysql8.0': [...filler(4), { ParameterName: 'require_secure_transport', Source: 'engine-default', ApplyType: 'dynamic' }],
    };
    const sent: string[] = [];
    rds.on(DescribeDBParametersCommand).callsFake(async (input: { DBParameterGroupName: string; Marker?: string; MaxRecords?: number }) => {
      sent.push(`${input.DBParameterGroupName} max=${input.MaxRecords} marker=${input.Marker ?? '-'}`);
      if (input.DBParameterGroupName === 'locked') throw awsError('AccessDenied', 'not authorized to perform rds:DescribeDBParameters');
      const p = pageOf(groups[input.DBParameterGroupName]!, input.Marker, 2);
      return { Parameters: p.items, Marker: p.next };
    });
    rds.on(DescribeDBClusterParametersCommand).callsFake(async (input: { DBClusterParameterGroupName: string; Marker?: string; MaxRecords?: number }) => {
      sent.push(`cluster ${input.DBClusterParameterGroupName} max=${input.MaxRecords} marker=${input.Marker ?? '-'}`);
      const p = pageOf(
        [...filler(2), { ParameterName: 'require_secure_transport', ParameterValue: 'ON', Source: 'user', ApplyType: 'dynamic' }],
        input.Marker,
        2,
      );
      return { Parameters: p.items, Marker: p.next };
    });

    const { data } = await collectIn(rdsCollector, 'eu-west-1');
    // Oracle, the Aurora member's own DB group and Neptune's group are never read: no check judges them.
    expect(sent.sort()).toEqual(
      [
        'cluster aur-tls max=100 marker=-',
        'cluster aur-tls max=100 marker=t2',
        'default.mysql8.0 max=100 marker=-',
        'default.mysql8.0 max=100 marker=t2',
        'default.mysql8.0 max=100 marker=t4',
        'default.postgres16 max=100 marker=-',
        'default.postgres16 max=100 marker=t2',
        'locked max=100 marker=-',
        'pg14-tls max=100 marker=-',
        'pg14-tls max=100 marker=t2',
      ].sort(),
    );
    expect(data.parameterGroups['pg14-tls']).toEqual({ ok: true, value: { 'rds.force_ssl': { value: '1', source: 'user', applyType: 'dynamic' } } });
    expect(verdicts(rds_instance_transport_encrypted, 'eu-west-1', data)).toEqual({
      'pg14-a': 'pass',
      'pg14-b': 'pass',
      pg16: 'pass',
      mysql: 'fail',
      denied: 'error',
      ora: 'not_applicable',
      member: 'not_applicable',
    });
    expect(verdicts(rds_cluster_transport_encrypted, 'eu-west-1', data)).toEqual({ aur: 'pass', graph: 'not_applicable' });
    expect(verdicts(rds_instance_integration_cloudwatch_logs, 'eu-west-1', data)).toEqual({
      'pg14-a': 'pass',
      'pg14-b': 'fail',
      pg16: 'fail',
      mysql: 'pass',
      denied: 'fail',
      ora: 'fail',
      member: 'not_applicable',
    });
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
