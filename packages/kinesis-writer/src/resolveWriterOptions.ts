import { setTimeout as wait } from 'node:timers/promises';
import {
  DEFAULT_MAX_BUFFERED_RECORDS,
  DEFAULT_MAX_CONCURRENT_KEYS,
  DEFAULT_MAX_RECORD_SIZE_BYTES,
  DEFAULT_MAX_TRACKED_KEYS,
  DEFAULT_RETRY,
  MAX_CONFIGURABLE_RECORD_SIZE_BYTES,
} from './constants';
import type { OrderedKinesisWriterOptions, PutRecordClient, RetryOptions, WriterHooks } from './types';

/** The writer's options with every default filled in. */
export interface ResolvedWriterOptions extends WriterHooks {
  client: PutRecordClient;
  /** Stream name and/or ARN exactly as PutRecord takes them. */
  stream: { StreamName?: string; StreamARN?: string };
  maxRecordSizeBytes: number;
  maxBufferedRecords: number;
  maxConcurrentKeys: number;
  maxTrackedKeys: number;
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
 * Merges the defaults into `options` — the one place they live — and refuses values that cannot work,
 * so a misconfigured writer fails at construction rather than on its first record.
 *
 * @example
 * const resolved = resolveWriterOptions({ client, streamName: 'events', retry: { maxAttempts: 3 } });
 * resolved.retry; // { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 5000 }
 */
export const resolveWriterOptions = (options: OrderedKinesisWriterOptions): ResolvedWriterOptions => {
  if (!options.streamName && !options.streamArn) {
    throw new TypeError('OrderedKinesisWriter needs streamName or streamArn');
  }
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  requireInteger('retry.maxAttempts', retry.maxAttempts, 1);
  requireInteger('retry.baseDelayMs', retry.baseDelayMs, 0);
  requireInteger('retry.maxDelayMs', retry.maxDelayMs, retry.baseDelayMs);
  return {
    client: options.client,
    stream: {
      ...(options.streamName ? { StreamName: options.streamName } : {}),
      ...(options.streamArn ? { StreamARN: options.streamArn } : {}),
    },
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
    retry,
    sleep: options.sleep ?? ((ms) => wait(ms)),
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    ...(options.onAcknowledged ? { onAcknowledged: options.onAcknowledged } : {}),
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
  };
};
