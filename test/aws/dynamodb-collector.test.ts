import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { dynamodbCollector } from '../../src/aws/collectors/dynamodb.js';
import { dynamodb_table_kms_encryption } from '../../src/checks/dynamodb/dynamodb_table_kms_encryption.js';
import { dynamodb_table_point_in_time_recovery } from '../../src/checks/dynamodb/dynamodb_table_point_in_time_recovery.js';
import type { Check } from '../../src/checks/types.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { awsError } from '../helpers/synthetic-aws.js';

const ddb = mockClient(DynamoDBClient);
afterEach(() => ddb.reset());

const REGIONS = ['eu-west-1', 'eu-central-1'];
/** SSEDescription by table (undefined: none, the AWS owned key); PITR status by table. */
const TABLES: Record<string, { sse?: { Status: string; SSEType?: string; KMSMasterKeyArn?: string }; pitr?: string }> = {
  'kms-cmk': { sse: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k1' }, pitr: 'ENABLED' },
  'aws-owned': { pitr: 'DISABLED' },
  disabling: { sse: { Status: 'DISABLING', SSEType: 'KMS' }, pitr: 'ENABLED' },
  updating: { sse: { Status: 'UPDATING', SSEType: 'KMS' }, pitr: 'ENABLED' },
  denied: { sse: { Status: 'ENABLED', SSEType: 'KMS' } },
  deleted: {},
};

function verdicts(check: Check, region: string, data: Awaited<ReturnType<typeof dynamodbCollector.collect>>): Record<string, string> {
  const s = { ...compliantSnapshot(), region };
  s.data.dynamodb = data;
  return Object.fromEntries(check.evaluate(s).map((f) => [f.resource.split('/').pop()!, f.status]));
}

describe('the DynamoDB collector', () => {
  it('follows ExclusiveStartTableName / LastEvaluatedTableName (Limit 100) in each region and reads every table', async () => {
    const names = Object.keys(TABLES);
    const sent: string[] = [];
    ddb.on(ListTablesCommand).callsFake(async (input: { ExclusiveStartTableName?: string; Limit?: number }, getClient) => {
      sent.push(`${await regionOf(getClient)} limit=${input.Limit} start=${input.ExclusiveStartTableName ?? '-'}`);
      const start = input.ExclusiveStartTableName ? names.indexOf(input.ExclusiveStartTableName) + 1 : 0;
      const items = names.slice(start, start + 4);
      return { TableNames: items, LastEvaluatedTableName: start + 4 < names.length ? items[items.length - 1] : undefined };
    });
    ddb.on(DescribeTableCommand).callsFake(async (input: { TableName: string }, getClient) => {
      if (input.TableName === 'deleted') throw awsError('ResourceNotFoundException', 'Requested resource not found');
      if (input.TableName === 'denied') throw awsError('AccessDeniedException', 'not authorized to perform dynamodb:DescribeTable');
      const region = await regionOf(getClient);
      return {
        Table: {
          TableName: input.TableName,
          TableArn: `arn:aws:dynamodb:${region}:${TEST_ACCOUNT}:table/${input.TableName}`,
          SSEDescription: TABLES[input.TableName]!.sse,
        },
      };
    });
    ddb.on(DescribeContinuousBackupsCommand).callsFake(async (input: { TableName: string }) => {
      if (input.TableName === 'deleted') throw awsError('TableNotFoundException', 'Table not found');
      const pitr = TABLES[input.TableName]!.pitr;
      return {
        ContinuousBackupsDescription: {
          ContinuousBackupsStatus: 'ENABLED',
          ...(pitr ? { PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: pitr } } : {}),
        },
      };
    });
    for (const region of REGIONS) {
      sent.length = 0;
      ddb.resetHistory();
      const { data } = await collectIn(dynamodbCollector, region, REGIONS);
      expect(sent).toEqual([`${region} limit=100 start=-`, `${region} limit=100 start=updating`]);
      expect(
        ddb
          .commandCalls(DescribeTableCommand)
          .map((c) => c.args[0].input.TableName)
          .sort(),
      ).toEqual([...names].sort());
      expect(
        ddb
          .commandCalls(DescribeContinuousBackupsCommand)
          .map((c) => c.args[0].input.TableName)
          .sort(),
      ).toEqual([...names].sort());
      if (!data.tables.ok) throw new Error('not read');
      expect(data.tables.value.map((t) => t.arn)).toContain(`arn:aws:dynamodb:${region}:${TEST_ACCOUNT}:table/denied`);
      expect(verdicts(dynamodb_table_kms_encryption, region, data)).toEqual({
        'kms-cmk': 'pass',
        'aws-owned': 'fail',
        disabling: 'fail',
        updating: 'error',
        denied: 'error',
      });
      expect(verdicts(dynamodb_table_point_in_time_recovery, region, data)).toEqual({
        'kms-cmk': 'pass',
        'aws-owned': 'fail',
        disabling: 'pass',
        updating: 'pass',
        denied: 'error',
      });
    }
  });

  it('a denied ListTables is an error for the region, never "no tables"', async () => {
    ddb.on(ListTablesCommand).rejects(awsError('AccessDeniedException', 'no'));
    const { data } = await collectIn(dynamodbCollector, 'eu-west-1');
    const s = compliantSnapshot();
    s.data.dynamodb = data;
    expect(dynamodb_table_kms_encryption.evaluate(s)).toMatchObject([
      { status: 'error', message: expect.stringContaining('AccessDeniedException on dynamodb:ListTables') },
    ]);
  });

  it('a DescribeTable answer without the table is an error, not the AWS owned key', async () => {
    ddb.on(ListTablesCommand).resolves({ TableNames: ['t'] });
    ddb.on(DescribeTableCommand).resolves({});
    ddb.on(DescribeContinuousBackupsCommand).resolves({
      ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' } },
    });
    const { data } = await collectIn(dynamodbCollector, 'eu-west-1');
    expect(verdicts(dynamodb_table_kms_encryption, 'eu-west-1', data)).toEqual({ t: 'error' });
  });
});
