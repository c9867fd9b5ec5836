import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

/** Provisioned throughput as CreateTable takes it, from a description (which may carry more fields). */
const throughputOf = (
  description: { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined,
) => ({
  ReadCapacityUnits: description?.ReadCapacityUnits || 1,
  WriteCapacityUnits: description?.WriteCapacityUnits || 1,
});

/**
 * CreateTable input for a table with the same schema as `live`: keys, attribute definitions, indexes, billing
 * mode and table class, encrypted at rest. Not its stream: a rebuilt read model must not become an outbox
 * (nothing may consume its changes), and it is not part of the schema a reader sees.
 *
 * @example
 * const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: 'kes-local-posts-claps' }));
 * await dynamodb.send(new CreateTableCommand(tableLike(Table!, 'kes-local-posts-rebuild-20261122T180000Z')));
 */
export const tableLike = (live: TableDescription, tableName: string): CreateTableCommandInput => {
  const provisioned =
    live.BillingModeSummary?.BillingMode !== 'PAY_PER_REQUEST' &&
    !!live.ProvisionedThroughput?.ReadCapacityUnits;
  return {
    TableName: tableName,
    KeySchema: live.KeySchema,
    AttributeDefinitions: live.AttributeDefinitions,
    BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    ...(provisioned ? { ProvisionedThroughput: throughputOf(live.ProvisionedThroughput) } : {}),
    ...(live.GlobalSecondaryIndexes?.length
      ? {
          GlobalSecondaryIndexes: live.GlobalSecondaryIndexes.map((index) => ({
            IndexName: index.IndexName,
            KeySchema: index.KeySchema,
            Projection: index.Projection,
            ...(provisioned ? { ProvisionedThroughput: throughputOf(index.ProvisionedThroughput) } : {}),
          })),
        }
      : {}),
    ...(live.LocalSecondaryIndexes?.length
      ? {
          LocalSecondaryIndexes: live.LocalSecondaryIndexes.map((index) => ({
            IndexName: index.IndexName,
            KeySchema: index.KeySchema,
            Projection: index.Projection,
          })),
        }
      : {}),
    ...(live.TableClassSummary?.TableClass ? { TableClass: live.TableClassSummary.TableClass } : {}),
    // Encryption at rest always (SECURITY.md), whatever DynamoDB Local reports for the live table.
    SSESpecification: { Enabled: true },
  } as CreateTableCommandInput;
};

/**
 * Reads `liveTable`'s definition (DescribeTable), creates `tableName` with the same schema ({@link tableLike})
 * and waits until it is ACTIVE. Returns the live table's description.
 *
 * @example
 * await createTableLike(dynamodb, 'kes-local-posts-claps', 'kes-local-posts-rebuild-20261122T180000Z');
 */
export const createTableLike = async (
  dynamodb: DynamoDBClient,
  liveTable: string,
  tableName: string,
): Promise<TableDescription> => {
  const { Table: live } = await dynamodb.send(new DescribeTableCommand({ TableName: liveTable }));
  if (!live) throw new Error(`DescribeTable gave no description of ${liveTable}`);
  await dynamodb.send(new CreateTableCommand(tableLike(live, tableName)));
  for (let poll = 0; poll < 600; poll++) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return live;
    await sleep(100);
  }
  throw new Error(`Table ${tableName} did not become ACTIVE within 60 s`);
};
