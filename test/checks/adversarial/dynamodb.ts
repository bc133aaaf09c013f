import type { DynamoDbTable } from '../../../src/aws/collectors/dynamodb.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const tables = (s: Snapshot): DynamoDbTable[] => {
  const r = s.data.dynamodb!.tables;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const table = (name: string, over: Partial<DynamoDbTable>): DynamoDbTable => ({
  name,
  arn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${name}`,
  encryption: ok({ status: 'ENABLED', type: 'KMS', kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1` }),
  pointInTimeRecovery: ok('ENABLED'),
  ...over,
});
const SSE =
  'DynamoDB API, DescribeTable / SSEDescription: absent when the table uses the AWS owned key; Status ENABLING | ENABLED | DISABLING | DISABLED | UPDATING; SSEType KMS | AES256';

/** DynamoDB: encryption and backups that look on and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'dynamodb_table_kms_encryption',
    name: 'a table with no SSEDescription is encrypted, but with the AWS owned key: not a KMS key of the account',
    source: SSE,
    mutate: (s) => {
      tables(s).push(table('legacy', { encryption: ok(null) }));
    },
    expect: 'fail',
    resource: 'table/legacy',
  },
  {
    check: 'dynamodb_table_kms_encryption',
    name: 'SSEType KMS with Status DISABLING: the table is going back to the AWS owned key',
    source: SSE,
    mutate: (s) => {
      tables(s).push(table('reverting', { encryption: ok({ status: 'DISABLING', type: 'KMS', kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1` }) }));
    },
    expect: 'fail',
    resource: 'table/reverting',
  },
  {
    check: 'dynamodb_table_kms_encryption',
    name: 'SSEType KMS with Status UPDATING: the key is changing and the outcome is not known yet',
    source: SSE,
    mutate: (s) => {
      tables(s).push(table('rekeying', { encryption: ok({ status: 'UPDATING', type: 'KMS' }) }));
    },
    expect: 'error',
    resource: 'table/rekeying',
  },
  {
    check: 'dynamodb_table_kms_encryption',
    name: 'DescribeTable denied for one table: it may use the AWS owned key',
    source: 'DynamoDB API, DescribeTable requires dynamodb:DescribeTable',
    mutate: (s) => {
      tables(s).push(table('hidden', { encryption: denied('dynamodb:DescribeTable') }));
    },
    expect: 'error',
    resource: 'table/hidden',
  },
  {
    check: 'dynamodb_table_point_in_time_recovery',
    name: 'on-demand backups exist (ContinuousBackupsStatus ENABLED) but point-in-time recovery is DISABLED',
    source:
      'DynamoDB API, DescribeContinuousBackups / ContinuousBackupsDescription: ContinuousBackupsStatus and PointInTimeRecoveryDescription.PointInTimeRecoveryStatus are separate',
    mutate: (s) => {
      tables(s).push(table('orders', { pointInTimeRecovery: ok('DISABLED') }));
    },
    expect: 'fail',
    resource: 'table/orders',
  },
  {
    check: 'dynamodb_table_point_in_time_recovery',
    name: 'an answer without PointInTimeRecoveryDescription cannot be judged',
    source: 'DynamoDB API, DescribeContinuousBackups',
    mutate: (s) => {
      tables(s).push(table('odd', { pointInTimeRecovery: ok(null) }));
    },
    expect: 'error',
    resource: 'table/odd',
  },
];
