import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import { readWholeStream } from '@kes/local-cloud';

/** A record read back from the stream. */
export interface ReadRecord {
  shardId: string;
  partitionKey: string;
  data: string;
  sequenceNumber: string;
  arrivedAt: number;
}

/** Creates a stream and waits until it is ACTIVE. */
export const createStream = async (
  kinesis: KinesisClient,
  streamName: string,
  shardCount: number,
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

/** Every record of every shard, from TRIM_HORIZON, shard by shard, each shard in sequence order. */
export const readAll = async (kinesis: KinesisClient, streamName: string): Promise<ReadRecord[]> =>
  (await readWholeStream(kinesis, streamName)).map((record) => ({
    shardId: record.shardId,
    partitionKey: record.PartitionKey ?? '',
    data: Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'),
    sequenceNumber: record.SequenceNumber ?? '',
    arrivedAt: record.ApproximateArrivalTimestamp?.getTime() ?? 0,
  }));

/**
 * A Kinesis client for the writer with the SDK's own retries switched off (`maxAttempts: 1`), so every
 * throttled call reaches the writer: its backoff, attempt counts and stats are then the whole story.
 * It reuses the credentials and the HTTP/1.1 handler `createAwsClients` sets up for the local endpoint.
 */
export const clientWithoutSdkRetries = (env: Record<string, string>): KinesisClient =>
  createAwsClients(env, { kinesisMaxAttempts: 1 }).kinesis;
