import { InvalidShardError, NoShardForHashKeyError } from '../errors';
import type { OpenShard, ShardDescription, ShardTarget } from '../types';
import { hashKeyOfTarget } from './hashKeyOfTarget';
import { parseHashKey } from './parseHashKey';

/**
 * The open shards of a stream, sorted by hash key, answering "which shard gets this record?" in
 * O(log n). Build it once from ListShards/DescribeStream output and reuse it for many lookups.
 *
 * Closed shards (a `SequenceNumberRange` with an `EndingSequenceNumber`, left by a split or merge) are
 * dropped: they own no new records. Open shards must not overlap; gaps are allowed (a partial list),
 * and a hash key in a gap gets {@link NoShardForHashKeyError}.
 *
 * @example
 * const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName }));
 * const map = ShardMap.from(Shards);
 * map.shardFor('post-1');                                  // 'shardId-000000000003'
 * map.shardFor({ explicitHashKey: '0' });                  // 'shardId-000000000000'
 */
export class ShardMap {
  /** Open shards in ascending hash-key order. */
  public readonly shards: readonly OpenShard[];

  private constructor(shards: readonly OpenShard[]) {
    this.shards = shards;
  }

  /** Validates and indexes `shards`; throws {@link InvalidShardError} for a malformed or overlapping shard. */
  public static from(shards: Iterable<ShardDescription>): ShardMap {
    const open = [...shards]
      .map(toOpenShard)
      .filter((shard): shard is OpenShard => shard !== undefined)
      .sort((a, b) =>
        a.startingHashKey < b.startingHashKey ? -1 : a.startingHashKey > b.startingHashKey ? 1 : 0,
      );
    open.forEach((shard, index) => {
      const previous = open[index - 1];
      if (previous && previous.endingHashKey >= shard.startingHashKey) {
        throw new InvalidShardError(shard.shardId, 'HashKeyRange', `overlaps open shard ${previous.shardId}`);
      }
    });
    return new ShardMap(open);
  }

  /** The id of the open shard that receives a record with this partition key or explicit hash key. */
  public shardFor(target: ShardTarget): string {
    return this.shardForHashKey(hashKeyOfTarget(target)).shardId;
  }

  /** The open shard whose range contains `hashKey`; throws {@link NoShardForHashKeyError} if none does. */
  public shardForHashKey(hashKey: bigint): OpenShard {
    const index = this.indexOfHashKey(hashKey);
    const shard = this.shards[index];
    if (!shard)
      throw new NoShardForHashKeyError(
        hashKey,
        this.shards.map((open) => open.shardId),
      );
    return shard;
  }

  /** Position in {@link shards} of the shard containing `hashKey`, or -1. */
  public indexOfHashKey(hashKey: bigint): number {
    // Binary search for the last shard starting at or before the hash key, then check its end.
    let low = 0;
    let high = this.shards.length - 1;
    let candidate = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const shard = this.shards[middle] as OpenShard;
      if (shard.startingHashKey <= hashKey) {
        candidate = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    const found = this.shards[candidate];
    return found && hashKey <= found.endingHashKey ? candidate : -1;
  }
}

function toOpenShard(shard: ShardDescription): OpenShard | undefined {
  const shardId = shard?.ShardId;
  if (typeof shardId !== 'string' || shardId.length === 0) {
    throw new InvalidShardError(undefined, 'ShardId', 'is missing');
  }
  const range = shard.HashKeyRange;
  if (!range) throw new InvalidShardError(shardId, 'HashKeyRange', 'is missing');
  const startingHashKey = rangeKey(shardId, 'StartingHashKey', range.StartingHashKey);
  const endingHashKey = rangeKey(shardId, 'EndingHashKey', range.EndingHashKey);
  if (startingHashKey > endingHashKey)
    throw new InvalidShardError(shardId, 'HashKeyRange', 'starts after it ends');
  if (shard.SequenceNumberRange?.EndingSequenceNumber !== undefined) return undefined;
  return { shardId, startingHashKey, endingHashKey };
}

function rangeKey(
  shardId: string,
  field: 'StartingHashKey' | 'EndingHashKey',
  raw: string | undefined,
): bigint {
  const hashKey = parseHashKey(raw);
  if (hashKey === undefined) {
    throw new InvalidShardError(
      shardId,
      `HashKeyRange.${field}`,
      `is not a hash key in 0 … 2^128 - 1 (${raw})`,
    );
  }
  return hashKey;
}
