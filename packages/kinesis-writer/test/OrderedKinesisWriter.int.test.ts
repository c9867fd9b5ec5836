import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import { OrderedKinesisWriter, type PutResult, RecordTooLargeError } from '../src';
import { expectedData, recordFor } from './helpers/records';
import { clientWithoutSdkRetries, createStream, type ReadRecord, readAll } from './helpers/streams';

let emulators: TestEmulators;
let kinesis: KinesisClient;

beforeAll(async () => {
  emulators = await startEmulators({ kinesis: true });
  kinesis = createAwsClients(emulators.env).kinesis;
});

afterEach(() => emulators.kinesis?.setFaults({}));

afterAll(() => emulators?.stop());

/** The data read back for each key, in stream order. */
const byKey = (records: ReadRecord[]): Map<string, string[]> => {
  const keys = new Map<string, string[]>();
  for (const record of records)
    keys.set(record.partitionKey, [...(keys.get(record.partitionKey) ?? []), record.data]);
  return keys;
};

/** Drops a record equal to the one just before it: the only shape a writer retry's duplicate can take. */
const withoutAdjacentRepeats = (data: string[]): string[] =>
  data.filter((item, index) => item !== data[index - 1]);

describe('OrderedKinesisWriter against the Kinesis emulator', () => {
  it('writes 20 keys × 200 records in per-key order under 30% throttling and random latency', async () => {
    await createStream(kinesis, 'ordered-throttled', 4);
    emulators.kinesis?.setFaults({ errorRate: { PutRecord: 0.3 }, latencyMs: { min: 1, max: 8 } });
    const writer = new OrderedKinesisWriter({
      client: clientWithoutSdkRetries(emulators.env),
      streamName: 'ordered-throttled',
      // 0.3^25: no record runs out of attempts in any realistic run.
      retry: { maxAttempts: 25, baseDelayMs: 5, maxDelayMs: 100 },
    });
    const keys = Array.from({ length: 20 }, (_, index) => `member-${index}`);

    const puts: Array<Promise<PutResult>> = [];
    for (let index = 0; index < 200; index++)
      for (const key of keys) puts.push(writer.put(recordFor(key, index)));
    const results = await Promise.all(puts);
    await writer.close();
    emulators.kinesis?.setFaults({});
    const records = await readAll(kinesis, 'ordered-throttled');

    const stats = writer.stats();
    expect(stats).toMatchObject({ acknowledged: 4000, failed: 0, rejected: 0, inFlight: 0, queued: 0 });
    expect(stats.retried).toBeGreaterThan(500);
    expect(results.filter((result) => result.attempts > 1).length).toBeGreaterThan(500);
    const read = byKey(records);
    for (const key of keys) {
      expect(withoutAdjacentRepeats(read.get(key) ?? [])).toEqual(expectedData(key, 200));
      expect(
        new Set(records.filter((record) => record.partitionKey === key).map((record) => record.shardId)).size,
      ).toBe(1);
    }
    const duplicates = records.length - 4000;
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(stats.retried);
  });

  it('delivers everything put during an outage after it ends, in order', async () => {
    await createStream(kinesis, 'ordered-outage', 2);
    const outageEnds = Date.now() + 2000;
    emulators.kinesis?.setFaults({
      outages: [
        { startsAt: Date.now(), durationMs: 2000, operations: ['PutRecord'], errorCode: 'InternalFailure' },
      ],
    });
    const writer = new OrderedKinesisWriter({
      client: clientWithoutSdkRetries(emulators.env),
      streamName: 'ordered-outage',
      retry: { maxAttempts: 60, baseDelayMs: 50, maxDelayMs: 400 },
    });
    const keys = ['post-1', 'post-2', 'post-3', 'post-4', 'post-5'];

    const puts: Array<Promise<PutResult>> = [];
    for (let index = 0; index < 20; index++)
      for (const key of keys) puts.push(writer.put(recordFor(key, index)));
    const results = await Promise.all(puts);
    const records = await readAll(kinesis, 'ordered-outage');

    expect(writer.stats()).toMatchObject({ acknowledged: 100, failed: 0 });
    expect(Math.min(...results.slice(0, keys.length).map((result) => result.attempts))).toBeGreaterThan(1);
    expect(records).toHaveLength(100);
    expect(Math.min(...records.map((record) => record.arrivedAt))).toBeGreaterThanOrEqual(outageEnds);
    const read = byKey(records);
    for (const key of keys) expect(read.get(key)).toEqual(expectedData(key, 20));
  });

  it('refuses an oversized record before sending it: nothing is written, and a record at the limit is', async () => {
    await createStream(kinesis, 'ordered-oversize', 1);
    const writer = new OrderedKinesisWriter({
      client: clientWithoutSdkRetries(emulators.env),
      streamName: 'ordered-oversize',
    });
    const limit = 1024 * 1024;

    const oversized = writer.put({
      partitionKey: 'post-1',
      data: new Uint8Array(limit - 'post-1'.length + 1),
    });
    await expect(oversized).rejects.toBeInstanceOf(RecordTooLargeError);
    expect(await readAll(kinesis, 'ordered-oversize')).toEqual([]);
    expect(writer.stats()).toMatchObject({ sent: 0, rejected: 1 });

    await writer.put({ partitionKey: 'post-1', data: new Uint8Array(limit - 'post-1'.length) });
    const records = await readAll(kinesis, 'ordered-oversize');
    expect(records).toHaveLength(1);
    expect(records[0]?.data.length).toBe(limit - 'post-1'.length);
  });

  it('fails at once on a stream that does not exist, and breaks only that key', async () => {
    const writer = new OrderedKinesisWriter({
      client: clientWithoutSdkRetries(emulators.env),
      streamName: 'no-such-stream',
    });

    const [first, second] = await Promise.allSettled([
      writer.put(recordFor('post-1', 0)),
      writer.put(recordFor('post-1', 1)),
    ]);

    expect(first).toMatchObject({
      status: 'rejected',
      reason: {
        code: 'PUT_RECORD_FAILED',
        errorCode: 'ResourceNotFoundException',
        attempts: 1,
        retryable: false,
      },
    });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'KEY_BROKEN' } });
    expect(writer.stats()).toMatchObject({ sent: 1, failed: 1, rejected: 1, brokenKeys: 1 });
  });
});
