// Kinesis' record limits are defined once, in @kes/envelope.
export {
  DEFAULT_MAX_RECORD_SIZE_BYTES,
  MAX_CONFIGURABLE_RECORD_SIZE_BYTES,
  MAX_PARTITION_KEY_LENGTH,
} from '@kes/envelope';
/** The largest explicit hash key: hash keys are 128-bit unsigned integers. */
export const MAX_EXPLICIT_HASH_KEY = 2n ** 128n - 1n;

/** Default number of records queued or in flight before `put` waits for room. */
export const DEFAULT_MAX_BUFFERED_RECORDS = 1000;

/** Default number of partition keys with a PutRecord in flight at the same time. */
export const DEFAULT_MAX_CONCURRENT_KEYS = 64;

/** Default number of idle partition keys whose last sequence number is remembered for chaining. */
export const DEFAULT_MAX_TRACKED_KEYS = 10_000;

/** Default retry policy: exponential backoff with full jitter, capped. */
export const DEFAULT_RETRY = { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 5000 } as const;

/**
 * AWS error codes worth retrying: throttling and server-side failures. Retrying one of these never
 * reorders a key, because the key's next record waits until this one is acknowledged.
 */
export const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'KMSThrottlingException',
  'ThrottlingException',
  'Throttling',
  'InternalFailure',
  'InternalFailureException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** Network failures (Node error codes and SDK timeout names): the request may or may not have reached Kinesis. */
export const RETRYABLE_NETWORK_ERRORS: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Failures kept for `flush` to report; older ones are only counted, so a writer never flushed cannot grow without bound. */
export const MAX_REPORTED_FAILURES = 10_000;

/** PutRecords takes at most 500 records per call (AWS-SEMANTICS.md). */
export const MAX_PUT_RECORDS_RECORDS = 500;

/** PutRecords takes at most 10 MiB per call, data plus partition keys (AWS-SEMANTICS.md). */
export const MAX_PUT_RECORDS_BYTES = 10 * 1024 * 1024;

/**
 * Default bound of the batched writer's buffer: larger than the ordered writer's, because a call carries at
 * most one record per key and needs many distinct keys queued to fill up.
 */
export const DEFAULT_BATCHED_MAX_BUFFERED_RECORDS = 4000;
