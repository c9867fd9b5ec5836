import { InvalidOptionError } from '../errors';

/**
 * The id Kinesis gives the shard with index `index`: `shardId-` and the index in 12 digits.
 *
 * @example
 * shardIdOf(0);  // 'shardId-000000000000'
 * shardIdOf(12); // 'shardId-000000000012'
 */
export const shardIdOf = (index: number): string => {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new InvalidOptionError('shard index', index, 'a non-negative integer');
  }
  return `shardId-${String(index).padStart(12, '0')}`;
};
