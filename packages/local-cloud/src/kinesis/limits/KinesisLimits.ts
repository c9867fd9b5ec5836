import { SHARD_WRITE_BYTES_PER_SECOND, SHARD_WRITE_RECORDS_PER_SECOND } from '@kes/partition-keys';

const MiB = 1024 * 1024;

/**
 * The throughput limits of a provisioned Kinesis shard, and the per-call caps that bound them. Every
 * value defaults to AWS's; override some for tests or experiments (e.g. a shard that takes 10 records/s).
 */
export interface KinesisLimits {
  /** Records written per shard per second (PutRecord and PutRecords entries). AWS: 1,000. */
  writeRecordsPerSecond: number;
  /** Bytes written per shard per second, data plus partition key. AWS: 1 MiB. */
  writeBytesPerSecond: number;
  /** GetRecords calls per shard per second, shared by every consumer of the shard. AWS: 5. */
  readCallsPerSecond: number;
  /** Bytes read per shard per second, shared by every consumer of the shard. AWS: 2 MiB. */
  readBytesPerSecond: number;
  /** GetShardIterator calls per shard per second. AWS: 5. */
  getShardIteratorCallsPerSecond: number;
  /** Bytes one GetRecords call returns at most; the rest waits for the next call. AWS: 10 MiB. */
  getRecordsMaxBytes: number;
}

/** AWS's limits for a provisioned shard. */
export const AWS_KINESIS_LIMITS: Readonly<KinesisLimits> = Object.freeze({
  writeRecordsPerSecond: SHARD_WRITE_RECORDS_PER_SECOND,
  writeBytesPerSecond: SHARD_WRITE_BYTES_PER_SECOND,
  readCallsPerSecond: 5,
  readBytesPerSecond: 2 * MiB,
  getShardIteratorCallsPerSecond: 5,
  getRecordsMaxBytes: 10 * MiB,
});

/** A PutRecords call carries at most 500 records … */
export const PUT_RECORDS_MAX_RECORDS = 500;
/** … and at most 10 MiB, data plus partition keys. */
export const PUT_RECORDS_MAX_BYTES = 10 * MiB;
/** A stream's maximum record size when it was not raised: 1 MiB. */
export const DEFAULT_MAX_RECORD_SIZE_KIB = 1024;
/** The largest maximum record size a stream can have: 10 MiB (`MaxRecordSizeInKiB`, since Oct 2025). */
export const MAX_MAX_RECORD_SIZE_KIB = 10_240;
