import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { type ClapsEvent, clapsEvents } from '@kes/contracts';

/** Creates a stream and waits until it is ACTIVE. */
export const createStream = async (
  kinesis: KinesisClient,
  streamName: string,
  shardCount = 1,
): Promise<void> => {
  await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
  for (let poll = 0; poll < 100; poll++) {
    const { StreamDescriptionSummary } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: streamName }),
    );
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Stream ${streamName} did not become ACTIVE`);
};

/** A claps event read back from the stream, with the partition key it was stored under. */
export interface PublishedClapsEvent {
  partitionKey: string;
  event: ClapsEvent;
}

/**
 * Every record of the stream from TRIM_HORIZON, shard by shard, each shard in sequence order, decoded
 * with the claps contracts (a record that does not decode fails the test).
 */
export const readClapsEvents = async (
  kinesis: KinesisClient,
  streamName: string,
): Promise<PublishedClapsEvent[]> => {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  const published: PublishedClapsEvent[] = [];
  for (const { ShardId } of Shards) {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({ StreamName: streamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    let iterator = ShardIterator;
    while (iterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const record of page.Records ?? []) {
        const decoded = clapsEvents.decode(record.Data ?? new Uint8Array());
        if (!decoded.ok) throw decoded.error;
        published.push({ partitionKey: record.PartitionKey ?? '', event: decoded.event });
      }
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return published;
};

/** The events published under one partition key, in stream order. */
export const eventsOf = (published: PublishedClapsEvent[], partitionKey: string): ClapsEvent[] =>
  published.filter((each) => each.partitionKey === partitionKey).map(({ event }) => event);
