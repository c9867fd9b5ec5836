/** Stable codes of this package's errors; safe to branch on. */
export type PartitionKeyErrorCode =
  | 'INVALID_PARTITION_KEY'
  | 'INVALID_HASH_KEY'
  | 'INVALID_SHARD'
  | 'NO_SHARD_FOR_HASH_KEY'
  | 'INVALID_OPTION';

/** Base class of every error this package throws; `code` is stable and safe to branch on. */
export class PartitionKeyError extends Error {
  public readonly code: PartitionKeyErrorCode;

  public constructor(code: PartitionKeyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PartitionKeyError';
    this.code = code;
  }
}

const preview = (key: string): string => (key.length > 40 ? `${key.slice(0, 40)}…` : key);

/** A partition key Kinesis would refuse: empty, longer than 256 characters, or not encodable as UTF-8. */
export class InvalidPartitionKeyError extends PartitionKeyError {
  public readonly partitionKey: string;
  /** Length in UTF-16 code units, the unit the 1–256 limit is checked in. */
  public readonly length: number;
  public readonly reason: string;

  public constructor(partitionKey: string, reason: string, options?: { cause?: unknown }) {
    super('INVALID_PARTITION_KEY', `Invalid partition key "${preview(partitionKey)}": ${reason}`, options);
    this.name = 'InvalidPartitionKeyError';
    this.partitionKey = partitionKey;
    this.length = partitionKey.length;
    this.reason = reason;
  }
}

/** An explicit hash key that is not a decimal integer in 0 … 2^128 − 1. */
export class InvalidHashKeyError extends PartitionKeyError {
  public readonly value: string;

  public constructor(value: string) {
    super(
      'INVALID_HASH_KEY',
      `Invalid explicit hash key "${preview(value)}": expected a decimal integer from 0 to 2^128 - 1 without leading zeros`,
    );
    this.name = 'InvalidHashKeyError';
    this.value = value;
  }
}

/** A shard description that cannot be used: a field missing or malformed, or open shards that overlap. */
export class InvalidShardError extends PartitionKeyError {
  /** The shard's id, when it has one. */
  public readonly shardId: string | undefined;
  /** The offending field, e.g. `HashKeyRange.StartingHashKey`. */
  public readonly field: string;

  public constructor(shardId: string | undefined, field: string, reason: string) {
    super('INVALID_SHARD', `Invalid shard ${shardId ?? '(no ShardId)'}: ${field} ${reason}`);
    this.name = 'InvalidShardError';
    this.shardId = shardId;
    this.field = field;
  }
}

/** No open shard owns the hash key: the shard list is partial (a page of ListShards) or only has closed shards. */
export class NoShardForHashKeyError extends PartitionKeyError {
  public readonly hashKey: bigint;
  public readonly openShardIds: readonly string[];

  public constructor(hashKey: bigint, openShardIds: readonly string[]) {
    super(
      'NO_SHARD_FOR_HASH_KEY',
      `No open shard owns hash key ${hashKey} (open shards: ${openShardIds.join(', ') || 'none'}); pass every open shard of the stream`,
    );
    this.name = 'NoShardForHashKeyError';
    this.hashKey = hashKey;
    this.openShardIds = openShardIds;
  }
}

/** An argument or option outside its allowed range. */
export class InvalidOptionError extends PartitionKeyError {
  public readonly option: string;
  public readonly value: unknown;

  public constructor(option: string, value: unknown, expected: string) {
    super('INVALID_OPTION', `Invalid ${option}: expected ${expected}, got ${String(value)}`);
    this.name = 'InvalidOptionError';
    this.option = option;
    this.value = value;
  }
}

/**
 * Type guard for errors of this package, optionally of one `code`.
 *
 * @example
 * try {
 *   hashKeyOf(key);
 * } catch (error) {
 *   if (isPartitionKeyError(error, 'INVALID_PARTITION_KEY')) return badRequest(error.message);
 *   throw error;
 * }
 */
export const isPartitionKeyError = (
  error: unknown,
  code?: PartitionKeyErrorCode,
): error is PartitionKeyError =>
  error instanceof PartitionKeyError && (code === undefined || error.code === code);
