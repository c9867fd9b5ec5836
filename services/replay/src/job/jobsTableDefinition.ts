import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The jobs table as serverless.yml declares it (its key; encryption and PITR are CloudFormation's), for
 * tests, benchmarks and tools that create it in DynamoDB Local themselves.
 */
export const jobsTableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'jobId', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
});
