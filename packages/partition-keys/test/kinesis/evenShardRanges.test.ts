import { evenShardRanges, InvalidOptionError, isPartitionKeyError, type ShardRange } from '../../src';
import { shardIdAt, TWO_TO_128 } from '../helpers/oracle';

const bounds = (range: ShardRange): [bigint, bigint] => [
  BigInt(range.HashKeyRange.StartingHashKey),
  BigInt(range.HashKeyRange.EndingHashKey),
];

const widths = (ranges: ShardRange[]): bigint[] =>
  ranges.map((range) => {
    const [start, end] = bounds(range);
    return end - start + 1n;
  });

describe('evenShardRanges', () => {
  it('gives one shard the whole hash-key space', () => {
    expect(evenShardRanges(1)).toEqual([
      {
        ShardId: 'shardId-000000000000',
        HashKeyRange: { StartingHashKey: '0', EndingHashKey: '340282366920938463463374607431768211455' },
      },
    ]);
  });

  it('splits two shards at 2^127, as CreateStream does', () => {
    expect(evenShardRanges(2)).toEqual([
      {
        ShardId: 'shardId-000000000000',
        HashKeyRange: { StartingHashKey: '0', EndingHashKey: '170141183460469231731687303715884105727' },
      },
      {
        ShardId: 'shardId-000000000001',
        HashKeyRange: {
          StartingHashKey: '170141183460469231731687303715884105728',
          EndingHashKey: '340282366920938463463374607431768211455',
        },
      },
    ]);
  });

  describe('with a count that does not divide 2^128', () => {
    it('gives each shard floor(2^128 / 3) keys and the last one the remainder too', () => {
      const ranges = evenShardRanges(3);
      const width = 113427455640312821154458202477256070485n; // floor(2^128 / 3); 2^128 mod 3 = 1

      expect(widths(ranges)).toEqual([width, width, width + 1n]);
      expect(ranges[2]?.HashKeyRange).toEqual({
        StartingHashKey: '226854911280625642308916404954512140970',
        EndingHashKey: '340282366920938463463374607431768211455',
      });
    });

    it.each([3, 5, 6, 7, 11, 12, 100, 999])(
      'puts the whole remainder of 2^128 / %i on the last shard',
      (count) => {
        const width = TWO_TO_128 / BigInt(count);
        const remainder = TWO_TO_128 % BigInt(count);

        const actual = widths(evenShardRanges(count));

        expect(actual.slice(0, -1).every((w) => w === width)).toBe(true);
        expect(actual.at(-1)).toBe(width + remainder);
      },
    );
  });

  it.each([1, 2, 4, 8, 64, 1024])('gives %i shards (a power of two) equal widths', (count) => {
    expect(new Set(widths(evenShardRanges(count)))).toEqual(new Set([TWO_TO_128 / BigInt(count)]));
  });

  it.each([1, 2, 3, 7, 10, 64, 500])(
    'covers 0 … 2^128 − 1 with %i contiguous shards, no gap, no overlap',
    (count) => {
      const ranges = evenShardRanges(count).map(bounds);

      expect(ranges[0]?.[0]).toBe(0n);
      expect(ranges.at(-1)?.[1]).toBe(TWO_TO_128 - 1n);
      ranges.slice(1).forEach(([start], index) => {
        expect(start).toBe((ranges[index]?.[1] ?? -2n) + 1n);
      });
      expect(widths(evenShardRanges(count)).reduce((sum, w) => sum + w, 0n)).toBe(TWO_TO_128);
    },
  );

  it('names shards shardId- and a 12-digit index, in order', () => {
    const ids = evenShardRanges(12).map((range) => range.ShardId);

    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => shardIdAt(i)));
    expect(ids[11]).toBe('shardId-000000000011');
  });

  it('writes hash keys as plain decimal strings, as the Kinesis API does', () => {
    const keys = evenShardRanges(7).flatMap((range) => [
      range.HashKeyRange.StartingHashKey,
      range.HashKeyRange.EndingHashKey,
    ]);

    expect(keys.every((key) => /^(0|[1-9]\d*)$/.test(key))).toBe(true);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a shard count of %p', (count) => {
    let thrown: unknown;
    try {
      evenShardRanges(count);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(InvalidOptionError);
    expect(isPartitionKeyError(thrown, 'INVALID_OPTION')).toBe(true);
    expect((thrown as InvalidOptionError).option).toBe('shardCount');
  });
});
