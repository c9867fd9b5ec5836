import { setTimeout as sleep } from 'node:timers/promises';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { type EngineOptions, EventSourceMappingEngine } from '../../src/esm/EventSourceMappingEngine';
import { LambdaInvoker } from '../../src/esm/LambdaInvoker';
import { startEmulators, type TestEmulators } from '../../src/testing/startEmulators';
import { eventually } from '../helpers/eventually';
import { type FakeLambdaEndpoint, startFakeLambdaEndpoint } from '../helpers/fakeLambdaEndpoint';
import { createStream, putRecords, putRecordsAtOnce } from '../helpers/kinesisStreams';
import { dataOf, type KinesisEventRecord, recordsOf } from '../helpers/lambdaEvents';
import { mappingDefinition } from '../helpers/mappingDefinitions';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

const FUNCTION = 'kes-test-local-consumer';
const POLL_INTERVAL_MS = 50;

let emulators: TestEmulators;
let clients: AwsClients;
let lambda: FakeLambdaEndpoint;
const engines: EventSourceMappingEngine[] = [];

beforeAll(async () => {
  emulators = await startEmulators({ kinesis: true });
  clients = createAwsClients(emulators.env);
});

beforeEach(async () => {
  lambda = await startFakeLambdaEndpoint({ [FUNCTION]: () => null });
});

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
  await lambda.stop();
  removeTempDirs();
});

afterAll(() => emulators?.stop());

/** An engine polling the emulators every 50 ms and invoking the fake Lambda endpoint. */
const startEngine = (options: Partial<EngineOptions> = {}): EventSourceMappingEngine => {
  const engine = new EventSourceMappingEngine({
    kinesis: clients.kinesis,
    dynamodbStreams: clients.dynamodbStreams,
    invoker: new LambdaInvoker(() => lambda.endpoint),
    checkpointDir: tempDir(),
    pollIntervalMs: POLL_INTERVAL_MS,
    shardDiscoveryMs: 60_000,
    ...options,
  });
  engines.push(engine);
  return engine;
};

const received = (): KinesisEventRecord[] => recordsOf<KinesisEventRecord>(lambda.events(FUNCTION));

const records = (count: number, key: (index: number) => string = () => 'post-1', from = 0) =>
  Array.from({ length: count }, (_, index) => ({
    partitionKey: key(from + index),
    data: { n: from + index },
  }));

