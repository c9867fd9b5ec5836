import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { SUBJECT_TIME_INDEX, TIME_INDEX } from './EventStore';

/**
 * The events table as serverless.yml declares it (keys and indexes; encryption and PITR are
 * CloudFormation's), for tests and benchmarks that create it in DynamoDB Local themselves. A unit test
 * keeps the two in step.
 */
export const eventsTableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: ['pk', 'sk', 'atSk', 'tpk', 'tsk'].map((AttributeName) => ({
    AttributeName,
    AttributeType: 'S',
  })),
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  LocalSecondaryIndexes: [
    {
      IndexName: SUBJECT_TIME_INDEX,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'atSk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: TIME_INDEX,
      KeySchema: [
        { AttributeName: 'tpk', KeyType: 'HASH' },
        { AttributeName: 'tsk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
});
