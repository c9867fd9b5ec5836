import type { IteratorPosition, ReadResult, ShardInfo, ShardSource } from '../../src/esm/types';
import type { FakeShardSource } from './FakeShardSource';
import { STREAM_ARN } from './sourceRecords';

/** Several fake shards behind one ShardSource, with parent/child links (a resharded stream). */
export class FakeStream implements ShardSource {
  public readonly kind = 'kinesis' as const;
  public readonly arn = STREAM_ARN;
  public readonly reacquireIteratorWhenEmpty = false;
  readonly #shards: Array<{ shard: FakeShardSource; parentShardIds: string[] }>;

  public constructor(shards: Array<{ shard: FakeShardSource; parentShardIds?: string[] }>) {
    this.#shards = shards.map(({ shard, parentShardIds = [] }) => ({ shard, parentShardIds }));
  }

  public async listShards(): Promise<ShardInfo[]> {
    const listed = await Promise.all(this.#shards.map(({ shard }) => shard.listShards()));
    return listed
      .flat()
      .map((info, index) => ({ ...info, parentShardIds: this.#shards[index]?.parentShardIds ?? [] }));
  }

  public iterator(shardId: string, position: IteratorPosition): Promise<string> {
    return this.#shard(shardId).iterator(shardId, position);
  }

  public read(shardId: string, iterator: string, limit: number): Promise<ReadResult> {
    return this.#shard(shardId).read(shardId, iterator, limit);
  }

  #shard(shardId: string): FakeShardSource {
    const found = this.#shards.find(({ shard }) => shard.shardId === shardId)?.shard;
    if (!found) throw new Error(`The fake stream has no shard ${shardId}`);
    return found;
  }
}