describe('EventSourceMappingEngine with a Kinesis stream', () => {
  it('delivers every record of every shard, in per-shard order, in the Lambda event shape', async () => {
    const streamName = 'esm-order';
    const streamArn = await createStream(clients.kinesis, streamName, 2);
    const put = await putRecords(
      clients.kinesis,
      streamName,
      records(40, (index) => `post-${index % 8}`),
    );
    const engine = startEngine();

    await engine.add(mappingDefinition({ functionName: FUNCTION, eventSourceArn: streamArn, batchSize: 7 }));
    await eventually('all 40 records', () => received().length >= 40);

    expect(new Set(put.map((record) => record.shardId)).size).toBe(2);
    for (const shardId of new Set(put.map((record) => record.shardId))) {
      const delivered = received()
        .filter((record) => record.eventID.startsWith(`${shardId}:`))
        .map((record) => record.kinesis.sequenceNumber);
      expect(delivered).toEqual(
        put.filter((record) => record.shardId === shardId).map((r) => r.sequenceNumber),
      );
    }
    for (const event of lambda.events(FUNCTION)) {
      const batch = (event as { Records: KinesisEventRecord[] }).Records;
      expect(batch.length).toBeLessThanOrEqual(7);
      expect(new Set(batch.map((record) => record.eventID.split(':')[0])).size).toBe(1);
    }

    const first = put[0];
    const record = received().find((candidate) => candidate.kinesis.sequenceNumber === first?.sequenceNumber);
    expect(record).toEqual({
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${first?.shardId}:${first?.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\//),
      awsRegion: 'us-east-1',
      eventSourceARN: streamArn,
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'post-0',
        sequenceNumber: first?.sequenceNumber,
        data: Buffer.from(JSON.stringify({ n: 0 })).toString('base64'),
        approximateArrivalTimestamp: expect.any(Number),
      },
    });
    // Seconds (with a fraction), as Lambda sends it, not milliseconds.
    expect(
      Math.abs((record?.kinesis.approximateArrivalTimestamp ?? 0) - (first?.putAtMs ?? 0) / 1000),
    ).toBeLessThan(5);
  });

  it('redelivers from the failed record after a partial batch response, skipping nothing', async () => {
    const streamName = 'esm-partial';
    const streamArn = await createStream(clients.kinesis, streamName, 1);
    const put = await putRecords(clients.kinesis, streamName, records(6));
    const failing = put[3]?.sequenceNumber;
    let failedOnce = false;
    lambda.setHandler(FUNCTION, (event) => {
      const batch = (event as { Records: KinesisEventRecord[] }).Records;
      if (!failedOnce && batch.some((record) => record.kinesis.sequenceNumber === failing)) {
        failedOnce = true;
        return { batchItemFailures: [{ itemIdentifier: failing }] };
      }
      return { batchItemFailures: [] };
    });
    const engine = startEngine();

    await engine.add(
      mappingDefinition({
        functionName: FUNCTION,
        eventSourceArn: streamArn,
        functionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
    await eventually('the redelivery', () => lambda.events(FUNCTION).length >= 2);
    await sleep(10 * POLL_INTERVAL_MS);

    const batches = lambda
      .events(FUNCTION)
      .map((event) => recordsOf<KinesisEventRecord>([event]).map((record) => dataOf(record)));
    expect(batches).toEqual([
      [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }],
      [{ n: 3 }, { n: 4 }, { n: 5 }],
    ]);
  });

  it('retries the whole batch when the function throws, and delivers it once it succeeds', async () => {
    const streamName = 'esm-error';
    const streamArn = await createStream(clients.kinesis, streamName, 1);
    await putRecords(clients.kinesis, streamName, records(3));
    let calls = 0;
    lambda.setHandler(FUNCTION, () => {
      calls += 1;
      if (calls <= 2) throw Object.assign(new Error('table not ready'), { name: 'TableNotReady' });
      return null;
    });
    const outcomes: string[] = [];
    const engine = startEngine({ onBatch: (_mapping, outcome) => outcomes.push(outcome.result) });

    await engine.add(mappingDefinition({ functionName: FUNCTION, eventSourceArn: streamArn }));
    await eventually('the successful attempt', () => outcomes.includes('success'));

    expect(outcomes).toEqual(['error', 'error', 'success']);
    expect(lambda.events(FUNCTION).map((event) => recordsOf<KinesisEventRecord>([event]).length)).toEqual([
      3, 3, 3,
    ]);
  });

  it('resumes after a restart from its checkpoints: nothing acknowledged is delivered again', async () => {
    const streamName = 'esm-restart';
    const streamArn = await createStream(clients.kinesis, streamName, 2);
    const checkpointDir = tempDir();
    const definition = mappingDefinition({ functionName: FUNCTION, eventSourceArn: streamArn });
    await putRecords(
      clients.kinesis,
      streamName,
      records(10, (index) => `post-${index}`),
    );
    const before = startEngine({ checkpointDir });
    await before.add(definition);
    await eventually('the first 10 records', () => received().length >= 10);
    await before.stop();

    await putRecords(
      clients.kinesis,
      streamName,
      records(5, (index) => `post-${index}`, 10),
    );
    const after = startEngine({ checkpointDir });
    await after.add(definition);
    await eventually('the 5 records written while stopped', () => received().length >= 15);
    await sleep(10 * POLL_INTERVAL_MS);

    const delivered = received().map((record) => (dataOf(record) as { n: number }).n);
    expect(delivered.slice(0, 10).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(delivered.slice(10).sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14]);
  });

  it('only invokes the function with records that match FilterCriteria', async () => {
    const streamName = 'esm-filter';
    const streamArn = await createStream(clients.kinesis, streamName, 1);
    await putRecords(clients.kinesis, streamName, [
      { partitionKey: 'p', data: { type: 'PostPublished', n: 0 } },
      { partitionKey: 'p', data: { type: 'PostDeleted', n: 1 } },
      { partitionKey: 'p', data: { type: 'PostPublished', n: 2 } },
    ]);
    const engine = startEngine();

    await engine.add(
      mappingDefinition({
        functionName: FUNCTION,
        eventSourceArn: streamArn,
        filterPatterns: [JSON.stringify({ data: { type: ['PostPublished'] } })],
      }),
    );
    await eventually('the matching records', () => received().length >= 2);
    await sleep(10 * POLL_INTERVAL_MS);

    expect(received().map((record) => (dataOf(record) as { n: number }).n)).toEqual([0, 2]);
  });

  it('rejects a mapping with an invalid filter pattern when it is added', async () => {
    const streamArn = await createStream(clients.kinesis, 'esm-bad-filter', 1);
    const engine = startEngine();

    await expect(
      engine.add(
        mappingDefinition({
          functionName: FUNCTION,
          eventSourceArn: streamArn,
          filterPatterns: [JSON.stringify({ data: { type: 'PostPublished' } })],
        }),
      ),
    ).rejects.toThrow('Filter values must be lists');
  });

  it('applies update() to a running mapping without a restart: BatchSize, then disabling and enabling', async () => {
    const streamName = 'esm-update';
    const streamArn = await createStream(clients.kinesis, streamName, 1);
    const definition = mappingDefinition({
      functionName: FUNCTION,
      eventSourceArn: streamArn,
      batchSize: 10,
    });
    const engine = startEngine();
    await engine.add(definition);
    const batchSizes = () => lambda.events(FUNCTION).map((event) => recordsOf([event]).length);

    await putRecordsAtOnce(clients.kinesis, streamName, records(10));
    await eventually('the first 10 records', () => received().length >= 10);
    engine.update(definition.uuid, { batchSize: 2 });
    const invocationsBefore = batchSizes().length;
    await putRecordsAtOnce(clients.kinesis, streamName, records(6, undefined, 10));
    await eventually('the next 6 records', () => received().length >= 16);

    expect(batchSizes().slice(0, invocationsBefore)).toContain(10);
    expect(batchSizes().slice(invocationsBefore)).toEqual([2, 2, 2]);
    expect(engine.get(definition.uuid)?.stats()).toMatchObject({ state: 'Enabled', batchSize: 2 });

    engine.update(definition.uuid, { enabled: false });
    await putRecordsAtOnce(clients.kinesis, streamName, records(3, undefined, 16));
    await sleep(20 * POLL_INTERVAL_MS);

    expect(received()).toHaveLength(16);
    expect(engine.get(definition.uuid)?.stats().state).toBe('Disabled');

    engine.update(definition.uuid, { enabled: true });
    await eventually('the records written while disabled', () => received().length >= 19);

    expect(received().map((record) => (dataOf(record) as { n: number }).n)).toEqual(
      Array.from({ length: 19 }, (_, n) => n),
    );
  });

  it('reports live figures per mapping', async () => {
    const streamName = 'esm-stats';
    const streamArn = await createStream(clients.kinesis, streamName, 2);
    await putRecords(
      clients.kinesis,
      streamName,
      records(4, (index) => `post-${index}`),
    );
    const engine = startEngine();
    const definition = mappingDefinition({ functionName: FUNCTION, eventSourceArn: streamArn });

    await engine.add(definition);
    await eventually('4 records', () => received().length >= 4);
    await sleep(5 * POLL_INTERVAL_MS);

    expect(engine.stats()).toEqual([
      expect.objectContaining({
        uuid: definition.uuid,
        functionName: FUNCTION,
        eventSourceArn: streamArn,
        state: 'Enabled',
        shards: 2,
        activeShards: 2,
        recordsDelivered: 4,
        errors: 0,
      }),
    ]);
  });
});
