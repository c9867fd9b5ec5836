import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The members table as serverless.yml declares it: one item per (postId, memberId), no stream. */
export const createMembersTable = (dynamodb: DynamoDBClient, tableName: string) =>
  dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'postId', AttributeType: 'S' },
        { AttributeName: 'memberId', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'postId', KeyType: 'HASH' },
        { AttributeName: 'memberId', KeyType: 'RANGE' },
      ],
    }),
  );

/** The totals table as serverless.yml declares it: one item per post, stream with new images (the outbox). */
export const createTotalsTable = (dynamodb: DynamoDBClient, tableName: string) =>
  dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'postId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'postId', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
