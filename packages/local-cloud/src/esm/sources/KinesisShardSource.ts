import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import type { IteratorPosition, ReadResult, ShardInfo, ShardSource, SourceRecord } from '../types';

const streamNameOf = (arn: string): string => arn.split(':stream/')[1] ?? arn;

/** Reads a Kinesis stream for the engine and shapes records exactly as Lambda delivers them. */
export class KinesisShardSource implements ShardSource {
  public readonly kind = 'kinesis' as const;
  public readonly reacquireIteratorWhenEmpty = false;
  public readonly arn: string;
  readonly #client: KinesisClient;
  readonly #streamName: string;
  readonly #region: string;

  public constructor(client: KinesisClient, arn: string) {
    this.#client = client;
    this.arn = arn;
    this.#streamName = streamNameOf(arn);
    this.#region = arn.split(':')[3] ?? 'us-east-1';
  }

  public async listShards(): Promise<ShardInfo[]> {
    const shards: Shard[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.#client.send(
        new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: this.#streamName }),
      );
      shards.push(...(page.Shards ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return shards.map((shard) => ({
      shardId: shard.ShardId ?? '',
      parentShardIds: [shard.ParentShardId, shard.AdjacentParentShardId].filter((id): id is string => !!id),
      closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
    }));
  }

  public async iterator(shardId: string, position: IteratorPosition): Promise<string> {
    const response = await this.#client.send(
      new GetShardIteratorCommand({
        StreamName: this.#streamName,
        ShardId: shardId,
        ShardIteratorType: position.type,
        ...('sequenceNumber' in position ? { StartingSequenceNumber: position.sequenceNumber } : {}),
        ...('timestampMs' in position ? { Timestamp: new Date(position.timestampMs) } : {}),
      }),
    );
    return response.ShardIterator ?? '';
  }

  public async read(shardId: string, iterator: string, limit: number): Promise<ReadResult> {
    const response = await this.#client.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: Math.min(Math.max(limit, 1), 10_000) }),
    );
    const records = (response.Records ?? []).map((record): SourceRecord => {
      const data = Buffer.from(record.Data ?? new Uint8Array()).toString('base64');
      const arrivalMs = record.ApproximateArrivalTimestamp?.getTime() ?? Date.now();
      const kinesis = {
        kinesisSchemaVersion: '1.0',
        partitionKey: record.PartitionKey ?? '',
        sequenceNumber: record.SequenceNumber ?? '',
        data,
        approximateArrivalTimestamp: arrivalMs / 1000,
      };
      const eventRecord = {
        kinesis,
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${shardId}:${kinesis.sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::000000000000:role/local-esm',
        awsRegion: this.#region,
        eventSourceARN: this.arn,
      };
      return {
        sequenceNumber: kinesis.sequenceNumber,
        arrivalMs,
        sizeBytes: data.length + kinesis.partitionKey.length + 420,
        eventRecord,
        filterView: { ...kinesis, data: parseJson(record.Data) },
        orderingKey: kinesis.partitionKey,
      };
    });
    return { records, nextIterator: response.NextShardIterator ?? undefined };
  }
}

/** Filters match `data` as JSON when it is JSON (as Lambda does), otherwise not at all. */
const parseJson = (data: Uint8Array | undefined): unknown => {
  if (!data) return undefined;
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return undefined;
  }
};
