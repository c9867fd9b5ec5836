import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbLocal } from '../../src/dynamodb/DynamoDbLocal';
import { freePort } from '../../src/util/net';
import { eventually } from '../helpers/eventually';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

const clientOf = (dynamodb: DynamoDbLocal) =>
  new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

const TUNED = 'kes: SQLite journal_mode=wal, synchronous=NORMAL';
/** Two starts of DynamoDB Local, each compiling the launcher: minutes on a busy 2-core machine. */
const TWO_STARTS_MS = 300_000;

describe('DynamoDB Local with a data directory', () => {
  afterAll(() => removeTempDirs());

  it(
    'runs SQLite in WAL without an fsync per commit, and keeps the data across a restart',
    async () => {
      const dataDir = tempDir();
      const logFile = join(dataDir, 'dynamodb.log');
      const first = await DynamoDbLocal.start({ port: await freePort(), dataDir, logFile });
      const client = clientOf(first);
      try {
        await client.send(
          new CreateTableCommand({
            TableName: 'survivors',
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          }),
        );
        await client.send(
          new PutItemCommand({ TableName: 'survivors', Item: { pk: { S: 'a' }, n: { N: '1' } } }),
        );
        await eventually('the launcher to set the pragmas', () =>
          readFileSync(logFile, 'utf8').includes(TUNED),
        );
        expect(existsSync(join(dataDir, 'shared-local-instance.db-wal'))).toBe(true);
      } finally {
        client.destroy();
        await first.stop();
      }

      const second = await DynamoDbLocal.start({ port: await freePort(), dataDir, logFile });
      const again = clientOf(second);
      try {
        const { Item } = await again.send(
          new GetItemCommand({ TableName: 'survivors', Key: { pk: { S: 'a' } }, ConsistentRead: true }),
        );
        expect(Item).toEqual({ pk: { S: 'a' }, n: { N: '1' } });
      } finally {
        again.destroy();
        await second.stop();
      }
    },
    TWO_STARTS_MS,
  );

  it('keeps DynamoDB Local’s own SQLite settings (an fsync per commit) with durableCommits', async () => {
    const dataDir = tempDir();
    const logFile = join(dataDir, 'dynamodb.log');
    const dynamodb = await DynamoDbLocal.start({
      port: await freePort(),
      dataDir,
      logFile,
      durableCommits: true,
    });
    try {
      expect(readFileSync(logFile, 'utf8')).not.toContain('kes: SQLite');
      expect(existsSync(join(dataDir, 'shared-local-instance.db-wal'))).toBe(false);
    } finally {
      await dynamodb.stop();
    }
  });
});
