import type { EnvelopeIssue } from '@kes/envelope';

/** Base class of every error this package throws; `code` is stable and safe to branch on. */
export class KinesisConsumerError extends Error {
  public readonly code: string;

  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KinesisConsumerError';
    this.code = code;
  }
}

/** A consumer or helper was configured with options that cannot work; thrown when it is built. */
export class InvalidOptionsError extends KinesisConsumerError {
  /** The option at fault, e.g. `keyConcurrency`. */
  public readonly option: string;

  public constructor(option: string, message: string) {
    super('INVALID_OPTIONS', `Invalid option "${option}": ${message}`);
    this.name = 'InvalidOptionsError';
    this.option = option;
  }
}

/**
 * The event is not a batch an event-source mapping would send (a record without a sequence number,
 * partition key or arrival time), or the consumer cannot group it. The whole batch fails, because a
 * record that cannot be named in `batchItemFailures` cannot be reported on its own.
 */
export class InvalidBatchError extends KinesisConsumerError {
  /** Position of the offending record in the batch, when one is to blame. */
  public readonly recordIndex: number | undefined;

  public constructor(message: string, recordIndex?: number, options?: { cause?: unknown }) {
    super('INVALID_BATCH', message, options);
    this.name = 'InvalidBatchError';
    this.recordIndex = recordIndex;
  }
}

/**
 * Thrown by a `handleKey` handler to say which of its items failed: the items before `index` were
 * applied, so only the item at `index` is reported and everything from it on is redelivered. A plain
 * error from `handleKey` reports the key's first item instead.
 *
 * @example
 * handleKey: async (items) => {
 *   for (const [index, { event }] of items.entries()) {
 *     try { await project(event); } catch (cause) { throw new KeyProcessingError(index, cause); }
 *   }
 * }
 */
export class KeyProcessingError extends KinesisConsumerError {
  /** Index, in the items given to `handleKey`, of the first item that was not applied. */
  public readonly index: number;

  public constructor(index: number, cause?: unknown) {
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    super('KEY_PROCESSING_FAILED', `Item ${index} of the key failed${reason}`, { cause });
    this.name = 'KeyProcessingError';
    this.index = index;
  }
}

/** A DynamoDB stream record whose images do not unmarshall or do not match their schemas. */
export class RecordValidationError extends KinesisConsumerError {
  public readonly issues: EnvelopeIssue[];

  public constructor(message: string, issues: EnvelopeIssue[], options?: { cause?: unknown }) {
    super('RECORD_VALIDATION_FAILED', message, options);
    this.name = 'RecordValidationError';
    this.issues = issues;
  }
}

/** Writing a dead letter failed; the record is reported as a batch item failure so it comes again. */
export class DeadLetterWriteError extends KinesisConsumerError {
  /** Where the letter was going, e.g. `s3://bucket/prefix/2026/01/31/shardId-000000000000/4959.json`. */
  public readonly location: string;

  public constructor(location: string, cause: unknown) {
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    super('DEAD_LETTER_WRITE_FAILED', `Could not write dead letter to ${location}${reason}`, { cause });
    this.name = 'DeadLetterWriteError';
    this.location = location;
  }
}

/** Type guard for errors of this package, optionally of one `code`. */
export const isKinesisConsumerError = (error: unknown, code?: string): error is KinesisConsumerError =>
  error instanceof KinesisConsumerError && (code === undefined || error.code === code);
