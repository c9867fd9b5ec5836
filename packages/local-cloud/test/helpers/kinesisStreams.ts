import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  PutRecordCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';

/** What a put returned: where the record went. */
export interface PutRecordResult {
  partitionKey: string;
  data: string;
  shardId: string;
  sequenceNumber: string;
  putAtMs: number;
}

/** Creates a stream, waits until it is ACTIVE and returns its ARN (as the provisioner builds it). */
export const createStream = async (
  kinesis: KinesisClient,
  streamName: string,
  shardCount = 1,
): Promise<string> => {
  await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
  for (let poll = 0; poll < 100; poll++) {
    const { StreamDescriptionSummary } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: streamName }),
    );
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') {
      return `arn:aws:kinesis:us-east-1:000000000000:stream/${streamName}`;
    }
    await sleep(50);
  }
  throw new Error(`Stream ${streamName} did not become ACTIVE`);
};

/** Puts records one at a time (so their order per key is the order given) and says where each went. */
export const putRecords = async (
  kinesis: KinesisClient,
  streamName: string,
  records: Array<{ partitionKey: string; data: unknown }>,
): Promise<PutRecordResult[]> => {
  const results: PutRecordResult[] = [];
  for (const record of records) {
    const data = JSON.stringify(record.data);
    const putAtMs = Date.now();
    const response = await kinesis.send(
      new PutRecordCommand({
        StreamName: streamName,
        PartitionKey: record.partitionKey,
        Data: Buffer.from(data),
      }),
    );
    results.push({
      partitionKey: record.partitionKey,
      data,
      shardId: response.ShardId ?? '',
      sequenceNumber: response.SequenceNumber ?? '',
      putAtMs,
    });
  }
  return results;
};

/** Puts records in one PutRecords call, so they are all in the shard before anyone reads them. */
export const putRecordsAtOnce = async (
  kinesis: KinesisClient,
  streamName: string,
  records: Array<{ partitionKey: string; data: unknown }>,
): Promise<void> => {
  const response = await kinesis.send(
    new PutRecordsCommand({
      StreamName: streamName,
      Records: records.map((record) => ({
        PartitionKey: record.partitionKey,
        Data: Buffer.from(JSON.stringify(record.data)),
      })),
    }),
  );
  if (response.FailedRecordCount) throw new Error(`${response.FailedRecordCount} records failed`);
};

/**
 * AWS clients for one Kinesis emulator, with no SDK retries: tests see every throttle and error the
 * emulator answers, as a caller's first attempt would.
 */
export const clientsFor = (emulator: { endpoint: string }) =>
  createAwsClients(
    {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_ENDPOINT_URL_KINESIS: emulator.endpoint,
    },
    { kinesisMaxAttempts: 1 },
  );
