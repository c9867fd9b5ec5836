/**
 * Base class of every error this package throws; `code` is stable and safe to branch on.
 *
 * @example
 * if (error instanceof KinesisWriterError && error.code === 'RECORD_TOO_LARGE') splitOrDrop(record);
 */
export class KinesisWriterError extends Error {
  public readonly code: string;

  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KinesisWriterError';
    this.code = code;
  }
}

/** A record that would not fit in one Kinesis record (data + UTF-8 partition key); refused before anything is sent. */
export class RecordTooLargeError extends KinesisWriterError {
  public readonly sizeBytes: number;
  public readonly maxBytes: number;
  public readonly partitionKey: string;

  public constructor(sizeBytes: number, maxBytes: number, partitionKey: string) {
    super(
      'RECORD_TOO_LARGE',
      `Record for partition key "${partitionKey}" is ${sizeBytes} bytes (data + partition key); the stream accepts at most ${maxBytes}`,
    );
    this.name = 'RecordTooLargeError';
    this.sizeBytes = sizeBytes;
    this.maxBytes = maxBytes;
    this.partitionKey = partitionKey;
  }
}

/** A record Kinesis would refuse for its shape (partition key length, explicit hash key, data type); never sent. */
export class InvalidRecordError extends KinesisWriterError {
  /** The offending field: `partitionKey`, `explicitHashKey` or `data`. */
  public readonly field: string;
  public readonly partitionKey: unknown;

  public constructor(field: string, partitionKey: unknown, message: string) {
    super('INVALID_RECORD', message);
    this.name = 'InvalidRecordError';
    this.field = field;
    this.partitionKey = partitionKey;
  }
}

/** What both writers know about a record that failed for good. */
export interface RecordFailureDetails {
  partitionKey: string;
  attempts: number;
  retryable: boolean;
  errorCode: string;
  cause: unknown;
}

/**
 * A record that failed for good, in either mode: the common shape of {@link PutRecordFailedError} and
 * {@link PutRecordsFailedError}, which name the call that carried it.
 */
export abstract class RecordWriteFailedError extends KinesisWriterError {
  public readonly partitionKey: string;
  /** Calls that carried this record, including the last one. */
  public readonly attempts: number;
  /** Whether the last error was retryable (then the attempts ran out). */
  public readonly retryable: boolean;
  /** The AWS or network error code of the last attempt (for PutRecords, or the record's `ErrorCode`). */
  public readonly errorCode: string;

  protected constructor(code: string, operation: string, details: RecordFailureDetails) {
    const why = details.retryable ? `retries exhausted after ${details.attempts} attempts` : 'not retryable';
    const message = details.cause instanceof Error ? details.cause.message : String(details.cause);
    super(
      code,
      `${operation} for partition key "${details.partitionKey}" failed (${why}): ${details.errorCode}: ${message}`,
      { cause: details.cause },
    );
    this.partitionKey = details.partitionKey;
    this.attempts = details.attempts;
    this.retryable = details.retryable;
    this.errorCode = details.errorCode;
  }
}

/** PutRecord failed for good: the error is not retryable, or every attempt was throttled or failed. */
export class PutRecordFailedError extends RecordWriteFailedError {
  public constructor(details: RecordFailureDetails) {
    super('PUT_RECORD_FAILED', 'PutRecord', details);
    this.name = 'PutRecordFailedError';
  }
}

/**
 * A record of the batched writer failed for good: its `PutRecords` call failed with a non-retryable error,
 * or every attempt was throttled or failed (per-record `ErrorCode`, or the whole call).
 *
 * @example
 * const outcome = await writer.put(record).catch((error: unknown) => error);
 * if (outcome instanceof PutRecordsFailedError && outcome.retryable) alertOnThrottling(outcome.attempts);
 */
export class PutRecordsFailedError extends RecordWriteFailedError {
  public constructor(details: RecordFailureDetails) {
    super('PUT_RECORDS_FAILED', 'PutRecords', details);
    this.name = 'PutRecordsFailedError';
  }
}

/** What breaks a key: a record of it that failed for good, in either mode. */
export type RecordFailure = PutRecordFailedError | PutRecordsFailedError;

/**
 * The record was not sent because an earlier record of its partition key failed: sending it would put it
 * after a predecessor that is missing (or that the caller will re-send later, out of order).
 * `cause` is the {@link PutRecordFailedError} that broke the key.
 *
 * @example
 * const outcome = await writer.put(record).catch((error: unknown) => error);
 * if (outcome instanceof KeyBrokenError) {
 *   writer.resetKey(record.partitionKey);
 *   await writer.put(latestStateOf(record.partitionKey)); // the entity's current full state
 * }
 */
export class KeyBrokenError extends KinesisWriterError {
  public readonly partitionKey: string;

  public constructor(partitionKey: string, cause: RecordFailure) {
    super(
      'KEY_BROKEN',
      `Not sent: an earlier record of partition key "${partitionKey}" failed (${cause.errorCode}), ` +
        "and sending this one would break the key's order. " +
        `Call resetKey(${JSON.stringify(partitionKey)}) once you have decided how to recover.`,
      { cause },
    );
    this.name = 'KeyBrokenError';
    this.partitionKey = partitionKey;
  }
}

/** `put` was called after `close()`. */
export class WriterClosedError extends KinesisWriterError {
  public constructor() {
    super('WRITER_CLOSED', 'The writer is closed: create a new writer to put more records');
    this.name = 'WriterClosedError';
  }
}

/** One record that did not make it, as listed by {@link FlushError}. */
export interface FailedRecord {
  partitionKey: string;
  error: KinesisWriterError;
}

/**
 * `flush()` found records that failed; `failures` lists each of them in call order.
 *
 * @example
 * try { await writer.flush(); } catch (error) {
 *   if (error instanceof FlushError) for (const { partitionKey, error: why } of error.failures) log.warn(partitionKey, why.code);
 * }
 */
export class FlushError extends KinesisWriterError {
  public readonly failures: readonly FailedRecord[];
  /** Older failures not listed because too many piled up between two flushes (see `MAX_REPORTED_FAILURES`). */
  public readonly omitted: number;

  public constructor(failures: readonly FailedRecord[], omitted = 0) {
    const keys = [...new Set(failures.map((failure) => failure.partitionKey))];
    const shown = keys.slice(0, 10).join(', ') + (keys.length > 10 ? ', …' : '');
    const more = omitted > 0 ? ` (and ${omitted} older failure(s) not listed)` : '';
    super(
      'FLUSH_FAILED',
      `${failures.length} record(s) failed for ${keys.length} partition key(s): ${shown}${more}`,
    );
    this.name = 'FlushError';
    this.failures = failures;
    this.omitted = omitted;
  }
}

/**
 * Type guard for errors of this package, optionally of one `code`.
 *
 * @example
 * try { await writer.put(record); } catch (error) {
 *   if (isKinesisWriterError(error, 'KEY_BROKEN')) writer.resetKey(record.partitionKey);
 * }
 */
export const isKinesisWriterError = (error: unknown, code?: string): error is KinesisWriterError =>
  error instanceof KinesisWriterError && (code === undefined || error.code === code);
