import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The posts table as serverless.yml declares it: one item per post, stream with new images (the outbox). */
export const createPostsTable = (dynamodb: DynamoDBClient, tableName: string) =>
  dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'postId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'postId', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );

/** The post-claps read model table as serverless.yml declares it: one item per post, no stream. */
export const createPostClapsTable = (dynamodb: DynamoDBClient, tableName: string) =>
  dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'postId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'postId', KeyType: 'HASH' }],
    }),
  );
