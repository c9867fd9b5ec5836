import type { PutResult } from '../src';
import { networkError, throttled } from './helpers/awsErrors';
import { FakeKinesis, settle } from './helpers/FakeKinesis';
import { seededRandom } from './helpers/random';
import { expectedData, recordFor } from './helpers/records';
import { writerFor } from './helpers/writerFor';

describe('OrderedKinesisWriter: order within a partition key', () => {
  it('stores one key’s records in call order, each PutRecord chained to the previous acknowledged sequence number', async () => {
    const fake = new FakeKinesis();
    const { writer } = writerFor(fake);

    const results = await Promise.all([0, 1, 2, 3].map((index) => writer.put(recordFor('post-1', index))));

    expect(fake.storedFor('post-1')).toEqual(expectedData('post-1', 4));
    expect(fake.calls.map((call) => call.SequenceNumberForOrdering)).toEqual([
      undefined,
      results[0]?.sequenceNumber,
      results[1]?.sequenceNumber,
      results[2]?.sequenceNumber,
    ]);
    expect(results.map((result) => result.attempts)).toEqual([1, 1, 1, 1]);
    expect(results[0]?.shardId).toMatch(/^shardId-\d{12}$/);
  });

  it('keeps every key’s order under random delays and 30% throttling, with no key ever having two calls in flight', async () => {
    const random = seededRandom(20_240_601);
    const fake = new FakeKinesis({
      delayTurns: () => Math.floor(random() * 4),
      fault: () => (random() < 0.3 ? { error: throttled() } : undefined),
    });
    const { writer } = writerFor(fake, { random });
    const keys = Array.from({ length: 20 }, (_, index) => `member-${index}`);

    // Interleave the keys the way concurrent requests would: record i of every key, then i+1.
    const puts: Array<Promise<PutResult>> = [];
    for (let index = 0; index < 50; index++)
      for (const key of keys) puts.push(writer.put(recordFor(key, index)));
    await Promise.all(puts);

    for (const key of keys) expect(fake.storedFor(key)).toEqual(expectedData(key, 50));
    expect(fake.maxInFlightPerKey).toBe(1);
    expect(fake.maxInFlight).toBeGreaterThan(1);
    expect(writer.stats()).toMatchObject({
      acknowledged: 1000,
      failed: 0,
      retried: fake.calls.length - 1000,
    });
    expect(writer.stats().retried).toBeGreaterThan(200);
  });

  it('chains on the acknowledged sequence number only: a retried call carries the same SequenceNumberForOrdering', async () => {
    const fake = new FakeKinesis({
      fault: (_, callIndex) => (callIndex === 1 || callIndex === 2 ? { error: throttled() } : undefined),
    });
    const { writer } = writerFor(fake);

    const first = await writer.put(recordFor('post-1', 0));
    const second = await writer.put(recordFor('post-1', 1));
    await writer.put(recordFor('post-1', 2));

    expect(second.attempts).toBe(3);
    expect(fake.calls.map((call) => call.SequenceNumberForOrdering)).toEqual([
      undefined,
      first.sequenceNumber,
      first.sequenceNumber,
      first.sequenceNumber,
      second.sequenceNumber,
    ]);
  });

  it('does not send a key’s next record until the previous one is acknowledged', async () => {
    const fake = new FakeKinesis({ manual: true });
    const { writer } = writerFor(fake);

    const puts = [0, 1, 2].map((index) => writer.put(recordFor('post-1', index)));
    await settle();
    expect(fake.held.map((call) => call.input.PartitionKey)).toEqual(['post-1']);

    await fake.answer();
    expect(fake.calls).toHaveLength(2);
    await fake.answer();
    await fake.answer();
    await Promise.all(puts);
    expect(fake.storedFor('post-1')).toEqual(expectedData('post-1', 3));
  });

  it('keeps the chain across separate calls for the writer’s lifetime', async () => {
    const fake = new FakeKinesis();
    const { writer } = writerFor(fake);

    const first = await writer.put(recordFor('post-1', 0));
    await writer.put(recordFor('post-2', 0));
    await writer.put(recordFor('post-1', 1));

    expect(fake.calls[2]?.SequenceNumberForOrdering).toBe(first.sequenceNumber);
    expect(fake.calls[1]?.SequenceNumberForOrdering).toBeUndefined();
  });

  it('forgets the least recently used idle key beyond maxTrackedKeys, and only that one', async () => {
    const fake = new FakeKinesis();
    const { writer } = writerFor(fake, { maxTrackedKeys: 2 });

    await writer.put(recordFor('a', 0));
    await writer.put(recordFor('b', 0));
    const a1 = await writer.put(recordFor('a', 1));
    await writer.put(recordFor('c', 0)); // three keys: 'b', the least recently used, is forgotten
    await writer.put(recordFor('a', 2));
    await writer.put(recordFor('b', 1));

    const chainedOn = (key: string) =>
      fake.calls.filter((call) => call.PartitionKey === key).map((call) => call.SequenceNumberForOrdering);
    expect(chainedOn('b')).toEqual([undefined, undefined]);
    expect(chainedOn('a')).toEqual([undefined, expect.any(String), a1.sequenceNumber]);
  });

  it('stores a lost-response retry as an adjacent duplicate, still in order (at-least-once)', async () => {
    // The first call for post-1#1 stores the record, then loses the response.
    const fake = new FakeKinesis({
      fault: (_input, callIndex) =>
        callIndex === 1
          ? { error: networkError('ECONNRESET', 'socket hang up'), afterStore: true }
          : undefined,
    });
    const { writer } = writerFor(fake);

    const results = await Promise.all([0, 1, 2].map((index) => writer.put(recordFor('post-1', index))));

    expect(fake.storedFor('post-1')).toEqual(['post-1#0', 'post-1#1', 'post-1#1', 'post-1#2']);
    expect(results[1]?.attempts).toBe(2);
    expect(writer.stats()).toMatchObject({ acknowledged: 3, retried: 1, sent: 4 });
  });

  it('passes the stream, the explicit hash key and the data through unchanged', async () => {
    const fake = new FakeKinesis();
    const { writer } = writerFor(fake, {
      streamName: undefined,
      streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/events',
    });
    const data = Uint8Array.from([0, 255, 7]);

    await writer.put({
      partitionKey: 'post-1',
      data,
      explicitHashKey: '170141183460469231731687303715884105728',
    });

    expect(fake.calls[0]).toEqual({
      StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/events',
      PartitionKey: 'post-1',
      Data: data,
      ExplicitHashKey: '170141183460469231731687303715884105728',
    });
  });
});

