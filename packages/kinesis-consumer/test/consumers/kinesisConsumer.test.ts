import type { KinesisStreamEvent } from 'aws-lambda';
import {
  InvalidBatchError,
  InvalidOptionsError,
  isKinesisConsumerError,
  kinesisConsumer,
  type RecordMeta,
} from '../../src';
import { counterChanged, counterEvents } from '../helpers/counterEvents';
import { kinesisConsumerUnderTest, NOW } from '../helpers/kinesisConsumerUnderTest';
import {
  FIRST_ARRIVAL_SECONDS,
  kinesisEvent,
  type RecordSpec,
  SHARD_ID,
  STREAM_ARN,
  sequenceNumberAt,
} from '../helpers/kinesisEvents';
import { lambdaContext, memoryDeadLetter } from '../helpers/recorders';

const valid = (key: string, version: number): RecordSpec => ({ key, event: counterChanged(key, version) });

describe('kinesisConsumer', () => {
  describe('handling', () => {
    it('passes each handler the decoded event and where its record sits in the stream', async () => {
      const calls: { type: string; meta: RecordMeta }[] = [];
      const { handler } = kinesisConsumerUnderTest({
        handle: async (event, meta) => {
          calls.push({ type: event.type, meta });
        },
      });

      await handler(kinesisEvent([valid('A', 1)]), lambdaContext);

      expect(calls).toEqual([
        {
          type: 'CounterChanged',
          meta: {
            source: 'aws:kinesis',
            sequenceNumber: sequenceNumberAt(0),
            partitionKey: 'A',
            approximateArrivalTime: new Date(FIRST_ARRIVAL_SECONDS * 1000),
            eventSourceArn: STREAM_ARN,
            eventId: `${SHARD_ID}:${sequenceNumberAt(0)}`,
            shardOrStream: SHARD_ID,
          },
        },
      ]);
    });

    it("counts a record as skipped when the handler returns 'stale' or 'skipped', else as processed", async () => {
      const results = { 1: 'stale', 2: 'skipped', 3: 'applied', 4: undefined } as const;
      const { handler, metrics } = kinesisConsumerUnderTest({
        handle: async (event) => results[event.version as keyof typeof results],
      });

      await handler(
        kinesisEvent([valid('A', 1), valid('A', 2), valid('A', 3), valid('A', 4)]),
        lambdaContext,
      );

      expect(metrics.value('RecordsSkipped')).toBe(2);
      expect(metrics.value('RecordsProcessed')).toBe(2);
    });

    it('answers an empty batch with no failures, without calling the handler', async () => {
      const handle = jest.fn();
      const { handler, metrics } = kinesisConsumerUnderTest({ handle });

      const response = await handler({ Records: [] }, lambdaContext);

      expect(response).toEqual({ batchItemFailures: [] });
      expect(handle).not.toHaveBeenCalled();
      expect(metrics.value('BatchSize')).toBe(0);
      expect(metrics.value('IteratorAgeMilliseconds')).toBeUndefined();
      expect(metrics.flushes).toBe(1);
    });
  });

  describe('metrics and logs', () => {
    it('emits BatchSize, IteratorAge (now − arrival of the last record) and the record counts, flushed once', async () => {
      const { handler, metrics } = kinesisConsumerUnderTest({
        failDeadLettersFor: [],
        handle: async (event) => {
          if (event.subject.id === 'C') throw new Error('C fails');
          return event.version === 2 ? 'stale' : undefined;
        },
      });

      // A1 A2(stale) B(bad → dead letter) C1(fails) C2(not attempted): last record arrives at +4 s.
      await handler(
        kinesisEvent([valid('A', 1), valid('A', 2), { key: 'B', raw: 'oops' }, valid('C', 1), valid('C', 2)]),
        lambdaContext,
      );

      expect(
        metrics.added
          .map(({ name, unit, value }) => ({ name, unit, value }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      ).toEqual([
        { name: 'BatchSize', unit: 'Count', value: 5 },
        {
          name: 'IteratorAgeMilliseconds',
          unit: 'Milliseconds',
          value: NOW - (FIRST_ARRIVAL_SECONDS + 4) * 1000,
        },
        { name: 'RecordsDeadLettered', unit: 'Count', value: 1 },
        { name: 'RecordsFailed', unit: 'Count', value: 1 },
        { name: 'RecordsProcessed', unit: 'Count', value: 1 },
        { name: 'RecordsSkipped', unit: 'Count', value: 1 },
      ]);
      expect(metrics.flushes).toBe(1);
      expect(metrics.added.every((entry) => entry.flush === 0)).toBe(true);
    });

    it('flushes once per invocation, so two batches give two separate metric documents', async () => {
      const { handler, metrics } = kinesisConsumerUnderTest({ handle: async () => undefined });

      await handler(kinesisEvent([valid('A', 1)]), lambdaContext);
      await handler(kinesisEvent([valid('A', 2), valid('B', 1)]), lambdaContext);

      expect(metrics.flushes).toBe(2);
      expect(
        metrics.added
          .filter((entry) => entry.name === 'BatchSize')
          .map((entry) => [entry.flush, entry.value]),
      ).toEqual([
        [0, 1],
        [1, 2],
      ]);
    });

    it('logs a summary of the batch with the reported sequence numbers', async () => {
      const { handler, logger } = kinesisConsumerUnderTest({
        handle: async (event) => {
          if (event.subject.id === 'B') throw new Error('no');
        },
      });

      await handler(kinesisEvent([valid('A', 1), valid('B', 1), valid('B', 2)]), lambdaContext);

      expect(logger.entries).toContainEqual({
        level: 'info',
        message: 'Batch processed',
        attributes: {
          consumer: 'counter-projection',
          batchSize: 3,
          processed: 1,
          skipped: 0,
          deadLettered: 0,
          failed: 1,
          notAttempted: 1,
          batchItemFailures: [sequenceNumberAt(1)],
        },
      });
    });
  });

  describe('framework errors fail the whole batch', () => {
    it('throws for an event without Records, after logging and flushing metrics once', async () => {
      const { handler, metrics, logger } = kinesisConsumerUnderTest({ handle: async () => undefined });

      await expect(handler({} as KinesisStreamEvent, lambdaContext)).rejects.toThrow(InvalidBatchError);

      expect(metrics.flushes).toBe(1);
      expect(logger.entries.at(-1)).toMatchObject({
        level: 'error',
        message: 'Batch failed as a whole; Lambda retries all of it',
      });
    });

    it('throws for a record without a sequence number, counting every record of the batch as failed', async () => {
      const handle = jest.fn();
      const { handler, metrics } = kinesisConsumerUnderTest({ handle });
      const event = kinesisEvent([valid('A', 1), valid('B', 1)]);
      const second = event.Records[1];
      if (second) second.kinesis.sequenceNumber = '';

      const failure = await handler(event, lambdaContext).catch((error: unknown) => error);

      expect(isKinesisConsumerError(failure, 'INVALID_BATCH')).toBe(true);
      expect(failure).toMatchObject({ recordIndex: 1 });
      expect(handle).not.toHaveBeenCalled();
      expect(metrics.value('RecordsFailed')).toBe(2);
      expect(metrics.flushes).toBe(1);
    });
  });

  describe('composition', () => {
    it('returns a middy instance: a middleware added with .use() sees the raw Records and the decoded ones', async () => {
      const seen: { records: number; decoded: string[] }[] = [];
      const { handler } = kinesisConsumerUnderTest({ handle: async () => undefined });

      handler.use({
        before: (request) => {
          const event = request.event as KinesisStreamEvent & { decoded: { status: string }[] };
          seen.push({ records: event.Records.length, decoded: event.decoded.map((record) => record.status) });
        },
      });
      await handler(kinesisEvent([valid('A', 1), { key: 'A', raw: 'x' }]), lambdaContext);

      expect(seen).toEqual([{ records: 2, decoded: ['decoded', 'malformed'] }]);
    });

    it('does not change the Lambda event object it was given', async () => {
      const { handler } = kinesisConsumerUnderTest({ handle: async () => undefined });
      const event = kinesisEvent([valid('A', 1)]);

      await handler(event, lambdaContext);

      expect(Object.keys(event)).toEqual(['Records']);
    });
  });

  describe('options', () => {
    const base = { name: 'c', registry: counterEvents, deadLetter: memoryDeadLetter() };
    const noop = async (): Promise<void> => undefined;

    it.each([
      ['both handle and handleKey', { handle: noop, handleKey: noop }, 'handle'],
      ['neither handle nor handleKey', {}, 'handle'],
      ['keyConcurrency 0', { handle: noop, keyConcurrency: 0 }, 'keyConcurrency'],
      ['keyConcurrency 2.5', { handle: noop, keyConcurrency: 2.5 }, 'keyConcurrency'],
      ['an unknown unknownTypes', { handle: noop, unknownTypes: 'drop' }, 'unknownTypes'],
      ['an empty name', { handle: noop, name: ' ' }, 'name'],
      ['no dead-letter destination', { handle: noop, deadLetter: undefined }, 'deadLetter'],
    ])('refuses %s when the handler is built', (_case, options, option) => {
      const build = () =>
        kinesisConsumer({ ...base, ...options } as unknown as Parameters<typeof kinesisConsumer>[0]);

      expect(build).toThrow(InvalidOptionsError);
      expect(build).toThrow(expect.objectContaining({ option, code: 'INVALID_OPTIONS' }));
    });
  });
});
