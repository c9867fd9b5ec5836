import type { CounterEvent } from '../helpers/counterEvents';
import { counterChanged } from '../helpers/counterEvents';
import { kinesisConsumerUnderTest } from '../helpers/kinesisConsumerUnderTest';
import { kinesisEvent, type RecordSpec, sequenceNumberAt } from '../helpers/kinesisEvents';
import { delay, lambdaContext } from '../helpers/recorders';

/** `key:version` of an event, the way these tests write down what a handler saw. */
const seen = (event: CounterEvent): string => `${event.subject.id}:${event.version}`;

/** Records for `key` at versions `from..to`, in order. */
const versions = (key: string, from: number, to: number): RecordSpec[] =>
  Array.from({ length: to - from + 1 }, (_, offset) => ({ key, event: counterChanged(key, from + offset) }));

/** Interleaves the records of several keys one by one, as a shard holding several keys would. */
const interleave = (...groups: RecordSpec[][]): RecordSpec[] => {
  const longest = Math.max(...groups.map((group) => group.length));
  return Array.from({ length: longest }, (_, row) => groups.flatMap((group) => group[row] ?? [])).flat();
};

describe('kinesisConsumer: per-partition-key order and partial batch failures', () => {
  it('reports no failures and handles every event once when all succeed', async () => {
    const handled: string[] = [];
    const { handler } = kinesisConsumerUnderTest({
      handle: async (event) => {
        handled.push(seen(event));
      },
    });

    const response = await handler(
      kinesisEvent(interleave(versions('A', 1, 3), versions('B', 1, 2))),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled.sort()).toEqual(['A:1', 'A:2', 'A:3', 'B:1', 'B:2']);
  });

  it('stops key A at its failed record, reports that record, and still processes every other key', async () => {
    // Batch order: A1 B1 A2 B2 A3 B3 A4 — A2 (position 2) fails.
    const handled: string[] = [];
    const { handler } = kinesisConsumerUnderTest({
      handle: async (event) => {
        if (seen(event) === 'A:2') throw new Error('projection table throttled');
        handled.push(seen(event));
      },
    });

    const response = await handler(
      kinesisEvent(interleave(versions('A', 1, 4), versions('B', 1, 3))),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumberAt(2) }] });
    expect(handled.filter((entry) => entry.startsWith('A'))).toEqual(['A:1']);
    expect(handled.filter((entry) => entry.startsWith('B'))).toEqual(['B:1', 'B:2', 'B:3']);
  });

  it('reports the failed record of each failing key, lowest sequence number first', async () => {
    // Batch order: A1 B1 C1 A2 B2 C2 — B2 (4) and A2 (3) fail; C is fine.
    const { handler } = kinesisConsumerUnderTest({
      handle: async (event) => {
        if (event.version === 2 && event.subject.id !== 'C') throw new Error(`cannot apply ${seen(event)}`);
      },
    });

    const response = await handler(
      kinesisEvent(interleave(versions('A', 1, 2), versions('B', 1, 2), versions('C', 1, 2))),
      lambdaContext,
    );

    // Lambda checkpoints before the lowest of these and redelivers from there.
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: sequenceNumberAt(3) }, { itemIdentifier: sequenceNumberAt(4) }],
    });
  });

  it('reports the failure in batch order even when the later key fails first', async () => {
    // A1 (0) fails slowly; B1 (1) fails at once.
    const { handler } = kinesisConsumerUnderTest({
      handle: async (event) => {
        if (event.subject.id === 'A') await delay(20);
        throw new Error(`cannot apply ${seen(event)}`);
      },
    });

    const response = await handler(
      kinesisEvent([...versions('A', 1, 1), ...versions('B', 1, 1)]),
      lambdaContext,
    );

    expect(response?.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([
      sequenceNumberAt(0),
      sequenceNumberAt(1),
    ]);
  });

  it('keeps the order within each key when handlers finish in random order across keys', async () => {
    const handledPerKey = new Map<string, number[]>();
    const { handler } = kinesisConsumerUnderTest({
      keyConcurrency: 4,
      handle: async (event) => {
        await delay(Math.floor(Math.random() * 6));
        const list = handledPerKey.get(event.subject.id) ?? [];
        list.push(event.version);
        handledPerKey.set(event.subject.id, list);
      },
    });
    const keys = ['A', 'B', 'C', 'D', 'E', 'F'];

    const response = await handler(
      kinesisEvent(interleave(...keys.map((key) => versions(key, 1, 8)))),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    for (const key of keys) expect(handledPerKey.get(key)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('never runs two records of the same key at the same time', async () => {
    const running = new Set<string>();
    const overlaps: string[] = [];
    const { handler } = kinesisConsumerUnderTest({
      handle: async (event) => {
        if (running.has(event.subject.id)) overlaps.push(seen(event));
        running.add(event.subject.id);
        await delay(Math.floor(Math.random() * 4));
        running.delete(event.subject.id);
      },
    });

    await handler(kinesisEvent(interleave(versions('A', 1, 5), versions('B', 1, 5))), lambdaContext);

    expect(overlaps).toEqual([]);
  });

  it.each([1, 3, 8])(
    'runs at most keyConcurrency = %i keys at once, and uses that many',
    async (keyConcurrency) => {
      let inFlight = 0;
      let maxInFlight = 0;
      const { handler } = kinesisConsumerUnderTest({
        keyConcurrency,
        handle: async () => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await delay(3);
          inFlight -= 1;
        },
      });
      const keys = Array.from({ length: 12 }, (_, index) => `key-${index}`);

      await handler(kinesisEvent(interleave(...keys.map((key) => versions(key, 1, 2)))), lambdaContext);

      expect(maxInFlight).toBe(keyConcurrency);
    },
  );

  it('uses 8 keys at once by default', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const { handler } = kinesisConsumerUnderTest({
      handle: async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await delay(3);
        inFlight -= 1;
      },
    });
    const keys = Array.from({ length: 20 }, (_, index) => `key-${index}`);

    await handler(kinesisEvent(keys.flatMap((key) => versions(key, 1, 1))), lambdaContext);

    expect(maxInFlight).toBe(8);
  });

  it('reports a handler that throws synchronously or throws a non-Error value', async () => {
    const { handler, logger } = kinesisConsumerUnderTest({
      handle: (event) => {
        if (event.subject.id === 'A') throw new Error('sync failure');
        if (event.subject.id === 'B') throw 'a string';
      },
    });

    const response = await handler(
      kinesisEvent([...versions('A', 1, 1), ...versions('B', 1, 1), ...versions('C', 1, 1)]),
      lambdaContext,
    );

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: sequenceNumberAt(0) }, { itemIdentifier: sequenceNumberAt(1) }],
    });
    expect(
      logger.entries.filter((entry) => entry.level === 'error').map((entry) => entry.attributes.error),
    ).toEqual(expect.arrayContaining([new Error('sync failure'), 'a string']));
  });

  it('logs the failure with its key, sequence number and how many records of the key wait behind it', async () => {
    const failure = new Error('boom');
    const { handler, logger } = kinesisConsumerUnderTest({
      handle: async (event) => {
        if (event.version === 1) throw failure;
      },
    });

    await handler(kinesisEvent(versions('A', 1, 3)), lambdaContext);

    expect(logger.entries).toContainEqual({
      level: 'error',
      message: 'Record failed; its key stops here and Lambda redelivers from it',
      attributes: {
        consumer: 'counter-projection',
        partitionKey: 'A',
        sequenceNumber: sequenceNumberAt(0),
        notAttempted: 2,
        error: failure,
      },
    });
  });
});
