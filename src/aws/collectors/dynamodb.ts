import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, paginateListTables } from '@aws-sdk/client-dynamodb';
import { CallFailed, type Read } from './context.js';
import type { Collector } from './types.js';

/** A table's server-side encryption as DescribeTable reports it (`SSEDescription`). */
export interface TableEncryption {
  /** `ENABLING`, `ENABLED`, `DISABLING`, `DISABLED` or `UPDATING`. */
  status?: string;
  /** `KMS` (AWS managed or customer managed KMS key) or `AES256`. */
  type?: string;
  kmsKeyArn?: string;
}

/** A DynamoDB table. */
export interface DynamoDbTable {
  name: string;
  arn: string;
  /**
   * `SSEDescription`, or `null` when DescribeTable returns none: the table is encrypted with a key AWS
   * owns (the default), not a KMS key in the account.
   */
  encryption: Read<TableEncryption | null>;
  /** `PointInTimeRecoveryStatus` from DescribeContinuousBackups (`ENABLED`, `DISABLED`); `null` when AWS did not say. */
  pointInTimeRecovery: Read<string | null>;
}

export interface DynamoDbData {
  tables: Read<DynamoDbTable[]>;
}

/** Table names per ListTables page (its `Limit` upper bound is 100). */
const PAGE = 100;
/** A table deleted between ListTables and the per-table reads. */
const GONE = ['ResourceNotFoundException', 'TableNotFoundException'];

/** DynamoDB (regional): every table (every page of ListTables), its encryption and its point-in-time recovery. */
export const dynamodbCollector: Collector<DynamoDbData> = {
  id: 'dynamodb',
  scope: 'region',
  async collect(ctx) {
    const ddb = ctx.clients.get(DynamoDBClient, ctx.region);
    const tables = await ctx.read(async () => {
      const names = await ctx.pages('dynamodb:ListTables', paginateListTables({ client: ddb, pageSize: PAGE }, {}), (p) => p.TableNames);
      const read = await Promise.all(
        names.map(async (name): Promise<DynamoDbTable | undefined> => {
          let gone = false;
          const [described, pitr] = await Promise.all([
            ctx.read(async () => {
              const out = await ctx.call('dynamodb:DescribeTable', () => ddb.send(new DescribeTableCommand({ TableName: name })), GONE);
              if (out === null) gone = true;
              // An answer without the table is no answer: never read as "no SSEDescription" (AWS owned key).
              else if (!out.Table)
                throw new CallFailed({
                  call: 'dynamodb:DescribeTable',
                  kind: 'other',
                  code: 'EmptyResponse',
                  message: `DescribeTable returned no table for ${name}`,
                });
              return out?.Table;
            }),
            ctx.read(async () => {
              const out = await ctx.call('dynamodb:DescribeContinuousBackups', () => ddb.send(new DescribeContinuousBackupsCommand({ TableName: name })), GONE);
              if (out === null) gone = true;
              return out?.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus ?? null;
            }),
          ]);
          if (gone) return undefined;
          const arn = (described.ok ? described.value?.TableArn : undefined) ?? `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${name}`;
          const encryption: Read<TableEncryption | null> = described.ok
            ? {
                ok: true,
                value: described.value?.SSEDescription
                  ? {
                      status: described.value.SSEDescription.Status,
                      type: described.value.SSEDescription.SSEType,
                      kmsKeyArn: described.value.SSEDescription.KMSMasterKeyArn,
                    }
                  : null,
              }
            : described;
          return { name, arn, encryption, pointInTimeRecovery: pitr };
        }),
      );
      return read.filter((t): t is DynamoDbTable => t !== undefined);
    });
    return { tables };
  },
};
