import { InvalidHashKeyError } from '../errors';
import { assertPartitionKey } from '../keys/assertPartitionKey';
import type { ShardTarget } from '../types';
import { hashKeyOf } from './hashKeyOf';
import { parseHashKey } from './parseHashKey';

/**
 * The hash key that routes a record: its explicit hash key when it has one (as Kinesis does), else the
 * MD5 hash key of its partition key. Throws {@link InvalidHashKeyError} for a malformed explicit hash key.
 *
 * @example
 * hashKeyOfTarget('post-1');                     // hashKeyOf('post-1')
 * hashKeyOfTarget({ explicitHashKey: '42' });    // 42n
 */
export const hashKeyOfTarget = (target: ShardTarget): bigint => {
  if (typeof target === 'string') return hashKeyOf(target);
  // Kinesis still requires a valid PartitionKey next to an ExplicitHashKey, though it does not route by it.
  if (target.partitionKey !== undefined) assertPartitionKey(target.partitionKey);
  const explicit = parseHashKey(target.explicitHashKey);
  if (explicit === undefined) throw new InvalidHashKeyError(String(target.explicitHashKey));
  return explicit;
};
