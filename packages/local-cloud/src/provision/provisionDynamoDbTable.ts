import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type LocalSecondaryIndex,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { generatedName } from './physicalNames';
import type { PhysicalResource } from './types';

export interface TableProvisioningContext {
  dynamodb: DynamoDBClient;
  stackName: string;
  logicalId: string;
}

const throughput = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };

/**
 * Creates (or finds) the table an `AWS::DynamoDB::Table` declares in DynamoDB Local: keys, indexes,
 * stream and TTL. Encryption and point-in-time recovery are accepted and not emulated.
 */
export const provisionDynamoDbTable = async (
  props: Record<string, unknown>,
  ctx: TableProvisioningContext,
): Promise<PhysicalResource> => {
  const name = (props.TableName as string | undefined) ?? generatedName(ctx.stackName, ctx.logicalId, 255);
  const stream = props.StreamSpecification as { StreamViewType?: string } | undefined;
  const onDemand = props.BillingMode === 'PAY_PER_REQUEST';
  const withThroughput = <T extends object>(index: T): T =>
    onDemand ? index : { ...index, ProvisionedThroughput: throughput };
  try {
    await ctx.dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: props.AttributeDefinitions as AttributeDefinition[],
        KeySchema: props.KeySchema as KeySchemaElement[],
        BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
        ...(onDemand ? {} : { ProvisionedThroughput: throughput }),
        ...(props.GlobalSecondaryIndexes
          ? {
              GlobalSecondaryIndexes: (props.GlobalSecondaryIndexes as GlobalSecondaryIndex[]).map(
                withThroughput,
              ),
            }
          : {}),
        ...(props.LocalSecondaryIndexes
          ? { LocalSecondaryIndexes: props.LocalSecondaryIndexes as LocalSecondaryIndex[] }
          : {}),
        ...(stream?.StreamViewType
          ? {
              StreamSpecification: {
                StreamEnabled: true,
                StreamViewType: stream.StreamViewType as 'NEW_IMAGE',
              },
            }
          : {}),
      }),
    );
    const ttl = props.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
    if (ttl?.Enabled && ttl.AttributeName) {
      await ctx.dynamodb.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
        }),
      );
    }
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  let table = (await ctx.dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table;
  while (table?.TableStatus !== 'ACTIVE') {
    await sleep(50);
    table = (await ctx.dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table;
  }
  return {
    ref: name,
    attributes: {
      Arn: table.TableArn ?? '',
      ...(table.LatestStreamArn ? { StreamArn: table.LatestStreamArn } : {}),
    },
  };
};
