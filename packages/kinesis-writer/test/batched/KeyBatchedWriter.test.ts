import {
  FlushError,
  isKinesisWriterError,
  KeyBatchedWriter,
  type KeyBatchedWriterOptions,
  KeyBrokenError,
  PutRecordsFailedError,
  RecordTooLargeError,
  WriterClosedError,
} from '../../src';
import { awsError } from '../helpers/awsErrors';
import { FakePutRecords } from '../helpers/FakePutRecords';
import { expectedData, recordFor } from '../helpers/records';

const THROTTLED = 'ProvisionedThroughputExceededException';

/** A writer on `fake` whose backoff does not wait (delays are recorded in `sleeps`). */
const writerOn = (fake: FakePutRecords, overrides: Partial<KeyBatchedWriterOptions> = {}) => {
  const sleeps: number[] = [];
  const writer = new KeyBatchedWriter({
    client: fake,
    streamName: 'replay',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { writer, sleeps };
};

const putAll = (writer: KeyBatchedWriter, keys: string[], count: number) => {
  const puts: Promise<unknown>[] = [];
  for (let index = 0; index < count; index++)
    for (const key of keys) puts.push(writer.put(recordFor(key, index)));
  return puts;
};

const keysOfCall = (call: { partitionKey: string }[]) => call.map((entry) => entry.partitionKey);

describe('KeyBatchedWriter', () => {
  it('sends at most one record per key per call, and stores every key’s records in put order', async () => {
    const fake = new FakePutRecords();
    const { writer } = writerOn(fake);

    await Promise.all(putAll(writer, ['a', 'b', 'c'], 5));
    await writer.close();

    for (const call of fake.calls) expect(new Set(keysOfCall(call)).size).toBe(call.length);
    for (const key of ['a', 'b', 'c']) expect(fake.storedFor(key)).toEqual(expectedData(key, 5));
    expect(writer.stats()).toMatchObject({ acknowledged: 15, failed: 0, rejected: 0, buffered: 0 });
  });

  it('retries a throttled record in the lane’s next call, before the next record of its key', async () => {
    const fake = new FakePutRecords({
      recordError: (entry, sighting) => (entry.data === 'a#0' && sighting === 0 ? THROTTLED : undefined),
    });
    const { writer, sleeps } = writerOn(fake);

    const results = await Promise.all(putAll(writer, ['a', 'b'], 3));
    await writer.flush();

    expect(fake.storedFor('a')).toEqual(expectedData('a', 3));
    expect(fake.calls.filter((call) => call.some((entry) => entry.data === 'a#0'))).toHaveLength(2);
    expect(results[0]).toMatchObject({ attempts: 2 });
    expect(writer.stats()).toMatchObject({ retried: 1, acknowledged: 6 });
    expect(sleeps).toHaveLength(1);
  });

  it('puts at most maxRecordsPerCall records and at most maxBytesPerCall bytes in one call', async () => {
    const fake = new FakePutRecords();
    const { writer } = writerOn(fake, {
      maxRecordsPerCall: 4,
      maxRecordSizeBytes: 100,
      maxBytesPerCall: 250,
    });
    const keys = Array.from({ length: 10 }, (_, index) => `k${index}`);

    await Promise.all(keys.map((key) => writer.put({ partitionKey: key, data: Buffer.alloc(98) })));

    // 98 bytes of data + a 2-byte key = 100 bytes: two records fit in 250 bytes, a third does not. (The
    // first call leaves with the first record: the writer does not wait to fill a call.)
    expect(Math.max(...fake.calls.map((call) => call.length))).toBe(2);
    expect(fake.calls.flat()).toHaveLength(10);
    const small = new FakePutRecords();
    const many = writerOn(small, { maxRecordsPerCall: 4 }).writer;
    await Promise.all(keys.map((key) => many.put(recordFor(key, 0))));
    expect(Math.max(...small.calls.map((call) => call.length))).toBe(4);
  });

  it('refuses a record over the stream’s record size before sending anything', async () => {
    const fake = new FakePutRecords();
    const { writer } = writerOn(fake, { maxRecordSizeBytes: 1024 });

    const tooLarge = writer.put({ partitionKey: 'a', data: Buffer.alloc(1024) }); // + 1 byte of key
    const exact = writer.put({ partitionKey: 'b', data: Buffer.alloc(1023) });

    await expect(tooLarge).rejects.toBeInstanceOf(RecordTooLargeError);
    await expect(exact).resolves.toMatchObject({ attempts: 1 });
    expect(fake.calls.flat().map((entry) => entry.partitionKey)).toEqual(['b']);
    await expect(writer.flush()).rejects.toBeInstanceOf(FlushError);
  });

  it('fails a record whose attempts run out, breaks its key until resetKey, and goes on with other keys', async () => {
    const fake = new FakePutRecords({
      recordError: (entry) => (entry.partitionKey === 'a' ? THROTTLED : undefined),
    });
    const { writer } = writerOn(fake, { retry: { maxAttempts: 3 } });

    const [a0, b0, a1, b1] = [0, 0, 1, 1].map((index, n) => writer.put(recordFor(n % 2 ? 'b' : 'a', index)));

    await expect(a0).rejects.toMatchObject({ code: 'PUT_RECORDS_FAILED', attempts: 3, retryable: true });
    await expect(a1).rejects.toBeInstanceOf(KeyBrokenError);
    await expect(Promise.all([b0, b1])).resolves.toHaveLength(2);
    await expect(writer.put(recordFor('a', 2))).rejects.toBeInstanceOf(KeyBrokenError);
    const flushed = await writer.flush().catch((error: unknown) => error);
    expect(flushed).toBeInstanceOf(FlushError);
    expect((flushed as FlushError).failures.map((failure) => failure.error.code)).toEqual([
      'PUT_RECORDS_FAILED',
      'KEY_BROKEN',
      'KEY_BROKEN',
    ]);

    expect(writer.resetKey('a')).toBe(true);
    expect(writer.stats()).toMatchObject({ brokenKeys: 0, failed: 1, acknowledged: 2 });
  });

  it('fails the call’s records at once on a non-retryable error, without retrying', async () => {
    const fake = new FakePutRecords({ callError: () => awsError('AccessDeniedException', 400) });
    const { writer, sleeps } = writerOn(fake);

    const first = writer.put(recordFor('a', 0));

    await expect(first).rejects.toBeInstanceOf(PutRecordsFailedError);
    await expect(first).rejects.toMatchObject({ errorCode: 'AccessDeniedException', retryable: false });
    const flushed = (await writer.flush().catch((error: unknown) => error)) as FlushError;
    expect(flushed.failures[0]?.error).toMatchObject({
      code: 'PUT_RECORDS_FAILED',
      errorCode: 'AccessDeniedException',
    });
    expect(fake.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a whole call that was throttled, with a growing backoff per lane', async () => {
    const fake = new FakePutRecords({
      callError: (index) => (index < 3 ? awsError(THROTTLED, 400) : undefined),
    });
    const { writer, sleeps } = writerOn(fake, { retry: { baseDelayMs: 100, maxDelayMs: 1000 } });

    await Promise.all(putAll(writer, ['a', 'b'], 2));

    expect(sleeps).toEqual([50, 100, 200]); // random() = 0.5 of 100, 200, 400
    expect(fake.storedFor('a')).toEqual(expectedData('a', 2));
  });

  it('keeps one lane per shard: a throttled shard does not hold back the others', async () => {
    const fake = new FakePutRecords({
      recordError: (entry, sighting) =>
        entry.partitionKey.startsWith('x') && sighting < 2 ? THROTTLED : undefined,
    });
    const shards = {
      shardFor: (target: unknown) => (String(target).startsWith('x') ? 'shard-x' : 'shard-y'),
    };
    const { writer } = writerOn(fake, { shards });

    await Promise.all(putAll(writer, ['x1', 'y1', 'y2'], 2));

    for (const call of fake.calls) expect(new Set(keysOfCall(call).map((key) => key[0])).size).toBe(1);
    expect(fake.storedFor('x1')).toEqual(expectedData('x1', 2));
    expect(fake.storedFor('y2')).toEqual(expectedData('y2', 2));
  });

  it('waits for room beyond maxBufferedRecords and refuses puts after close', async () => {
    const fake = new FakePutRecords();
    const { writer } = writerOn(fake, { maxBufferedRecords: 2 });

    const puts = putAll(writer, ['a', 'b', 'c'], 2);
    expect(writer.stats()).toMatchObject({ buffered: 2, waitingForRoom: 4 });
    await Promise.all(puts);
    await writer.close();

    await expect(writer.put(recordFor('a', 9))).rejects.toBeInstanceOf(WriterClosedError);
    expect(isKinesisWriterError(await writer.flush().catch((error: unknown) => error), 'FLUSH_FAILED')).toBe(
      true,
    );
  });

  it('refuses options that cannot work', () => {
    const client = new FakePutRecords();
    expect(() => new KeyBatchedWriter({ client })).toThrow('streamName or streamArn');
    expect(() => new KeyBatchedWriter({ client, streamName: 's', maxRecordsPerCall: 501 })).toThrow(
      RangeError,
    );
    expect(
      () =>
        new KeyBatchedWriter({ client, streamName: 's', maxRecordSizeBytes: 2048, maxBytesPerCall: 1024 }),
    ).toThrow('maxBytesPerCall');
  });
});
