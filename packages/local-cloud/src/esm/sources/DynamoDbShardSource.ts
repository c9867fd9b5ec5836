import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { IteratorPosition, ReadResult, ShardInfo, ShardSource, SourceRecord } from '../types';

/**
 * Reads a DynamoDB stream for the engine and shapes records exactly as Lambda delivers them.
 *
 * DynamoDB Local numbers stream records with one counter shared by every table, and an iterator on a
 * shard with nothing new to read points at the next number of that shared counter: once another table
 * writes first, the iterator chain never sees this shard's next record (or fails with
 * TrimmedDataAccessException). So after an empty read the poller asks for a fresh iterator after the
 * last record it saw (`reacquireIteratorWhenEmpty`), which DynamoDB Local answers correctly. On AWS this
 * would only cost one extra GetShardIterator per idle poll.
 */
export class DynamoDbShardSource implements ShardSource {
  public readonly kind = 'dynamodb' as const;
  public readonly reacquireIteratorWhenEmpty = true;
  public readonly arn: string;
  readonly #client: DynamoDBStreamsClient;
  readonly #region: string;

  public constructor(client: DynamoDBStreamsClient, arn: string, region = 'us-east-1') {
    this.#client = client;
    this.arn = arn;
    // DynamoDB Local writes "ddblocal" as the region of its ARNs; events carry the real region.
    this.#region = region;
  }

  public async listShards(): Promise<ShardInfo[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const response = await this.#client.send(
        new DescribeStreamCommand({
          StreamArn: this.arn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        }),
      );
      shards.push(...(response.StreamDescription?.Shards ?? []));
      start = response.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards.map((shard) => ({
      shardId: shard.ShardId ?? '',
      parentShardIds: shard.ParentShardId ? [shard.ParentShardId] : [],
      closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
    }));
  }

  public async iterator(shardId: string, position: IteratorPosition): Promise<string> {
    // DynamoDB Streams has no AT_TIMESTAMP; Lambda does not offer it for DynamoDB either.
    const type = position.type === 'AT_TIMESTAMP' ? 'TRIM_HORIZON' : position.type;
    const response = await this.#client.send(
      new GetShardIteratorCommand({
        StreamArn: this.arn,
        ShardId: shardId,
        ShardIteratorType: type,
        ...('sequenceNumber' in position ? { SequenceNumber: position.sequenceNumber } : {}),
      }),
    );
    return response.ShardIterator ?? '';
  }

  public async read(_shardId: string, iterator: string, limit: number): Promise<ReadResult> {
    const response = await this.#client.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: Math.min(Math.max(limit, 1), 1000) }),
    );
    const readAt = Date.now();
    const records = (response.Records ?? []).map((record): SourceRecord => {
      // DynamoDB Local rounds ApproximateCreationDateTime down to the minute (AWS: to the second). A
      // record cannot be younger than when we first read it, nor older than that minute: within those
      // bounds, first-read time is the closest estimate for a fresh record.
      const created = record.dynamodb?.ApproximateCreationDateTime;
      const createdMs = created ? new Date(created).getTime() : readAt;
      const arrivalMs = Math.min(readAt, createdMs + 60_000);
      const dynamodb = {
        ...record.dynamodb,
        ...(record.dynamodb?.Keys ? { Keys: base64Binaries(record.dynamodb.Keys) } : {}),
        ...(record.dynamodb?.NewImage ? { NewImage: base64Binaries(record.dynamodb.NewImage) } : {}),
        ...(record.dynamodb?.OldImage ? { OldImage: base64Binaries(record.dynamodb.OldImage) } : {}),
        ApproximateCreationDateTime: Math.floor(arrivalMs / 1000),
      };
      const eventRecord = {
        eventID: record.eventID,
        eventName: record.eventName,
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: this.#region,
        dynamodb,
        eventSourceARN: this.arn,
      };
      return {
        sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
        arrivalMs,
        sizeBytes: JSON.stringify(eventRecord).length,
        eventRecord,
        filterView: eventRecord,
        orderingKey: keyOf(dynamodb.Keys as Record<string, unknown> | undefined),
      };
    });
    return { records, nextIterator: response.NextShardIterator ?? undefined };
  }
}

/** The item's keys as one string, attribute names sorted, so the same item always gives the same key. */
const keyOf = (keys: Record<string, unknown> | undefined): string =>
  JSON.stringify(Object.entries(keys ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Lambda delivers binary attributes (B, BS, and inside M and L) as base64 strings; the SDK hands them to
 * us as Uint8Array, which JSON would turn into an object of numbers.
 */
const base64Binaries = (value: unknown): unknown => {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(base64Binaries);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, base64Binaries(item)]));
  }
  return value;
};
