import { createHash } from 'node:crypto';

/** 2^128, written out independently of the package's constant. */
export const TWO_TO_128 = BigInt(`0x1${'0'.repeat(32)}`);

/**
 * The Kinesis hash key computed independently of the package: MD5 as a hex string, parsed as a
 * big-endian hexadecimal number (the package reads the digest bytes as two 64-bit words instead).
 */
export const md5HashKey = (key: string): bigint =>
  BigInt(`0x${createHash('md5').update(Buffer.from(key, 'utf8')).digest('hex')}`);

/** Which of `shardCount` even shards owns `hashKey`, by linear scan (no binary search, no package code). */
export const evenShardIndexOf = (hashKey: bigint, shardCount: number): number => {
  const width = TWO_TO_128 / BigInt(shardCount);
  for (let index = shardCount - 1; index >= 0; index -= 1) {
    if (hashKey >= width * BigInt(index)) return index;
  }
  throw new Error(`hash key ${hashKey} below 0`);
};

/** `shardId-` and the index in 12 digits, as Kinesis names shards. */
export const shardIdAt = (index: number): string => `shardId-${index.toString().padStart(12, '0')}`;

/** The first `count` keys `${prefix}-0`, `${prefix}-1`, … that land on shard `shardIndex` of `shardCount` even shards. */
export const keysOnShard = (
  shardIndex: number,
  shardCount: number,
  count: number,
  prefix = 'key',
): string[] => {
  const found: string[] = [];
  for (let i = 0; found.length < count; i += 1) {
    const key = `${prefix}-${i}`;
    if (evenShardIndexOf(md5HashKey(key), shardCount) === shardIndex) found.push(key);
  }
  return found;
};
