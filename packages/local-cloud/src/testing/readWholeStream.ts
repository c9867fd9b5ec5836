import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';

/** A record as GetRecords returns it, with the shard it was read from. */
export type ShardRecord = _Record & { shardId: string };

/** Retries a call throttled by the shard's read limits (which it shares with every other consumer). */
const whenAllowed = async <T>(call: () => Promise<T>): Promise<T> => {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if ((error as Error).name !== 'ProvisionedThroughputExceededException') throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
};

/**
 * Every record of a stream nobody writes to any more: shard by shard, each in sequence order, from
 * TRIM_HORIZON to its first empty page (an open shard always has a next iterator). For tests and
 * benchmarks that check what a writer put; it waits out read throttling.
 */
export const readWholeStream = async (kinesis: KinesisClient, streamName: string): Promise<ShardRecord[]> => {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  const records: ShardRecord[] = [];
  for (const shard of Shards) {
    const shardId = shard.ShardId ?? '';
    let iterator = (
      await whenAllowed(() =>
        kinesis.send(
          new GetShardIteratorCommand({
            StreamName: streamName,
            ShardId: shardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        ),
      )
    ).ShardIterator;
    while (iterator) {
      const current = iterator;
      const page = await whenAllowed(() =>
        kinesis.send(new GetRecordsCommand({ ShardIterator: current, Limit: 10_000 })),
      );
      for (const record of page.Records ?? []) records.push({ ...record, shardId });
      iterator = (page.Records ?? []).length > 0 ? page.NextShardIterator : undefined;
    }
  }
  return records;
};
