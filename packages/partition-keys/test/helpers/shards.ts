import type { ShardDescription } from '../../src';

/** A shard as ListShards returns it: an open shard has a SequenceNumberRange without an end. */
export const shard = (
  shardId: string,
  startingHashKey: bigint | string,
  endingHashKey: bigint | string,
  overrides: Partial<ShardDescription> = {},
): ShardDescription => ({
  ShardId: shardId,
  HashKeyRange: { StartingHashKey: String(startingHashKey), EndingHashKey: String(endingHashKey) },
  SequenceNumberRange: { StartingSequenceNumber: '49590338271490256608559692538361571095921575989136588898' },
  ...overrides,
});

/** A shard closed by a split or merge: its SequenceNumberRange has an end. */
export const closedShard = (
  shardId: string,
  startingHashKey: bigint | string,
  endingHashKey: bigint | string,
): ShardDescription =>
  shard(shardId, startingHashKey, endingHashKey, {
    SequenceNumberRange: {
      StartingSequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      EndingSequenceNumber: '49590338271501406981158957849931130029238346248752676866',
    },
  });
