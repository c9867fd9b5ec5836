import {
  evenShardRanges,
  InvalidHashKeyError,
  InvalidPartitionKeyError,
  isPartitionKeyError,
  NoShardForHashKeyError,
  shardFor,
} from '../../src';
import { evenShardIndexOf, md5HashKey, shardIdAt, TWO_TO_128 } from '../helpers/oracle';
import { closedShard, shard } from '../helpers/shards';

describe('shardFor', () => {
  describe('with a partition key', () => {
    it('follows the first hex digits of the published MD5 vectors across 4 even shards', () => {
      // Each shard of 4 owns a quarter of the space: digests 0x0…–0x3…, 0x4…–0x7…, 0x8…–0xb…, 0xc…–0xf….
      const shards = evenShardRanges(4);

      expect(shardFor('a', shards)).toBe('shardId-000000000000'); // MD5 0cc175b9…
      expect(shardFor('abc', shards)).toBe('shardId-000000000002'); // MD5 90015098…
      expect(shardFor('message digest', shards)).toBe('shardId-000000000003'); // MD5 f96b697d…
    });

    it.each([1, 3, 7, 10])(
      'agrees with an independent MD5 and linear scan for 2,000 keys over %i shards',
      (count) => {
        const shards = evenShardRanges(count);
        const keys = Array.from({ length: 2000 }, (_, i) => `order-${i}-${i % 3 === 0 ? 'ü' : ''}`);

        const mismatches = keys.filter(
          (key) => shardFor(key, shards) !== shardIdAt(evenShardIndexOf(md5HashKey(key), count)),
        );

        expect(mismatches).toEqual([]);
      },
    );

    it('reaches every shard with enough keys', () => {
      const shards = evenShardRanges(8);

      const reached = new Set(Array.from({ length: 400 }, (_, i) => shardFor(`k-${i}`, shards)));

      expect(reached.size).toBe(8);
    });

    it('sends new records to the open children after a split, not to the closed parent', () => {
      const half = TWO_TO_128 / 2n;
      const shards = [
        closedShard('shardId-000000000000', 0n, TWO_TO_128 - 1n),
        shard('shardId-000000000001', 0n, half - 1n),
        shard('shardId-000000000002', half, TWO_TO_128 - 1n),
      ];

      const expected = md5HashKey('post-1') < half ? 'shardId-000000000001' : 'shardId-000000000002';

      expect(shardFor('post-1', shards)).toBe(expected);
    });

    it('refuses an invalid partition key before looking for a shard', () => {
      expect(() => shardFor('', evenShardRanges(2))).toThrow(InvalidPartitionKeyError);
    });
  });

  describe('with an explicit hash key', () => {
    const shards = evenShardRanges(4);
    const quarter = TWO_TO_128 / 4n;

    it.each<[string, string]>([
      ['0', 'shardId-000000000000'],
      [String(quarter - 1n), 'shardId-000000000000'],
      [String(quarter), 'shardId-000000000001'],
      [String(3n * quarter), 'shardId-000000000003'],
      [String(TWO_TO_128 - 1n), 'shardId-000000000003'],
    ])('routes explicit hash key %s to %s', (explicitHashKey, expected) => {
      expect(shardFor({ explicitHashKey }, shards)).toBe(expected);
    });

    it('routes by the explicit hash key, not by the partition key, as PutRecord does', () => {
      const partitionKey = 'a'; // hashes into the first quarter

      expect(shardFor({ partitionKey, explicitHashKey: String(3n * quarter) }, shards)).toBe(
        'shardId-000000000003',
      );
    });

    it('still requires a valid partition key next to it, as PutRecord does', () => {
      expect(() => shardFor({ partitionKey: '', explicitHashKey: '0' }, shards)).toThrow(
        InvalidPartitionKeyError,
      );
    });

    it.each([
      ['negative', '-1'],
      ['with a leading zero', '01'],
      ['2^128, one past the end', String(TWO_TO_128)],
      ['hexadecimal', '0x10'],
      ['not a number', 'abc'],
      ['empty', ''],
      ['with a decimal point', '1.0'],
      ['padded with spaces', ' 1'],
    ])('refuses an explicit hash key that is %s', (_case, explicitHashKey) => {
      let thrown: unknown;
      try {
        shardFor({ explicitHashKey }, shards);
      } catch (error) {
        thrown = error;
      }

      expect(thrown).toBeInstanceOf(InvalidHashKeyError);
      expect(isPartitionKeyError(thrown, 'INVALID_HASH_KEY')).toBe(true);
      expect((thrown as InvalidHashKeyError).value).toBe(explicitHashKey);
    });
  });

  it('throws NoShardForHashKeyError when the listed shards do not cover the key', () => {
    const firstQuarter = evenShardRanges(4).slice(0, 1);

    expect(() => shardFor({ explicitHashKey: String(TWO_TO_128 - 1n) }, firstQuarter)).toThrow(
      NoShardForHashKeyError,
    );
  });

  it('accepts ListShards output typed as the AWS SDK types it (fields possibly undefined)', () => {
    // The SDK v3 Shard type: required members are declared `string | undefined`.
    const sdkShards: Array<{
      ShardId: string | undefined;
      HashKeyRange: { StartingHashKey: string | undefined; EndingHashKey: string | undefined } | undefined;
      SequenceNumberRange:
        | { StartingSequenceNumber: string | undefined; EndingSequenceNumber?: string }
        | undefined;
    }> = evenShardRanges(2).map((range) => ({
      ...range,
      SequenceNumberRange: { StartingSequenceNumber: '1' },
    }));

    expect(shardFor({ explicitHashKey: '0' }, sdkShards)).toBe('shardId-000000000000');
  });
});
