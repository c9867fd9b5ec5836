import { setTimeout as sleep } from 'node:timers/promises';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { EventSourceMappingEngine } from '../../src/esm/EventSourceMappingEngine';
import { LambdaInvoker } from '../../src/esm/LambdaInvoker';
import { startEmulators, type TestEmulators } from '../../src/testing/startEmulators';
import { createStreamTable } from '../helpers/dynamoDbTables';
import { eventually } from '../helpers/eventually';
import { type FakeLambdaEndpoint, startFakeLambdaEndpoint } from '../helpers/fakeLambdaEndpoint';
import { type DynamoDbEventRecord, recordsOf } from '../helpers/lambdaEvents';
import { mappingDefinition } from '../helpers/mappingDefinitions';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

const POLL_INTERVAL_MS = 50;

let emulators: TestEmulators;
let clients: AwsClients;
let lambda: FakeLambdaEndpoint;
let engine: EventSourceMappingEngine;

beforeAll(async () => {
  emulators = await startEmulators({ dynamodb: true });
  clients = createAwsClients(emulators.env);
});

beforeEach(async () => {
  lambda = await startFakeLambdaEndpoint();
  engine = new EventSourceMappingEngine({
    kinesis: clients.kinesis,
    dynamodbStreams: clients.dynamodbStreams,
    invoker: new LambdaInvoker(() => lambda.endpoint),
    checkpointDir: tempDir(),
    pollIntervalMs: POLL_INTERVAL_MS,
    shardDiscoveryMs: 60_000,
  });
});

afterEach(async () => {
  await engine.stop();
  await lambda.stop();
  removeTempDirs();
});

afterAll(() => emulators?.stop());

/** A fake function that records what it receives; returns its received records. */
const consumer = (functionName: string): (() => DynamoDbEventRecord[]) => {
  lambda.setHandler(functionName, () => null);
  return () => recordsOf<DynamoDbEventRecord>(lambda.events(functionName));
};

describe('EventSourceMappingEngine with a DynamoDB stream', () => {
  it('delivers INSERT and MODIFY records with NewImage and OldImage, as Lambda shapes them', async () => {
    const streamArn = await createStreamTable(clients.dynamodb, 'posts');
    const received = consumer('posts-projector');
    await engine.add(mappingDefinition({ functionName: 'posts-projector', eventSourceArn: streamArn }));

    const writtenAt = Date.now();
    await clients.dynamodb.send(
      new PutItemCommand({
        TableName: 'posts',
        Item: { pk: { S: 'post-1' }, title: { S: 'Hello' }, claps: { N: '0' } },
      }),
    );
    await clients.dynamodb.send(
      new UpdateItemCommand({
        TableName: 'posts',
        Key: { pk: { S: 'post-1' } },
        UpdateExpression: 'SET claps = :claps',
        ExpressionAttributeValues: { ':claps': { N: '3' } },
      }),
    );
    await eventually('the INSERT and the MODIFY', () => received().length >= 2);

    const [insert, modify] = received();
    expect(insert).toEqual({
      eventID: expect.any(String),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: streamArn,
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: { pk: { S: 'post-1' } },
        NewImage: { pk: { S: 'post-1' }, title: { S: 'Hello' }, claps: { N: '0' } },
        SequenceNumber: expect.any(String),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(modify).toMatchObject({
      eventName: 'MODIFY',
      dynamodb: {
        Keys: { pk: { S: 'post-1' } },
        OldImage: { pk: { S: 'post-1' }, title: { S: 'Hello' }, claps: { N: '0' } },
        NewImage: { pk: { S: 'post-1' }, title: { S: 'Hello' }, claps: { N: '3' } },
      },
    });
    // Seconds since the epoch, as Lambda sends it.
    expect(Math.abs((insert?.dynamodb.ApproximateCreationDateTime ?? 0) - writtenAt / 1000)).toBeLessThan(60);
    expect(BigInt(modify?.dynamodb.SequenceNumber ?? 0)).toBeGreaterThan(
      BigInt(insert?.dynamodb.SequenceNumber ?? 0),
    );
  });

  it('delivers to both mappings when two tables, empty when their mappings start, are written B then A', async () => {
    // DynamoDB Local numbers stream records with one counter for all tables: an iterator that read
    // nothing points past the other table's record and would never see its own.
    const streamA = await createStreamTable(clients.dynamodb, 'quirk-a');
    const streamB = await createStreamTable(clients.dynamodb, 'quirk-b');
    const receivedA = consumer('consumer-a');
    const receivedB = consumer('consumer-b');
    await engine.add(mappingDefinition({ functionName: 'consumer-a', eventSourceArn: streamA }));
    await engine.add(mappingDefinition({ functionName: 'consumer-b', eventSourceArn: streamB }));
    await sleep(5 * POLL_INTERVAL_MS);

    await clients.dynamodb.send(new PutItemCommand({ TableName: 'quirk-b', Item: { pk: { S: 'b-1' } } }));
    await clients.dynamodb.send(new PutItemCommand({ TableName: 'quirk-a', Item: { pk: { S: 'a-1' } } }));
    await eventually('a record on each mapping', () => receivedA().length >= 1 && receivedB().length >= 1);
    await clients.dynamodb.send(new PutItemCommand({ TableName: 'quirk-b', Item: { pk: { S: 'b-2' } } }));
    await clients.dynamodb.send(new PutItemCommand({ TableName: 'quirk-a', Item: { pk: { S: 'a-2' } } }));
    await eventually(
      'a second record on each mapping',
      () => receivedA().length >= 2 && receivedB().length >= 2,
    );
    await sleep(5 * POLL_INTERVAL_MS);

    expect(receivedA().map((record) => record.dynamodb.Keys)).toEqual([
      { pk: { S: 'a-1' } },
      { pk: { S: 'a-2' } },
    ]);
    expect(receivedB().map((record) => record.dynamodb.Keys)).toEqual([
      { pk: { S: 'b-1' } },
      { pk: { S: 'b-2' } },
    ]);
  });

  it('redelivers from the failed record after a partial batch response on a DynamoDB stream', async () => {
    const streamArn = await createStreamTable(clients.dynamodb, 'partial');
    for (const pk of ['p-1', 'p-2', 'p-3']) {
      await clients.dynamodb.send(new PutItemCommand({ TableName: 'partial', Item: { pk: { S: pk } } }));
    }
    let failed = false;
    lambda.setHandler('partial-consumer', (event) => {
      const batch = (event as { Records: DynamoDbEventRecord[] }).Records;
      const second = batch.find((record) => (record.dynamodb.Keys.pk as { S: string }).S === 'p-2');
      if (!failed && second) {
        failed = true;
        return { batchItemFailures: [{ itemIdentifier: second.dynamodb.SequenceNumber }] };
      }
      return null;
    });

    await engine.add(
      mappingDefinition({
        functionName: 'partial-consumer',
        eventSourceArn: streamArn,
        functionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
    await eventually('the redelivery', () => lambda.events('partial-consumer').length >= 2);
    await sleep(5 * POLL_INTERVAL_MS);

    const batches = lambda
      .events('partial-consumer')
      .map((event) =>
        recordsOf<DynamoDbEventRecord>([event]).map((record) => (record.dynamodb.Keys.pk as { S: string }).S),
      );
    expect(batches).toEqual([
      ['p-1', 'p-2', 'p-3'],
      ['p-2', 'p-3'],
    ]);
  });
});