describe('OrderedKinesisWriter: parallelism across partition keys', () => {
  it('writes different keys at the same time', async () => {
    const fake = new FakeKinesis({ manual: true });
    const { writer } = writerFor(fake);

    const puts = ['a', 'b', 'c', 'd', 'e'].map((key) => writer.put(recordFor(key, 0)));
    await settle();

    expect(fake.held.map((call) => call.input.PartitionKey)).toEqual(['a', 'b', 'c', 'd', 'e']);
    await fake.answer();
    await Promise.all(puts);
  });

  it('has at most maxConcurrentKeys keys in flight, and starts the next key as one finishes', async () => {
    const fake = new FakeKinesis({ manual: true });
    const { writer } = writerFor(fake, { maxConcurrentKeys: 3 });

    const puts = ['a', 'b', 'c', 'd', 'e'].map((key) => writer.put(recordFor(key, 0)));
    await settle();
    expect(fake.held.map((call) => call.input.PartitionKey)).toEqual(['a', 'b', 'c']);
    expect(writer.stats()).toMatchObject({ inFlight: 3, queued: 2 });

    await fake.answer('b');
    expect(fake.held.map((call) => call.input.PartitionKey)).toEqual(['a', 'c', 'd']);

    await fake.answer();
    await fake.answer();
    await Promise.all(puts);
    expect(fake.maxInFlight).toBe(3);
  });

  it('lets keys take turns, so a busy key does not starve the others', async () => {
    const fake = new FakeKinesis();
    const { writer } = writerFor(fake, { maxConcurrentKeys: 1 });

    await Promise.all([
      writer.put(recordFor('hot', 0)),
      writer.put(recordFor('hot', 1)),
      writer.put(recordFor('hot', 2)),
      writer.put(recordFor('cold', 0)),
    ]);

    expect(fake.callKeys()).toEqual(['hot', 'cold', 'hot', 'hot']);
  });
});
