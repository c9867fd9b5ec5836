/** One record read from a shard, in the shape the engine needs whatever the source. */
export interface SourceRecord {
  sequenceNumber: string;
  /** Epoch milliseconds at which the record arrived in the stream. */
  arrivalMs: number;
  /** Bytes it adds to the invocation payload (its JSON form). */
  sizeBytes: number;
  /** The record as Lambda puts it in `event.Records[]`. */
  eventRecord: Record<string, unknown>;
  /** What FilterCriteria patterns are matched against. */
  filterView: Record<string, unknown>;
  /**
   * The key whose records must stay in order: the partition key (Kinesis) or the item's keys (DynamoDB).
   * With a ParallelizationFactor above 1 it picks the record's lane.
   */
  orderingKey: string;
}

export interface ShardInfo {
  shardId: string;
  parentShardIds: string[];
  /** Set when the shard is closed (after a split, a merge, or a DynamoDB shard rollover). */
  closed: boolean;
}

export type IteratorPosition =
  | { type: 'TRIM_HORIZON' }
  | { type: 'LATEST' }
  | { type: 'AT_TIMESTAMP'; timestampMs: number }
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string }
  | { type: 'AT_SEQUENCE_NUMBER'; sequenceNumber: string };

export interface ReadResult {
  records: SourceRecord[];
  /** Undefined once a closed shard has been read to its end. */
  nextIterator: string | undefined;
}

/** A stream the engine can poll: Kinesis or DynamoDB Streams. */
export interface ShardSource {
  readonly kind: 'kinesis' | 'dynamodb';
  readonly arn: string;
  /**
   * After a read that returned nothing, ask for a new iterator from the poller's own position instead of
   * following NextShardIterator (see DynamoDbShardSource).
   */
  readonly reacquireIteratorWhenEmpty: boolean;
  listShards(): Promise<ShardInfo[]>;
  iterator(shardId: string, position: IteratorPosition): Promise<string>;
  read(shardId: string, iterator: string, limit: number): Promise<ReadResult>;
}
