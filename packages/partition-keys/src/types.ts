/** Turns a domain value into a partition key. */
export type KeyStrategy<T> = (value: T) => string;

/** The entity an event is about; the same shape as the envelope's `subject`. */
export interface SubjectRef {
  type: string;
  id: string;
}

/**
 * A shard as ListShards or DescribeStream return it. Fields are optional because the AWS SDK v3 types
 * them `string | undefined`; they are checked when a {@link ShardMap} is built.
 */
export interface ShardDescription {
  ShardId?: string | undefined;
  HashKeyRange?: { StartingHashKey?: string | undefined; EndingHashKey?: string | undefined } | undefined;
  /** When given, a shard with an `EndingSequenceNumber` is closed (after a split or merge) and owns no new records. */
  SequenceNumberRange?:
    | { StartingSequenceNumber?: string | undefined; EndingSequenceNumber?: string | undefined }
    | undefined;
}

/** A shard's hash-key range in the shape CreateStream gives it (decimal strings). */
export interface ShardRange {
  ShardId: string;
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
}

/** An open shard with its range parsed. */
export interface OpenShard {
  shardId: string;
  startingHashKey: bigint;
  endingHashKey: bigint;
}

/**
 * What routes a record: its partition key, or an explicit hash key (which overrides the partition key,
 * as `ExplicitHashKey` does in PutRecord).
 */
export type ShardTarget = string | { explicitHashKey: string; partitionKey?: string };

/** A write rate: records per second and, optionally, bytes per second (data plus partition keys). */
export interface WriteRate {
  recordsPerSecond: number;
  bytesPerSecond?: number;
}

/** Options of {@link hotKeyReport}. */
export interface HotKeyReportOptions {
  /** How many of the most frequent keys to list. Default 10. */
  top?: number;
  /**
   * The whole stream's write rate the sample stands for. Without it the report has shares but no
   * projected rates and no warnings. Bytes are spread over keys by record count (same average size).
   */
  observedRate?: WriteRate;
  /** Warn when one key alone would use more than this fraction (0 < f ≤ 1) of a shard's write limit. Default 0.5. */
  warnAtShardFraction?: number;
  /** A shard's write limit. Default: provisioned Kinesis, 1,000 records/s and 1 MiB/s. */
  shardWriteLimit?: Partial<ShardWriteLimit>;
}

/** A shard's write limit. */
export interface ShardWriteLimit {
  recordsPerSecond: number;
  bytesPerSecond: number;
}

/** How often one key occurs in the sample. */
export interface KeyStats {
  key: string;
  count: number;
  /** `count / totalRecords`. */
  share: number;
  /** The shard the key maps to. */
  shardId: string;
  /** Projected from the observed rate; `null` without one. */
  recordsPerSecond: number | null;
  /** Projected from the observed byte rate; `null` without one. */
  bytesPerSecond: number | null;
}

/** How many sampled records one shard would receive. */
export interface ShardStats {
  shardId: string;
  records: number;
  /** `records / totalRecords`; 0 for an empty sample. */
  share: number;
  distinctKeys: number;
  recordsPerSecond: number | null;
  bytesPerSecond: number | null;
}

/** Which write limit a warning is about. */
export type LimitMetric = 'records' | 'bytes';

/** A projected rate close to or over a shard's write limit. */
export interface HotKeyWarning {
  /** `hot-key`: one key alone passes the warning fraction; `shard-over-limit`: a shard would be throttled. */
  kind: 'hot-key' | 'shard-over-limit';
  /** The key, for `hot-key` warnings. */
  key: string | null;
  shardId: string;
  metric: LimitMetric;
  perSecond: number;
  limitPerSecond: number;
  /** `perSecond / limitPerSecond`. */
  fractionOfLimit: number;
  message: string;
}

/** The result of {@link hotKeyReport}. */
export interface HotKeyReport {
  totalRecords: number;
  distinctKeys: number;
  /** The most frequent keys, most frequent first (ties by key). */
  topKeys: KeyStats[];
  /** Every open shard in hash-key order, including those the sample never reached. */
  shards: ShardStats[];
  /** The shard with the most records (the first in hash-key order on a tie); `null` for an empty sample. */
  hottestShard: ShardStats | null;
  /** Hottest shard's share / mean shard share: 1 is perfectly even; `null` for an empty sample. */
  imbalance: number | null;
  warnings: HotKeyWarning[];
  observedRate: WriteRate | null;
  warnAtShardFraction: number;
  shardWriteLimit: ShardWriteLimit;
}
