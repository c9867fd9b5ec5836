import { setTimeout as sleep } from 'node:timers/promises';
import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  PutRecordCommand,
} from '@aws-sdk/client-kinesis';

/**
 * Sends a read, waiting and retrying while the shard is throttled: the test reads the same shards as
 * the event-source mappings, and their reads share each shard's 5 calls/s and 2 MiB/s, as on AWS.
 */
const whenAllowed = async <T>(read: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if ((error as Error).name !== 'ProvisionedThroughputExceededException' || attempt >= 20) throw error;
      await sleep(200 + Math.random() * 300);
    }
  }
};

/** Every record of a stream, shard by shard, from the trim horizon to now. */
export const readStream = async (kinesis: KinesisClient, streamName: string): Promise<_Record[]> => {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  const records: _Record[] = [];
  for (const shard of Shards) {
    let iterator = (
      await whenAllowed(() =>
        kinesis.send(
          new GetShardIteratorCommand({
            StreamName: streamName,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        ),
      )
    ).ShardIterator;
    while (iterator) {
      const shardIterator = iterator;
      const page = await whenAllowed(() =>
        kinesis.send(new GetRecordsCommand({ ShardIterator: shardIterator, Limit: 10_000 })),
      );
      records.push(...(page.Records ?? []));
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
};

export const putRaw = (kinesis: KinesisClient, streamName: string, partitionKey: string, data: Uint8Array) =>
  kinesis.send(new PutRecordCommand({ StreamName: streamName, PartitionKey: partitionKey, Data: data }));
