import { setTimeout as wait } from 'node:timers/promises';
import {
  DEFAULT_BATCHED_MAX_BUFFERED_RECORDS,
  DEFAULT_MAX_RECORD_SIZE_BYTES,
  DEFAULT_RETRY,
  MAX_CONFIGURABLE_RECORD_SIZE_BYTES,
  MAX_PUT_RECORDS_BYTES,
  MAX_PUT_RECORDS_RECORDS,
} from '../constants';
import type { RetryOptions } from '../types';
import type { BatchedWriterHooks, KeyBatchedWriterOptions, PutRecordsClient, ShardLookup } from './types';

/** The batched writer's options with every default filled in. */
export interface ResolvedBatchedWriterOptions extends BatchedWriterHooks {
  client: PutRecordsClient;
  /** Stream name and/or ARN exactly as PutRecords takes them. */
  stream: { StreamName?: string; StreamARN?: string };
  shards: ShardLookup | undefined;
  maxRecordSizeBytes: number;
  maxBufferedRecords: number;
  maxRecordsPerCall: number;
  maxBytesPerCall: number;
  retry: RetryOptions;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
}

const requireInteger = (name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer between ${min} and ${max}, got ${value}`);
  }
  return value;
};

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
  if (!options.streamName && !options.streamArn) {
    throw new TypeError('KeyBatchedWriter needs streamName or streamArn');
  }
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  requireInteger('retry.maxAttempts', retry.maxAttempts, 1);
  requireInteger('retry.baseDelayMs', retry.baseDelayMs, 0);
  requireInteger('retry.maxDelayMs', retry.maxDelayMs, retry.baseDelayMs);
  const maxRecordSizeBytes = requireInteger(
    'maxRecordSizeBytes',
    options.maxRecordSizeBytes ?? DEFAULT_MAX_RECORD_SIZE_BYTES,
    1,
    MAX_CONFIGURABLE_RECORD_SIZE_BYTES,
  );
  return {
    client: options.client,
    stream: {
      ...(options.streamName ? { StreamName: options.streamName } : {}),
      ...(options.streamArn ? { StreamARN: options.streamArn } : {}),
    },
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
    retry,
    sleep: options.sleep ?? ((ms) => wait(ms)),
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    ...(options.onCall ? { onCall: options.onCall } : {}),
    ...(options.onAcknowledged ? { onAcknowledged: options.onAcknowledged } : {}),
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
  };
};
