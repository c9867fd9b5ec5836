import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  PutRecordCommand,
  PutRecordsCommand,
  UpdateMaxRecordSizeCommand,
} from '@aws-sdk/client-kinesis';
import { KinesisEmulator } from '../../src/kinesis/KinesisEmulator';
import { FakeClock } from '../helpers/FakeClock';
import { clientsFor, createStream } from '../helpers/kinesisStreams';

const MiB = 1024 * 1024;

const clientFor = (emulator: KinesisEmulator) => clientsFor(emulator).kinesis;

const iterator = async (kinesis: KinesisClient, StreamName: string) =>
  (
    await kinesis.send(
      new GetShardIteratorCommand({
        StreamName,
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
  ).ShardIterator;

const getRecords = (kinesis: KinesisClient, ShardIterator: string | undefined) =>
  kinesis.send(new GetRecordsCommand({ ShardIterator }));

const outcome = <T>(promise: Promise<T>) =>
  promise.then(
    () => 'ok',
    (error: Error) => error.name,
  );

describe('KinesisEmulator: read limits per shard', () => {
  let clock: FakeClock;
  let emulator: KinesisEmulator;

  beforeEach(async () => {
    clock = new FakeClock(Date.now());
    emulator = await KinesisEmulator.start({ port: 0, now: clock.now });
  });
  afterEach(() => emulator.stop());

  it('throttles the sixth GetRecords call in a second, counting every consumer of the shard', async () => {
    const consumerA = clientFor(emulator);
    const consumerB = clientFor(emulator);
    await createStream(consumerA, 'reads');
    const [iteratorA, iteratorB] = [await iterator(consumerA, 'reads'), await iterator(consumerB, 'reads')];

    const calls = [
      await outcome(getRecords(consumerA, iteratorA)),
      await outcome(getRecords(consumerB, iteratorB)),
      await outcome(getRecords(consumerA, iteratorA)),
      await outcome(getRecords(consumerB, iteratorB)),
      await outcome(getRecords(consumerA, iteratorA)),
    ];
    const sixth = await getRecords(consumerB, iteratorB).catch((error: Error) => error);

    expect(calls).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(sixth).toMatchObject({
      name: 'ProvisionedThroughputExceededException',
      message: 'Rate exceeded for shard shardId-000000000000 in stream reads under account 000000000000.',
      $metadata: { httpStatusCode: 400 },
    });
    clock.advance(200);
    expect(await outcome(getRecords(consumerB, iteratorB))).toBe('ok');
    expect(emulator.throttledCalls('GetRecords', 'reads')).toBe(1);
    expect(emulator.throttles({ operation: 'GetRecords' })).toEqual([
      { streamName: 'reads', shardId: 'shardId-000000000000', operation: 'GetRecords', calls: 1, records: 0 },
    ]);
  });

  it('throttles GetShardIterator over 5 calls per second per shard', async () => {
    const kinesis = clientFor(emulator);
    await createStream(kinesis, 'iterators');
    const calls = [];
    for (let call = 0; call < 6; call++) calls.push(await outcome(iterator(kinesis, 'iterators')));

    expect(calls).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ProvisionedThroughputExceededException']);
  });

  it('returns at most 10 MiB per call, then throttles the shard for 5 s (2 MiB/s)', async () => {
    const kinesis = clientFor(emulator);
    await createStream(kinesis, 'big-reads');
    // 12 records of 1,000,000 bytes, one per second to stay under the 1 MiB/s write limit.
    for (let n = 0; n < 12; n++) {
      await kinesis.send(
        new PutRecordCommand({
          StreamName: 'big-reads',
          PartitionKey: `k${n}`,
          Data: Buffer.alloc(1_000_000, n),
        }),
      );
      clock.advance(1_000);
    }

    const first = await getRecords(kinesis, await iterator(kinesis, 'big-reads'));

    // Ten records (about 9.5 MiB) fit in 10 MiB; the eleventh would not.
    expect(first.Records?.map((record) => record.PartitionKey)).toEqual(
      Array.from({ length: 10 }, (_, n) => `k${n}`),
    );
    clock.advance(4_500);
    expect(await outcome(getRecords(kinesis, first.NextShardIterator))).toBe(
      'ProvisionedThroughputExceededException',
    );
    clock.advance(500);
    const rest = await getRecords(kinesis, first.NextShardIterator);
    expect(rest.Records?.map((record) => record.PartitionKey)).toEqual(['k10', 'k11']);
  });

  it('returns a record of up to 10 MiB alone, and throttles the shard for 5 s after it', async () => {
    const kinesis = clientFor(emulator);
    await createStream(kinesis, 'large-record');
    await kinesis.send(
      new UpdateMaxRecordSizeCommand({
        StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/large-record',
        MaxRecordSizeInKiB: 10_240,
      }),
    );
    await kinesis.send(
      new PutRecordsCommand({
        StreamName: 'large-record',
        Records: [{ PartitionKey: 'big', Data: Buffer.alloc(10 * MiB - 3, 7) }],
      }),
    );
    clock.advance(10_000);
    await kinesis.send(
      new PutRecordCommand({ StreamName: 'large-record', PartitionKey: 'small', Data: Buffer.from('x') }),
    );

    const first = await getRecords(kinesis, await iterator(kinesis, 'large-record'));

    expect(first.Records?.map((record) => [record.PartitionKey, record.Data?.length])).toEqual([
      ['big', 10 * MiB - 3],
    ]);
    clock.advance(4_900);
    expect(await outcome(getRecords(kinesis, first.NextShardIterator))).toBe(
      'ProvisionedThroughputExceededException',
    );
    clock.advance(200);
    expect((await getRecords(kinesis, first.NextShardIterator)).Records?.map((r) => r.PartitionKey)).toEqual([
      'small',
    ]);
  });
});
