import {
  evenShardRanges,
  InvalidShardError,
  NoShardForHashKeyError,
  type ShardDescription,
  ShardMap,
} from '../../src';
import { md5HashKey, shardIdAt, TWO_TO_128 } from '../helpers/oracle';
import { closedShard, shard } from '../helpers/shards';

const HALF = TWO_TO_128 / 2n;
const MAX = TWO_TO_128 - 1n;

const thrownBy = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, nothing was thrown');
};

describe('ShardMap', () => {
  describe('finds the shard that owns a hash key, at the edges of every range', () => {
    it.each([2, 3, 4, 5, 7, 16])('with %i even shards', (count) => {
      const ranges = evenShardRanges(count);
      const map = ShardMap.from(ranges);

      ranges.forEach((range, index) => {
        const start = BigInt(range.HashKeyRange.StartingHashKey);
        const end = BigInt(range.HashKeyRange.EndingHashKey);

        expect(map.shardForHashKey(start).shardId).toBe(range.ShardId);
        expect(map.shardForHashKey(end).shardId).toBe(range.ShardId);
        if (index > 0) expect(map.shardForHashKey(start - 1n).shardId).toBe(shardIdAt(index - 1));
        if (index < count - 1) expect(map.shardForHashKey(end + 1n).shardId).toBe(shardIdAt(index + 1));
      });
    });

    it('gives hash key 0 to the first shard and 2^128 − 1 to the last', () => {
      const map = ShardMap.from(evenShardRanges(5));

      expect(map.shardForHashKey(0n).shardId).toBe('shardId-000000000000');
      expect(map.shardForHashKey(MAX).shardId).toBe('shardId-000000000004');
    });
  });

  it('sorts shards listed out of hash-key order', () => {
    const map = ShardMap.from([...evenShardRanges(4)].reverse());

    expect(map.shards.map((open) => open.shardId)).toEqual(evenShardRanges(4).map((range) => range.ShardId));
    expect(map.shardForHashKey(0n).shardId).toBe('shardId-000000000000');
  });

  it('parses the ranges into bigints', () => {
    expect(ShardMap.from(evenShardRanges(2)).shards).toEqual([
      { shardId: 'shardId-000000000000', startingHashKey: 0n, endingHashKey: HALF - 1n },
      { shardId: 'shardId-000000000001', startingHashKey: HALF, endingHashKey: MAX },
    ]);
  });

  describe('after resharding', () => {
    const afterSplit: ShardDescription[] = [
      closedShard('shardId-000000000000', 0n, MAX),
      shard('shardId-000000000001', 0n, HALF - 1n),
      shard('shardId-000000000002', HALF, MAX),
    ];

    it('ignores the closed parent, whose range overlaps its children', () => {
      const map = ShardMap.from(afterSplit);

      expect(map.shards.map((open) => open.shardId)).toEqual([
        'shardId-000000000001',
        'shardId-000000000002',
      ]);
      expect(map.shardForHashKey(HALF).shardId).toBe('shardId-000000000002');
    });

    it('treats a shard whose SequenceNumberRange has no end as open', () => {
      const map = ShardMap.from([shard('shardId-000000000009', 0n, MAX)]);

      expect(map.shardForHashKey(1n).shardId).toBe('shardId-000000000009');
    });

    it('treats a shard given without a SequenceNumberRange as open (e.g. from evenShardRanges)', () => {
      const map = ShardMap.from([
        { ShardId: 'only', HashKeyRange: { StartingHashKey: '0', EndingHashKey: String(MAX) } },
      ]);

      expect(map.shardForHashKey(MAX).shardId).toBe('only');
    });

    it('finds no shard when every shard is closed', () => {
      const map = ShardMap.from([closedShard('shardId-000000000000', 0n, MAX)]);

      const error = thrownBy(() => map.shardForHashKey(5n));

      expect(error).toBeInstanceOf(NoShardForHashKeyError);
      expect((error as NoShardForHashKeyError).openShardIds).toEqual([]);
      expect((error as Error).message).toContain('open shards: none');
    });
  });

  describe('with a partial shard list (one page of ListShards)', () => {
    const firstHalfOnly = [shard('shardId-000000000000', 0n, HALF - 1n)];

    it('still finds hash keys the listed shards own', () => {
      expect(ShardMap.from(firstHalfOnly).shardForHashKey(HALF - 1n).shardId).toBe('shardId-000000000000');
    });

    it('throws NoShardForHashKeyError, with the hash key and the open shards, for a key in the gap', () => {
      const error = thrownBy(() => ShardMap.from(firstHalfOnly).shardForHashKey(HALF));

      expect(error).toBeInstanceOf(NoShardForHashKeyError);
      expect(error).toMatchObject({
        code: 'NO_SHARD_FOR_HASH_KEY',
        hashKey: HALF,
        openShardIds: ['shardId-000000000000'],
      });
    });

    it('returns -1 from indexOfHashKey for a key in the gap, before the first shard or after the last', () => {
      const middle = ShardMap.from([shard('s-1', 10n, 20n), shard('s-2', 30n, 40n)]);

      expect(middle.indexOfHashKey(25n)).toBe(-1);
      expect(middle.indexOfHashKey(5n)).toBe(-1);
      expect(middle.indexOfHashKey(41n)).toBe(-1);
      expect(middle.indexOfHashKey(30n)).toBe(1);
    });
  });

  it('has no open shards when built from none, and finds nothing', () => {
    const map = ShardMap.from([]);

    expect(map.shards).toEqual([]);
    expect(map.indexOfHashKey(0n)).toBe(-1);
  });

  it('routes partition keys and explicit hash keys through shardFor', () => {
    const map = ShardMap.from(evenShardRanges(2));

    expect(map.shardFor('abc')).toBe(
      md5HashKey('abc') < HALF ? 'shardId-000000000000' : 'shardId-000000000001',
    );
    expect(map.shardFor({ explicitHashKey: String(HALF) })).toBe('shardId-000000000001');
  });

  describe('refuses shard descriptions it cannot trust', () => {
    it.each<[string, ShardDescription, string]>([
      ['no ShardId', { HashKeyRange: { StartingHashKey: '0', EndingHashKey: '1' } }, 'ShardId'],
      [
        'an empty ShardId',
        { ShardId: '', HashKeyRange: { StartingHashKey: '0', EndingHashKey: '1' } },
        'ShardId',
      ],
      ['no HashKeyRange', { ShardId: 's' }, 'HashKeyRange'],
      [
        'no StartingHashKey',
        { ShardId: 's', HashKeyRange: { EndingHashKey: '1' } },
        'HashKeyRange.StartingHashKey',
      ],
      ['a non-decimal EndingHashKey', shard('s', '0', '0x10'), 'HashKeyRange.EndingHashKey'],
      ['a negative StartingHashKey', shard('s', '-1', '10'), 'HashKeyRange.StartingHashKey'],
      ['a hash key with a leading zero', shard('s', '01', '10'), 'HashKeyRange.StartingHashKey'],
      ['an EndingHashKey of 2^128', shard('s', '0', TWO_TO_128), 'HashKeyRange.EndingHashKey'],
      ['a range that starts after it ends', shard('s', '10', '9'), 'HashKeyRange'],
    ])('refuses a shard with %s, naming the field', (_case, description, field) => {
      const error = thrownBy(() => ShardMap.from([description]));

      expect(error).toBeInstanceOf(InvalidShardError);
      expect(error).toMatchObject({ code: 'INVALID_SHARD', field });
    });

    it('refuses open shards that overlap, naming both', () => {
      const error = thrownBy(() => ShardMap.from([shard('s-a', 0n, 100n), shard('s-b', 100n, MAX)]));

      expect(error).toBeInstanceOf(InvalidShardError);
      expect(error).toMatchObject({ shardId: 's-b', field: 'HashKeyRange' });
      expect((error as Error).message).toContain('overlaps open shard s-a');
    });

    it('refuses the same open shard listed twice', () => {
      expect(() => ShardMap.from([...evenShardRanges(2), ...evenShardRanges(2)])).toThrow(/overlaps/);
    });

    it('accepts a one-key range (start equal to end)', () => {
      expect(ShardMap.from([shard('tiny', 7n, 7n)]).shardForHashKey(7n).shardId).toBe('tiny');
    });
  });
});
