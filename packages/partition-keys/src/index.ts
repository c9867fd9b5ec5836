export {
  COMPOSITE_ESCAPE,
  COMPOSITE_SEPARATOR,
  DEFAULT_TOP_KEYS,
  DEFAULT_WARN_AT_SHARD_FRACTION,
  HASH_KEY_SPACE,
  MAX_HASH_KEY,
  MAX_PARTITION_KEY_LENGTH,
  MIN_PARTITION_KEY_LENGTH,
  SHARD_WRITE_BYTES_PER_SECOND,
  SHARD_WRITE_RECORDS_PER_SECOND,
} from './constants';
export {
  InvalidHashKeyError,
  InvalidOptionError,
  InvalidPartitionKeyError,
  InvalidShardError,
  isPartitionKeyError,
  NoShardForHashKeyError,
  PartitionKeyError,
  type PartitionKeyErrorCode,
} from './errors';
export { formatHotKeyReport } from './hotKeys/formatHotKeyReport';
export { hotKeyReport } from './hotKeys/hotKeyReport';
export { assertPartitionKey } from './keys/assertPartitionKey';
export { byField } from './keys/byField';
export { bySubject } from './keys/bySubject';
export { composite } from './keys/composite';
export { parseComposite } from './keys/parseComposite';
export { evenShardRanges } from './kinesis/evenShardRanges';
export { hashKeyOf } from './kinesis/hashKeyOf';
export { hashKeyOfTarget } from './kinesis/hashKeyOfTarget';
export { ShardMap } from './kinesis/ShardMap';
export { shardFor } from './kinesis/shardFor';
export { shardIdOf } from './kinesis/shardIdOf';
export type {
  HotKeyReport,
  HotKeyReportOptions,
  HotKeyWarning,
  KeyStats,
  KeyStrategy,
  LimitMetric,
  OpenShard,
  ShardDescription,
  ShardRange,
  ShardStats,
  ShardTarget,
  ShardWriteLimit,
  SubjectRef,
  WriteRate,
} from './types';
