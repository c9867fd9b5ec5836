import {
  DEFAULT_MAX_BUFFERED_RECORDS,
  DEFAULT_MAX_CONCURRENT_KEYS,
  DEFAULT_MAX_RECORD_SIZE_BYTES,
  DEFAULT_MAX_TRACKED_KEYS,
  MAX_CONFIGURABLE_RECORD_SIZE_BYTES,
} from './constants';
import { type ResolvedCommonOptions, requireInteger, resolveCommonOptions } from './resolveCommonOptions';
import type { OrderedKinesisWriterOptions, PutRecordClient, WriterHooks } from './types';

/** The writer's options with every default filled in. */
export interface ResolvedWriterOptions extends WriterHooks, ResolvedCommonOptions {
  client: PutRecordClient;
  maxRecordSizeBytes: number;
  maxBufferedRecords: number;
  maxConcurrentKeys: number;
  maxTrackedKeys: number;
}

/**
 * Merges the defaults into `options` — the one place they live — and refuses values that cannot work,
 * so a misconfigured writer fails at construction rather than on its first record.
 *
 * @example
 * const resolved = resolveWriterOptions({ client, streamName: 'events', retry: { maxAttempts: 3 } });
 * resolved.retry; // { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 5000 }
 */
export const resolveWriterOptions = (options: OrderedKinesisWriterOptions): ResolvedWriterOptions => {
  const common = resolveCommonOptions(options, 'OrderedKinesisWriter');
  return {
    client: options.client,
    ...common,
    maxRecordSizeBytes: requireInteger(
      'maxRecordSizeBytes',
      options.maxRecordSizeBytes ?? DEFAULT_MAX_RECORD_SIZE_BYTES,
      1,
      MAX_CONFIGURABLE_RECORD_SIZE_BYTES,
    ),
    maxBufferedRecords: requireInteger(
      'maxBufferedRecords',
      options.maxBufferedRecords ?? DEFAULT_MAX_BUFFERED_RECORDS,
      1,
    ),
    maxConcurrentKeys: requireInteger(
      'maxConcurrentKeys',
      options.maxConcurrentKeys ?? DEFAULT_MAX_CONCURRENT_KEYS,
      1,
    ),
    maxTrackedKeys: requireInteger('maxTrackedKeys', options.maxTrackedKeys ?? DEFAULT_MAX_TRACKED_KEYS, 1),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    ...(options.onAcknowledged ? { onAcknowledged: options.onAcknowledged } : {}),
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
  };
};
