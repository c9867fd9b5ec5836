import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeStreamSummaryCommand,
  ListShardsCommand,
  MergeShardsCommand,
  PutRecordCommand,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { EventSourceMappingEngine } from '../../src/esm/EventSourceMappingEngine';
import { LambdaInvoker } from '../../src/esm/LambdaInvoker';
import { startEmulators, type TestEmulators } from '../../src/testing/startEmulators';
import { eventually } from '../helpers/eventually';
import { type FakeLambdaEndpoint, startFakeLambdaEndpoint } from '../helpers/fakeLambdaEndpoint';
import { createStream } from '../helpers/kinesisStreams';
import { dataOf, type KinesisEventRecord, recordsOf } from '../helpers/lambdaEvents';
import { mappingDefinition } from '../helpers/mappingDefinitions';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

const FUNCTION = 'kes-test-local-consumer';
const KEYS = Array.from({ length: 12 }, (_, index) => `post-${index}`);

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

const startEngine = (): EventSourceMappingEngine => {
  const engine = new EventSourceMappingEngine({
    kinesis: clients.kinesis,
    dynamodbStreams: clients.dynamodbStreams,
    invoker: new LambdaInvoker(() => lambda.endpoint),
    checkpointDir: tempDir(),
    pollIntervalMs: 50,
    shardDiscoveryMs: 200,
  });
  engines.push(engine);
  return engine;
};

/**
 * Writes `{ key, n }` records one at a time, n counting up per key, until stopped; returns how many
 * records each key got. A put that fails (the stream is UPDATING) is retried, so nothing is skipped.
 */
const writeUntilStopped = (streamName: string) => {
  let stopped = false;
  const written = new Map<string, number>();
  const done = (async () => {
    for (let i = 0; !stopped; i++) {
      const key = KEYS[i % KEYS.length] as string;
      const n = written.get(key) ?? 0;
      for (;;) {
        try {
          await clients.kinesis.send(
            new PutRecordCommand({
              StreamName: streamName,
              PartitionKey: key,
              Data: Buffer.from(JSON.stringify({ key, n })),
            }),
          );
          break;
        } catch {
          await sleep(20);
        }
      }
      written.set(key, n + 1);
      await sleep(2);
    }
    return written;
  })();
  return {
    stop: () => {
      stopped = true;
      return done;
    },
  };
};

const waitActive = async (streamName: string) =>
  eventually(
    'the stream ACTIVE again',
    async () =>
      (await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName })))
        .StreamDescriptionSummary?.StreamStatus === 'ACTIVE',
  );

const openShards = async (streamName: string) =>
  ((await clients.kinesis.send(new ListShardsCommand({ StreamName: streamName }))).Shards ?? []).filter(
    (shard) => shard.SequenceNumberRange?.EndingSequenceNumber === undefined,
  );

/** Every key's records arrived exactly once each, in the order they were written, from `shards` shards. */
const expectEveryKeyInOrder = async (written: Map<string, number>, shards: number) => {
  const total = [...written.values()].reduce((sum, count) => sum + count, 0);
  await eventually(
    `all ${total} records delivered`,
    () => recordsOf<KinesisEventRecord>(lambda.events(FUNCTION)).length >= total,
    30_000,
  );
  await sleep(300);
  const delivered = new Map<string, number[]>();
  for (const record of recordsOf<KinesisEventRecord>(lambda.events(FUNCTION))) {
    const { key, n } = dataOf(record) as { key: string; n: number };
    delivered.set(key, [...(delivered.get(key) ?? []), n]);
  }
  const readFrom = recordsOf<KinesisEventRecord>(lambda.events(FUNCTION)).map((r) => r.eventID.split(':')[0]);
  expect(new Set(readFrom).size).toBe(shards);
  for (const [key, count] of written) {
    expect({ key, ns: delivered.get(key) }).toEqual({
      key,
      ns: Array.from({ length: count }, (_, n) => n),
    });
  }
};

describe('EventSourceMappingEngine across resharding of a live stream', () => {
  it('keeps per-key order and loses nothing when a shard splits while records are written', async () => {
    const streamName = 'esm-live-split';
    const streamArn = await createStream(clients.kinesis, streamName, 1);
    await startEngine().add(
      mappingDefinition({ functionName: FUNCTION, eventSourceArn: streamArn, batchSize: 25 }),
    );
    const writer = writeUntilStopped(streamName);
    await sleep(400);

    const [parent] = await openShards(streamName);
    await clients.kinesis.send(
      new SplitShardCommand({
        StreamName: streamName,
        ShardToSplit: parent?.ShardId,
        NewStartingHashKey: (2n ** 127n).toString(),
      }),
    );
    await waitActive(streamName);
    await sleep(600);
    const written = await writer.stop();

    expect((await openShards(streamName)).length).toBe(2);
    await expectEveryKeyInOrder(written, 3);
  });

  it('keeps per-key order and loses nothing when two shards merge while records are written', async () => {
    const streamName = 'esm-live-merge';
    const streamArn = await createStream(clients.kinesis, streamName, 2);
    await startEngine().add(
      mappingDefinition({
        functionName: FUNCTION,
        eventSourceArn: streamArn,
        batchSize: 25,
        parallelizationFactor: 3,
      }),
    );
    const writer = writeUntilStopped(streamName);
    await sleep(400);

    const [left, right] = await openShards(streamName);
    await clients.kinesis.send(
      new MergeShardsCommand({
        StreamName: streamName,
        ShardToMerge: left?.ShardId,
        AdjacentShardToMerge: right?.ShardId,
      }),
    );
    await waitActive(streamName);
    await sleep(600);
    const written = await writer.stop();

    expect((await openShards(streamName)).length).toBe(1);
    await expectEveryKeyInOrder(written, 3);
  });
});
