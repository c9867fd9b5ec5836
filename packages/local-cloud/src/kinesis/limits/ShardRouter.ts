import { isPartitionKeyError, type ShardDescription, ShardMap, type ShardTarget } from '@kes/partition-keys';

/** Lists a stream's shards, or `undefined` when the stream does not exist (or is not active). */
export type ListShards = (streamName: string) => Promise<ShardDescription[] | undefined>;

/**
 * Which shard a record goes to: MD5 of its partition key as a 128-bit integer (or its explicit hash
 * key), in the open shard whose hash-key range holds it — with a {@link ShardMap} per stream, built on
 * first use and rebuilt after the stream's shards change (the front calls {@link invalidate} after
 * SplitShard, MergeShards, UpdateShardCount, CreateStream and DeleteStream) or when a hash key falls in
 * no open shard.
 */
export class ShardRouter {
  readonly #listShards: ListShards;
  readonly #maps = new Map<string, Promise<ShardMap | undefined>>();

  public constructor(listShards: ListShards) {
    this.#listShards = listShards;
  }

  /**
   * The shard ids for `targets` in order, or `undefined` when the stream does not exist or a target is
   * invalid (the caller then lets the backend answer with its own error).
   */
  public async shardsFor(streamName: string, targets: ShardTarget[]): Promise<string[] | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const map = await this.#map(streamName);
      if (!map) return undefined;
      try {
        return targets.map((target) => map.shardFor(target));
      } catch (error) {
        if (!isPartitionKeyError(error)) throw error;
        if (!isPartitionKeyError(error, 'NO_SHARD_FOR_HASH_KEY')) return undefined;
        this.invalidate(streamName);
      }
    }
    return undefined;
  }

  /** Forgets the stream's shard map; the next lookup lists its shards again. */
  public invalidate(streamName: string): void {
    this.#maps.delete(streamName);
  }

  #map(streamName: string): Promise<ShardMap | undefined> {
    let map = this.#maps.get(streamName);
    if (!map) {
      map = this.#listShards(streamName).then((shards) => (shards ? ShardMap.from(shards) : undefined));
      this.#maps.set(streamName, map);
      // A stream that does not exist yet (or failed to list) is looked up again next time.
      map.then(
        (found) => {
          if (!found && this.#maps.get(streamName) === map) this.#maps.delete(streamName);
        },
        () => {
          if (this.#maps.get(streamName) === map) this.#maps.delete(streamName);
        },
      );
    }
    return map;
  }
}
