export {
  DEAD_LETTER_FORMAT_VERSION,
  DEFAULT_KEY_CONCURRENCY,
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_UNKNOWN_TYPES,
  DEFAULT_VERSION_ATTRIBUTE,
  KPL_AGGREGATION_MAGIC,
  METRIC_NAMES,
} from './constants';
export {
  type DynamodbStreamConsumerHandler,
  type DynamodbStreamConsumerOptions,
  dynamodbStreamConsumer,
} from './consumers/dynamodbStreamConsumer';
export {
  type KinesisConsumerHandler,
  type KinesisConsumerOptions,
  kinesisConsumer,
} from './consumers/kinesisConsumer';
export {
  type ConsumerOptionsBase,
  type ResolvedConsumerOptions,
  resolveConsumerOptions,
} from './consumers/resolveConsumerOptions';
export { deadLetterKey } from './dead-letter/deadLetterKey';
export { type S3DeadLetterOptions, s3DeadLetter } from './dead-letter/s3DeadLetter';
export {
  type DynamoDbDecodeOptions,
  decodeDynamoDbStreamRecord,
} from './decoding/decodeDynamoDbStreamRecord';
export {
  type DecodedDynamoDbStreamEvent,
  decodeDynamoDbStreamRecords,
} from './decoding/decodeDynamoDbStreamRecords';
export { decodeKinesisRecord } from './decoding/decodeKinesisRecord';
export {
  type DecodedKinesisEvent,
  type DecodeKinesisRecordsOptions,
  decodeKinesisRecords,
} from './decoding/decodeKinesisRecords';
export { partitionKeyOf } from './decoding/partitionKeyOf';
export {
  DeadLetterWriteError,
  InvalidBatchError,
  InvalidOptionsError,
  isKinesisConsumerError,
  KeyProcessingError,
  KinesisConsumerError,
  RecordValidationError,
} from './errors';
export {
  type KeyOrderedProcessorOptions,
  keyOrderedProcessor,
  type ProcessingStrategy,
} from './processing/keyOrderedProcessor';
export type { RecordHandler } from './processing/processEachRecord';
export type { KeyHandler } from './processing/processKeyTogether';
export type { SettleRejectedContext } from './processing/settleRejected';
export { batchItemFailures } from './response/batchItemFailures';
export { isBatchOutcome } from './response/isBatchOutcome';
export { type BatchTelemetryOptions, batchTelemetry } from './telemetry/batchTelemetry';
export { lastArrivalMillis } from './telemetry/lastArrivalMillis';
export type {
  BatchOutcome,
  BatchResponse,
  Clock,
  ConsumerLogger,
  ConsumerMetrics,
  DeadLetter,
  DeadLetterDestination,
  DeadLetterReason,
  DeadLetterRecord,
  DecodedBatchEvent,
  DecodedRecord,
  DynamoDbDeadLetterRecord,
  EventDecoder,
  HandleKeyResult,
  HandleResult,
  ImageSchema,
  KinesisDeadLetterRecord,
  KinesisItem,
  RecordFailure,
  RecordMeta,
  StreamChange,
  StreamChangeItem,
  StreamSource,
} from './types';
export { type ApplyIfNewerInput, type ApplyResult, applyIfNewer } from './version-guard/applyIfNewer';
