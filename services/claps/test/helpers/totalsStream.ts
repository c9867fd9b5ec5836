import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AwsClients } from '@kes/aws-clients';
import type { TotalsImage } from '../../src/domain/eventsFromTotals';

/** One record of the totals table's stream. */
export interface TotalsStreamRecord {
  eventName: string;
  sequenceNumber: string;
  newImage: TotalsImage | undefined;
}

/**
 * Every record of a table's stream from TRIM_HORIZON, shard by shard (parents are listed before their
 * children), each shard in order; stops at the first empty page of an open shard.
 */
export const readTableStream = async (
  clients: AwsClients,
  tableName: string,
): Promise<TotalsStreamRecord[]> => {
  const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${tableName} has no stream`);
  const { StreamDescription } = await clients.dynamodbStreams.send(
    new DescribeStreamCommand({ StreamArn: streamArn }),
  );
  const records: TotalsStreamRecord[] = [];
  for (const { ShardId } of StreamDescription?.Shards ?? []) {
    if (!ShardId) continue;
    const start = await clients.dynamodbStreams.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    let iterator = start.ShardIterator;
    while (iterator) {
      const page = await clients.dynamodbStreams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
      );
      for (const record of page.Records ?? []) {
        const image = record.dynamodb?.NewImage;
        records.push({
          eventName: record.eventName ?? '',
          sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
          newImage: image && (unmarshall(image as Parameters<typeof unmarshall>[0]) as TotalsImage),
        });
      }
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
};

/** The records of one post, in stream order. */
export const postRecords = (records: TotalsStreamRecord[], postId: string): TotalsStreamRecord[] =>
  records.filter((record) => record.newImage?.postId === postId);
