import { createHash } from 'node:crypto';
import { assertPartitionKey } from '../keys/assertPartitionKey';

/**
 * The hash key Kinesis gives a partition key: the MD5 digest of its UTF-8 bytes read as an unsigned
 * 128-bit big-endian integer. The record goes to the open shard whose hash-key range contains it.
 *
 * Throws {@link InvalidPartitionKeyError} for a key Kinesis would refuse.
 *
 * @example
 * hashKeyOf('a'); // 0x0cc175b9c0f1b6a831c399e269772661n (MD5("a") from RFC 1321)
 */
export const hashKeyOf = (partitionKey: string): bigint => {
  const digest = createHash('md5').update(assertPartitionKey(partitionKey), 'utf8').digest();
  return (digest.readBigUInt64BE(0) << 64n) | digest.readBigUInt64BE(8);
};
