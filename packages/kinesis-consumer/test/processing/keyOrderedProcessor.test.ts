import { type DecodedRecord, InvalidBatchError, keyOrderedProcessor } from '../../src';
import { memoryDeadLetter, recordingLogger } from '../helpers/recorders';

/** A decoded record whose item is `key:position`; `status` makes it malformed or of unknown type. */
const record = (
  index: number,
  partitionKey: string,
  status: DecodedRecord<string>['status'] = 'decoded',
): DecodedRecord<string> => {
  const meta = {
    source: 'aws:kinesis' as const,
    sequenceNumber: `seq-${String(index).padStart(4, '0')}`,
    partitionKey,
    approximateArrivalTime: new Date(0),
    eventSourceArn: 'arn:aws:kinesis:us-east-1:1:stream/s',
    eventId: `e${index}`,
    shardOrStream: 'shardId-000000000000',
  };
  if (status === 'decoded') return { status, index, meta, item: `${partitionKey}:${index}` };
  const raw = { ...meta, approximateArrivalTime: meta.approximateArrivalTime.toISOString(), data: null };
  return { status, index, meta, reason: { code: 'X', message: 'bad', issues: [] }, raw };
};

const context = () => ({
  consumer: 'test',
  deadLetter: memoryDeadLetter(),
  unknownTypes: 'skip' as const,
  logger: recordingLogger(),
  now: () => 0,
  keyConcurrency: 3,
});

/** A small deterministic PRNG so a failing run can be replayed from its seed. */
const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

describe('keyOrderedProcessor', () => {
  it('refuses an event the decode middleware has not seen', async () => {
    const process = keyOrderedProcessor({ ...context(), strategy: { handle: async () => undefined } });

    await expect(process({ Records: [] } as never)).rejects.toThrow(InvalidBatchError);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'for random batch %i: counts every record once, reports the first failure of each failing key, never runs past it',
    async (seed) => {
      const next = random(seed);
      const keys = ['A', 'B', 'C', 'D'];
      const statuses = ['decoded', 'decoded', 'decoded', 'malformed', 'unknown-type'] as const;
      const records = Array.from({ length: 40 }, (_, index) =>
        record(
          index,
          keys[Math.floor(next() * keys.length)] ?? 'A',
          statuses[Math.floor(next() * statuses.length)],
        ),
      );
      const failing = new Set(records.filter(() => next() < 0.1).map((entry) => entry.index));
      // Not vacuous: every seed used here draws at least one failing record.
      expect(failing.size).toBeGreaterThan(0);
      const handled: number[] = [];
      const process = keyOrderedProcessor<unknown, string>({
        ...context(),
        strategy: {
          handle: async (item) => {
            const index = Number(item.split(':')[1]);
            if (failing.has(index)) throw new Error(`fail ${index}`);
            handled.push(index);
          },
        },
      });

      const outcome = await process({ Records: [], decoded: records });

      const { processed, skipped, deadLettered, failed, notAttempted } = outcome;
      expect(processed + skipped + deadLettered + failed + notAttempted).toBe(records.length);
      for (const key of keys) {
        const ofKey = records.filter((entry) => entry.meta.partitionKey === key);
        const firstFailure = ofKey.find((entry) => entry.status === 'decoded' && failing.has(entry.index));
        const reported = outcome.failures.filter((failure) => failure.partitionKey === key);
        expect(reported.map((failure) => failure.itemIdentifier)).toEqual(
          firstFailure ? [firstFailure.meta.sequenceNumber] : [],
        );
        const expectedHandled = ofKey
          .filter(
            (entry) => entry.status === 'decoded' && (!firstFailure || entry.index < firstFailure.index),
          )
          .map((entry) => entry.index);
        expect(handled.filter((index) => ofKey.some((entry) => entry.index === index))).toEqual(
          expectedHandled,
        );
      }
      expect(outcome.failures.map((failure) => failure.itemIdentifier)).toEqual(
        [...outcome.failures.map((failure) => failure.itemIdentifier)].sort(),
      );
    },
  );
});
