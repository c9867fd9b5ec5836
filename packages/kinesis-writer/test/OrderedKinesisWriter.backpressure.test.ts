import type { PutResult } from '../src';
import { FakeKinesis, settle } from './helpers/FakeKinesis';
import { expectedData, recordFor } from './helpers/records';
import { writerFor } from './helpers/writerFor';

/** Whether `promise` has settled after everything pending has had its turn. */
const hasSettled = async (promise: Promise<unknown>): Promise<boolean> => {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await settle();
  return settled;
};

describe('OrderedKinesisWriter: backpressure', () => {
  it('makes the put after maxBufferedRecords wait for room, and sends it once a record is acknowledged', async () => {
    const fake = new FakeKinesis({ manual: true });
    const { writer } = writerFor(fake, { maxBufferedRecords: 3 });

    const puts = ['a', 'b', 'c', 'd'].map((key) => writer.put(recordFor(key, 0)));
    await settle();

    expect(fake.held.map((call) => call.input.PartitionKey)).toEqual(['a', 'b', 'c']);
    expect(writer.stats()).toMatchObject({ inFlight: 3, queued: 0, waitingForRoom: 1 });

    await fake.answer('b');
    expect(fake.held.map((call) => call.input.PartitionKey)).toEqual(['a', 'c', 'd']);
    expect(writer.stats().waitingForRoom).toBe(0);

    await fake.answer();
    await expect(Promise.all(puts)).resolves.toHaveLength(4);
  });

  it('counts queued records of one key against the bound, not just those in flight', async () => {
    const fake = new FakeKinesis({ manual: true });
    const { writer } = writerFor(fake, { maxBufferedRecords: 2 });

    const puts = [0, 1, 2].map((index) => writer.put(recordFor('post-1', index)));
    await settle();

    expect(writer.stats()).toMatchObject({ inFlight: 1, queued: 1, waitingForRoom: 1, maxKeyQueueDepth: 2 });
    for (let round = 0; round < 3; round++) await fake.answer();
    await Promise.all(puts);
    expect(writer.stats()).toMatchObject({ inFlight: 0, queued: 0, waitingForRoom: 0, acknowledged: 3 });
  });

  it('still resolves each waiting put at its acknowledgement, and keeps call order within a key', async () => {
    const fake = new FakeKinesis();
    const { writer } = writerFor(fake, { maxBufferedRecords: 2 });

    const puts: Array<Promise<PutResult>> = [];
    for (let index = 0; index < 10; index++) {
      puts.push(writer.put(recordFor('a', index)), writer.put(recordFor('b', index)));
    }
    const results = await Promise.all(puts);

    expect(fake.storedFor('a')).toEqual(expectedData('a', 10));
    expect(fake.storedFor('b')).toEqual(expectedData('b', 10));
    expect(results.every((result) => result.sequenceNumber.length > 0)).toBe(true);
  });

  it('serves waiting puts in call order, and a put made after them queues behind them', async () => {
    const fake = new FakeKinesis({ manual: true });
    const { writer } = writerFor(fake, { maxBufferedRecords: 2 });

    const puts = [
      writer.put(recordFor('a', 0)),
      writer.put(recordFor('b', 0)),
      writer.put(recordFor('a', 1)), // waits
      writer.put(recordFor('c', 0)), // waits
    ];
    await settle();
    await fake.answer(); // frees both slots at once
    const late = writer.put(recordFor('a', 2)); // must queue behind a#1 and c#0, not take a freed slot
    await settle();

    expect(fake.callKeys()).toEqual(['a', 'b', 'a', 'c']);
    expect(writer.stats().waitingForRoom).toBe(1);
    for (let round = 0; round < 2; round++) await fake.answer();
    await Promise.all([...puts, late]);
    expect(fake.storedFor('a')).toEqual(expectedData('a', 3));
  });

  it('waitForRoom resolves only once a put would be queued without waiting', async () => {
    const fake = new FakeKinesis({ manual: true });
    const { writer } = writerFor(fake, { maxBufferedRecords: 1 });
    await expect(writer.waitForRoom()).resolves.toBeUndefined();

    const put = writer.put(recordFor('a', 0));
    const room = writer.waitForRoom();
    expect(await hasSettled(room)).toBe(false);

    await fake.answer();
    expect(await hasSettled(room)).toBe(true);
    await put;
    expect(writer.stats()).toMatchObject({ inFlight: 0, queued: 0, waitingForRoom: 0 });
  });

  it('records the deepest queue one key reached', async () => {
    const fake = new FakeKinesis();
    const { writer } = writerFor(fake);

    await Promise.all([0, 1, 2, 3, 4].map((index) => writer.put(recordFor('hot', index))));
    await Promise.all([writer.put(recordFor('a', 0)), writer.put(recordFor('b', 0))]);

    expect(writer.stats().maxKeyQueueDepth).toBe(5);
  });
});
