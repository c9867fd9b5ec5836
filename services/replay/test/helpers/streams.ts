import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import type { Envelope } from '@kes/envelope';
import { readWholeStream } from '@kes/local-cloud';

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
  sequenceNumber: string;
  partitionKey: string;
  event: Envelope;
}

/** Every record of every shard from TRIM_HORIZON, each shard in sequence order; waits out read throttling. */
export const readAll = async (kinesis: KinesisClient, streamName: string): Promise<ReadEvent[]> =>
  (await readWholeStream(kinesis, streamName)).map((record) => ({
    shardId: record.shardId,
    sequenceNumber: record.SequenceNumber ?? '',
    partitionKey: record.PartitionKey ?? '',
    event: JSON.parse(Buffer.from(record.Data ?? new Uint8Array()).toString('utf8')) as Envelope,
  }));

/** A Kinesis client without the SDK's retries, for the ordered writer (it retries without reordering). */
export const clientWithoutSdkRetries = (env: Record<string, string>): KinesisClient =>
  createAwsClients(env, { kinesisMaxAttempts: 1 }).kinesis;

/** The event ids per partition key, in stream order. */
export const idsByKey = (records: ReadEvent[]): Map<string, string[]> => {
  const keys = new Map<string, string[]>();
  for (const record of records)
    keys.set(record.partitionKey, [...(keys.get(record.partitionKey) ?? []), record.event.id]);
  return keys;
};

/** Each shard's last sequence number: what a job that wrote the whole stream reports as `written`. */
export const lastSequenceByShard = (records: ReadEvent[]): Record<string, string> =>
  Object.fromEntries(records.map((record) => [record.shardId, record.sequenceNumber]));
