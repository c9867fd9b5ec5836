import {
  DEFAULT_BATCHED_MAX_BUFFERED_RECORDS,
  DEFAULT_MAX_RECORD_SIZE_BYTES,
  MAX_CONFIGURABLE_RECORD_SIZE_BYTES,
  MAX_PUT_RECORDS_BYTES,
  MAX_PUT_RECORDS_RECORDS,
} from '../constants';
import { type ResolvedCommonOptions, requireInteger, resolveCommonOptions } from '../resolveCommonOptions';
import type { BatchedWriterHooks, KeyBatchedWriterOptions, PutRecordsClient, ShardLookup } from './types';

/** The batched writer's options with every default filled in. */
export interface ResolvedBatchedWriterOptions extends BatchedWriterHooks, ResolvedCommonOptions {
  client: PutRecordsClient;
  shards: ShardLookup | undefined;
  maxRecordSizeBytes: number;
  maxBufferedRecords: number;
  maxRecordsPerCall: number;
  maxBytesPerCall: number;
}

/**
 * Merges the batched writer's defaults into `options` — the one place they live — and refuses values that
 * cannot work (a call limit above PutRecords' 500 records or 10 MiB, or too small for one record).
 *
 * @example
 * const resolved = resolveBatchedWriterOptions({ client, streamName: 'replay', maxRecordsPerCall: 100 });
 * resolved.maxBytesPerCall; // 10485760
 */
export const resolveBatchedWriterOptions = (
  options: KeyBatchedWriterOptions,
): ResolvedBatchedWriterOptions => {
  const common = resolveCommonOptions(options, 'KeyBatchedWriter');
  const maxRecordSizeBytes = requireInteger(
    'maxRecordSizeBytes',
    options.maxRecordSizeBytes ?? DEFAULT_MAX_RECORD_SIZE_BYTES,
    1,
    MAX_CONFIGURABLE_RECORD_SIZE_BYTES,
  );
  return {
    client: options.client,
    ...common,
    shards: options.shards,
    maxRecordSizeBytes,
    maxBufferedRecords: requireInteger(
      'maxBufferedRecords',
      options.maxBufferedRecords ?? DEFAULT_BATCHED_MAX_BUFFERED_RECORDS,
      1,
    ),
    maxRecordsPerCall: requireInteger(
      'maxRecordsPerCall',
      options.maxRecordsPerCall ?? MAX_PUT_RECORDS_RECORDS,
      1,
      MAX_PUT_RECORDS_RECORDS,
    ),
    // At least one record of the largest size must fit in a call, or such a record could never be sent.
    maxBytesPerCall: requireInteger(
      'maxBytesPerCall',
      options.maxBytesPerCall ?? MAX_PUT_RECORDS_BYTES,
      maxRecordSizeBytes,
      MAX_PUT_RECORDS_BYTES,
    ),
    ...(options.onCall ? { onCall: options.onCall } : {}),
    ...(options.onAcknowledged ? { onAcknowledged: options.onAcknowledged } : {}),
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
  };
};
