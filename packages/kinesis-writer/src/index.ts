export { KeyBatchedWriter } from './batched/KeyBatchedWriter';
export {
  type ResolvedBatchedWriterOptions,
  resolveBatchedWriterOptions,
} from './batched/resolveBatchedWriterOptions';
export type {
  BatchedWriterHooks,
  BatchedWriterStats,
  KeyBatchedWriterOptions,
  PutRecordsCallEvent,
  PutRecordsClient,
  ShardLookup,
} from './batched/types';
export {
  DEFAULT_BATCHED_MAX_BUFFERED_RECORDS,
  DEFAULT_MAX_BUFFERED_RECORDS,
  DEFAULT_MAX_CONCURRENT_KEYS,
  DEFAULT_MAX_RECORD_SIZE_BYTES,
  DEFAULT_MAX_TRACKED_KEYS,
  DEFAULT_RETRY,
  MAX_CONFIGURABLE_RECORD_SIZE_BYTES,
  MAX_EXPLICIT_HASH_KEY,
  MAX_PARTITION_KEY_LENGTH,
  MAX_PUT_RECORDS_BYTES,
  MAX_PUT_RECORDS_RECORDS,
  MAX_REPORTED_FAILURES,
  RETRYABLE_ERROR_CODES,
  RETRYABLE_NETWORK_ERRORS,
} from './constants';
export {
  type FailedRecord,
  FlushError,
  InvalidRecordError,
  isKinesisWriterError,
  KeyBrokenError,
  KinesisWriterError,
  PutRecordFailedError,
  PutRecordsFailedError,
  type RecordFailure,
  type RecordFailureDetails,
  RecordTooLargeError,
  RecordWriteFailedError,
  WriterClosedError,
} from './errors';
export { OrderedKinesisWriter } from './OrderedKinesisWriter';
export { assertRecordSize, recordSizeBytes } from './recordSize';
export { backoffDelay } from './retry/backoffDelay';
export { isRetryableError } from './retry/isRetryableError';
export type {
  AcknowledgedEvent,
  OrderedKinesisWriterOptions,
  PutInput,
  PutRecordClient,
  PutResult,
  RetryEvent,
  RetryOptions,
  WriterHooks,
  WriterStats,
} from './types';
export { validateRecord } from './validateRecord';
