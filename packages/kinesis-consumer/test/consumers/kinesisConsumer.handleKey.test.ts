import { KeyProcessingError, type KinesisItem } from '../../src';
import { type CounterEvent, counterChanged } from '../helpers/counterEvents';
import { kinesisConsumerUnderTest } from '../helpers/kinesisConsumerUnderTest';
import { kinesisEvent, type RecordSpec, sequenceNumberAt } from '../helpers/kinesisEvents';
import { lambdaContext } from '../helpers/recorders';

const valid = (key: string, version: number, value = version): RecordSpec => ({
  key,
  event: counterChanged(key, version, value),
});
const notJson = (key: string): RecordSpec => ({ key, raw: 'not json' });
const versionsOf = (items: KinesisItem<CounterEvent>[]) => items.map((item) => item.event.version);

describe('kinesisConsumer with handleKey: one call per partition key', () => {
  it("calls handleKey once per key with that key's events in batch order", async () => {
    const calls: { key: string; versions: number[] }[] = [];
    const { handler } = kinesisConsumerUnderTest({
      handleKey: async (items, key) => {
        calls.push({ key, versions: versionsOf(items) });
      },
    });

    const response = await handler(
      kinesisEvent([valid('A', 1), valid('B', 7), valid('A', 2), valid('A', 3), valid('B', 8)]),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'A', versions: [1, 2, 3] },
      { key: 'B', versions: [7, 8] },
    ]);
  });

  it('lets a handler coalesce full-state events: apply only the highest version, count the rest as skipped', async () => {
    const state = new Map<string, { version: number; value: number }>();
    const { handler, metrics } = kinesisConsumerUnderTest({
      handleKey: async (items, key) => {
        const latest = items.reduce((best, item) => (item.event.version > best.event.version ? item : best));
        state.set(key, { version: latest.event.version, value: latest.event.data.value });
        return { skipped: items.length - 1 };
      },
    });

    await handler(
      kinesisEvent([valid('A', 1, 10), valid('A', 3, 30), valid('A', 2, 20), valid('B', 1, 5)]),
      lambdaContext,
    );

    expect(state.get('A')).toEqual({ version: 3, value: 30 });
    expect(state.get('B')).toEqual({ version: 1, value: 5 });
    expect(metrics.value('RecordsProcessed')).toBe(2);
    expect(metrics.value('RecordsSkipped')).toBe(2);
  });

  it("reports the key's first record when handleKey throws a plain error; other keys are unaffected", async () => {
    const { handler, metrics } = kinesisConsumerUnderTest({
      handleKey: async (_items, key) => {
        if (key === 'B') throw new Error('B cannot be applied');
      },
    });

    const response = await handler(
      kinesisEvent([valid('A', 1), valid('B', 1), valid('B', 2), valid('A', 2)]),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumberAt(1) }] });
    expect(metrics.value('RecordsProcessed')).toBe(2);
    expect(metrics.value('RecordsFailed')).toBe(1);
  });

  it('reports the item a KeyProcessingError names, counting the items before it as processed', async () => {
    const { handler, metrics } = kinesisConsumerUnderTest({
      handleKey: async (items) => {
        const failing = items.findIndex((item) => item.event.version === 3);
        if (failing >= 0) throw new KeyProcessingError(failing, new Error('version 3 rejected'));
      },
    });

    // A1 A2 A3 A4 → A3 (position 2) is reported; A4 waits behind it.
    const response = await handler(
      kinesisEvent([valid('A', 1), valid('A', 2), valid('A', 3), valid('A', 4)]),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumberAt(2) }] });
    expect(metrics.value('RecordsProcessed')).toBe(2);
    expect(metrics.value('RecordsFailed')).toBe(1);
  });

  it.each([-1, 7, 1.5])(
    'falls back to the first item when a KeyProcessingError index (%p) is out of range',
    async (index) => {
      const { handler } = kinesisConsumerUnderTest({
        handleKey: async () => {
          throw new KeyProcessingError(index);
        },
      });

      const response = await handler(kinesisEvent([valid('A', 1), valid('A', 2)]), lambdaContext);

      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumberAt(0) }] });
    },
  );

  it('dead-letters malformed records of the key and hands only the decoded events to handleKey', async () => {
    const calls: number[][] = [];
    const { handler, deadLetter } = kinesisConsumerUnderTest({
      handleKey: async (items) => {
        calls.push(versionsOf(items));
      },
    });

    const response = await handler(kinesisEvent([valid('A', 1), notJson('A'), valid('A', 3)]), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([[1, 3]]);
    expect(deadLetter.letters.map((letter) => letter.record.sequenceNumber)).toEqual([sequenceNumberAt(1)]);
  });

  it('hands over only the events before a dead letter that cannot be written, and reports that record', async () => {
    const calls: number[][] = [];
    const { handler, metrics } = kinesisConsumerUnderTest({
      failDeadLettersFor: [sequenceNumberAt(1)],
      handleKey: async (items) => {
        calls.push(versionsOf(items));
      },
    });

    const response = await handler(kinesisEvent([valid('A', 1), notJson('A'), valid('A', 3)]), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumberAt(1) }] });
    expect(calls).toEqual([[1]]);
    expect(metrics.value('RecordsProcessed')).toBe(1);
    expect(metrics.value('RecordsFailed')).toBe(1);
  });

  it('reports the earlier handleKey failure rather than a later dead-letter failure of the same key', async () => {
    const { handler } = kinesisConsumerUnderTest({
      failDeadLettersFor: [sequenceNumberAt(2)],
      handleKey: async () => {
        throw new Error('handler down');
      },
    });

    const response = await handler(kinesisEvent([valid('A', 1), valid('A', 2), notJson('A')]), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumberAt(0) }] });
  });

  it('does not call handleKey for a key whose records were all dead-lettered or skipped', async () => {
    const keys: string[] = [];
    const { handler, metrics } = kinesisConsumerUnderTest({
      handleKey: async (_items, key) => {
        keys.push(key);
      },
    });

    await handler(kinesisEvent([notJson('A'), notJson('A'), valid('B', 1)]), lambdaContext);

    expect(keys).toEqual(['B']);
    expect(metrics.value('RecordsDeadLettered')).toBe(2);
  });

  it('clamps a skipped count outside 0..items so the totals still add up to the batch', async () => {
    const { handler, metrics } = kinesisConsumerUnderTest({ handleKey: async () => ({ skipped: 99 }) });

    await handler(kinesisEvent([valid('A', 1), valid('A', 2)]), lambdaContext);

    expect(metrics.value('RecordsSkipped')).toBe(2);
    expect(metrics.value('RecordsProcessed')).toBe(0);
  });
});
