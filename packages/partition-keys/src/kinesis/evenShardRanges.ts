import { HASH_KEY_SPACE } from '../constants';
import { InvalidOptionError } from '../errors';
import type { ShardRange } from '../types';
import { shardIdOf } from './shardIdOf';

/**
 * The shards CreateStream makes for `shardCount` shards: the hash-key space 0 … 2^128 − 1 cut into
 * consecutive ranges of floor(2^128 / n) keys each, the last shard also taking the remainder, with ids
 * `shardId-000000000000`, `shardId-000000000001`, …
 *
 * @example
 * evenShardRanges(2);
 * // [{ ShardId: 'shardId-000000000000', HashKeyRange: { StartingHashKey: '0', EndingHashKey: '170141183460469231731687303715884105727' } },
 * //  { ShardId: 'shardId-000000000001', HashKeyRange: { StartingHashKey: '170141183460469231731687303715884105728', EndingHashKey: '340282366920938463463374607431768211455' } }]
 */
export const evenShardRanges = (shardCount: number): ShardRange[] => {
  if (!Number.isSafeInteger(shardCount) || shardCount < 1) {
    throw new InvalidOptionError('shardCount', shardCount, 'a positive integer');
  }
  const width = HASH_KEY_SPACE / BigInt(shardCount);
  return Array.from({ length: shardCount }, (_, index) => {
    const start = width * BigInt(index);
    const end = index === shardCount - 1 ? HASH_KEY_SPACE - 1n : start + width - 1n;
    return {
      ShardId: shardIdOf(index),
      HashKeyRange: { StartingHashKey: start.toString(), EndingHashKey: end.toString() },
    };
  });
};
