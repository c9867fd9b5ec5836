import {
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';

export interface StreamRecord {
  shardId: string;
  partitionKey: string;
  data: string;
}

/**
 * Every record of a stream that nobody writes to any more, shard by shard in sequence order, from
 * TRIM_HORIZON to the first empty page; waits out read throttling (5 calls/s, 2 MiB/s per shard).
 */
export const readStream = async (kinesis: KinesisClient, streamName: string): Promise<StreamRecord[]> => {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  const records: StreamRecord[] = [];
  for (const shard of Shards) {
    const shardId = shard.ShardId ?? '';
    let iterator = (
      await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: streamName,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    while (iterator) {
      let page: GetRecordsCommandOutput | undefined;
      while (!page) {
        page = await kinesis
          .send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }))
          .catch(async (error: Error) => {
            if (error.name !== 'ProvisionedThroughputExceededException') throw error;
            await new Promise((resolve) => setTimeout(resolve, 250));
            return undefined;
          });
      }
      for (const record of page.Records ?? [])
        records.push({
          shardId,
          partitionKey: record.PartitionKey ?? '',
          data: Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'),
        });
      iterator = (page.Records ?? []).length > 0 ? page.NextShardIterator : undefined;
    }
  }
  return records;
};
