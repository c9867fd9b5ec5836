import { type KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import { ShardMap } from '@kes/partition-keys';
import { type BatchedWriterStats, KeyBatchedWriter, RecordTooLargeError } from '../../src';
import { expectedData, recordFor } from '../helpers/records';
import { clientWithoutSdkRetries, createStream, readAll } from '../helpers/streams';

let emulators: TestEmulators;
let kinesis: KinesisClient;

beforeAll(async () => {
  // Shards that take 150 records/s: calls of ~100 records (one per key) are throttled in part, for real.
  emulators = await startEmulators({ kinesis: { limits: { writeRecordsPerSecond: 150 } } });
  kinesis = createAwsClients(emulators.env).kinesis;
});

afterEach(() => emulators.kinesis?.setFaults({}));

afterAll(() => emulators?.stop());

describe('KeyBatchedWriter against the Kinesis emulator (shard limits on)', () => {
  it('writes 200 keys × 10 records in per-key order through partial throttling and failed calls', async () => {
    await createStream(kinesis, 'batched-throttled', 2);
    const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: 'batched-throttled' }));
    emulators.kinesis?.setFaults({ errorRate: { PutRecords: 0.2 } });
    const calls: { shardId: string; records: number; failed: number }[] = [];
    const writer = new KeyBatchedWriter({
      client: clientWithoutSdkRetries(emulators.env),
      streamName: 'batched-throttled',
      shards: ShardMap.from(Shards),
      retry: { maxAttempts: 50, baseDelayMs: 20, maxDelayMs: 500 },
      onCall: ({ shardId, records, failed }) => calls.push({ shardId, records, failed }),
    });
    const keys = Array.from({ length: 200 }, (_, index) => `post-${index}`);

    const puts = [];
    for (let index = 0; index < 10; index++)
      for (const key of keys) puts.push(writer.put(recordFor(key, index)));
    await Promise.all(puts);
    await writer.close();
    emulators.kinesis?.setFaults({});
    const records = await readAll(kinesis, 'batched-throttled');

    expect(writer.stats()).toMatchObject<Partial<BatchedWriterStats>>({
      acknowledged: 2000,
      failed: 0,
      buffered: 0,
    });
    expect(writer.stats().retried).toBeGreaterThan(0);
    expect(calls.some((call) => call.failed > 0 && call.failed < call.records)).toBe(true); // a partial failure
    expect(new Set(calls.map((call) => call.shardId)).size).toBe(2);
    for (const key of keys) {
      const read = records.filter((record) => record.partitionKey === key);
      expect(read.map((record) => record.data)).toEqual(expectedData(key, 10));
      expect(new Set(read.map((record) => record.shardId)).size).toBe(1);
    }
  });

  it('refuses a record over the stream’s 1 MiB before sending, and sends one of exactly 1 MiB', async () => {
    await createStream(kinesis, 'batched-sizes', 1);
    const writer = new KeyBatchedWriter({ client: kinesis, streamName: 'batched-sizes' });

    const tooLarge = writer.put({ partitionKey: 'k', data: Buffer.alloc(1024 * 1024) });
    const exact = writer.put({ partitionKey: 'k', data: Buffer.alloc(1024 * 1024 - 1) });

    await expect(tooLarge).rejects.toBeInstanceOf(RecordTooLargeError);
    await expect(exact).resolves.toMatchObject({ attempts: 1 });
    expect((await readAll(kinesis, 'batched-sizes')).map((record) => record.data.length)).toEqual([
      1024 * 1024 - 1,
    ]);
  });
});
