import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import type { AwsClients } from '@kes/aws-clients';
import { readWholeStream } from '@kes/local-cloud';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tracking table as serverless.yml declares it (recordId + day). */
export const createTrackingTable = async (clients: AwsClients, table: string): Promise<void> => {
  await clients.dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'recordId', AttributeType: 'S' },
        { AttributeName: 'day', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'recordId', KeyType: 'HASH' },
        { AttributeName: 'day', KeyType: 'RANGE' },
      ],
    }),
  );
};

/** A provider stream, ACTIVE. */
export const createStream = async (
  clients: AwsClients,
  streamName: string,
  shardCount = 1,
): Promise<void> => {
  await clients.kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
  for (let poll = 0; poll < 100; poll++) {
    const { StreamDescriptionSummary } = await clients.kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: streamName }),
    );
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await pause(50);
  }
  throw new Error(`Stream ${streamName} did not become ACTIVE`);
};

/** Every record on the stream, decoded: `{recordId, day, jobId}` and its partition key. */
export const streamRecords = async (clients: AwsClients, streamName: string) =>
  (await readWholeStream(clients.kinesis, streamName)).map((record) => ({
    partitionKey: record.PartitionKey,
    ...(JSON.parse(Buffer.from(record.Data ?? new Uint8Array()).toString('utf8')) as {
      recordId: string;
      day: string;
      jobId: string;
    }),
  }));
