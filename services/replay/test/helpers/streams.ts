import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import type { Envelope } from '@kes/envelope';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates a stream and waits until it is ACTIVE. */
export const createStream = async (kinesis: KinesisClient, streamName: string, shardCount: number) => {
  await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
  for (let poll = 0; poll < 100; poll++) {
    const { StreamDescriptionSummary } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: streamName }),
    );
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await pause(50);
  }
  throw new Error(`Stream ${streamName} did not become ACTIVE`);
};

export interface ReadEvent {
  shardId: string;
  partitionKey: string;
  event: Envelope;
}

/** Every record of every shard from TRIM_HORIZON, each shard in sequence order; waits out read throttling. */
export const readAll = async (kinesis: KinesisClient, streamName: string): Promise<ReadEvent[]> => {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  const records: ReadEvent[] = [];
  for (const shard of Shards) {
    const shardId = shard.ShardId ?? '';
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    let iterator = ShardIterator;
    while (iterator) {
      let page: GetRecordsCommandOutput | undefined;
      while (!page) {
        page = await kinesis
          .send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }))
          .catch(async (error: Error) => {
            if (error.name !== 'ProvisionedThroughputExceededException') throw error;
            await pause(250);
            return undefined;
          });
      }
      for (const record of page.Records ?? [])
        records.push({
          shardId,
          partitionKey: record.PartitionKey ?? '',
          event: JSON.parse(Buffer.from(record.Data ?? new Uint8Array()).toString('utf8')) as Envelope,
        });
      // Everything was written before: the first empty page is the end.
      iterator = (page.Records ?? []).length > 0 ? page.NextShardIterator : undefined;
    }
  }
  return records;
};

/** A Kinesis client without the SDK's retries, for the ordered writer (it retries without reordering). */
export const clientWithoutSdkRetries = (env: Record<string, string>): KinesisClient => {
  const { kinesis } = createAwsClients(env);
  return new KinesisClient({
    region: env.AWS_REGION ?? 'us-east-1',
    ...(env.AWS_ENDPOINT_URL_KINESIS ? { endpoint: env.AWS_ENDPOINT_URL_KINESIS } : {}),
    credentials: kinesis.config.credentials,
    requestHandler: kinesis.config.requestHandler,
    maxAttempts: 1,
  });
};

/** The event ids per partition key, in stream order. */
export const idsByKey = (records: ReadEvent[]): Map<string, string[]> => {
  const keys = new Map<string, string[]>();
  for (const record of records)
    keys.set(record.partitionKey, [...(keys.get(record.partitionKey) ?? []), record.event.id]);
  return keys;
};
