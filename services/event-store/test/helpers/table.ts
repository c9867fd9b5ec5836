import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { eventsTableDefinition } from '../../src/store/eventsTableDefinition';

export const createEventsTable = (dynamodb: DynamoDBClient, tableName: string) =>
  dynamodb.send(new CreateTableCommand(eventsTableDefinition(tableName)));
