import type { ShardDescription, ShardTarget } from '../types';
import { ShardMap } from './ShardMap';

/**
 * The id of the open shard that receives a record with this partition key (or explicit hash key), given
 * the stream's shards as ListShards/DescribeStream return them. For many lookups build a
 * {@link ShardMap} once instead.
 *
 * @example
 * shardFor('post-1', evenShardRanges(4));                    // 'shardId-000000000003'
 * shardFor({ explicitHashKey: '0' }, evenShardRanges(4));    // 'shardId-000000000000'
 */
export const shardFor = (target: ShardTarget, shards: Iterable<ShardDescription>): string =>
  ShardMap.from(shards).shardFor(target);
