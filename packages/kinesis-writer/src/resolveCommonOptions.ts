import { setTimeout as wait } from 'node:timers/promises';
import { DEFAULT_RETRY } from './constants';
import type { RetryOptions } from './types';

/** The options both writers take the same way: where to write, how to retry, and their clock. */
export interface CommonWriterOptions {
  streamName?: string;
  streamArn?: string;
  retry?: Partial<RetryOptions>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** Those options with every default filled in. */
export interface ResolvedCommonOptions {
  /** Stream name and/or ARN exactly as PutRecord and PutRecords take them. */
  stream: { StreamName?: string; StreamARN?: string };
  retry: RetryOptions;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
}

/** `value` if it is an integer in [min, max]; a RangeError naming the option otherwise. */
export const requireInteger = (
  name: string,
  value: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number => {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer between ${min} and ${max}, got ${value}`);
  }
  return value;
};

/**
 * Resolves the options both writers share, refusing a writer without a stream or with a retry policy
 * that cannot work; `writer` names the class in the error.
 *
 * @example
 * const { stream, retry } = resolveCommonOptions({ streamName: 'events', retry: { maxAttempts: 3 } }, 'OrderedKinesisWriter');
 */
export const resolveCommonOptions = (options: CommonWriterOptions, writer: string): ResolvedCommonOptions => {
  if (!options.streamName && !options.streamArn) {
    throw new TypeError(`${writer} needs streamName or streamArn`);
  }
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  requireInteger('retry.maxAttempts', retry.maxAttempts, 1);
  requireInteger('retry.baseDelayMs', retry.baseDelayMs, 0);
  requireInteger('retry.maxDelayMs', retry.maxDelayMs, retry.baseDelayMs);
  return {
    stream: {
      ...(options.streamName ? { StreamName: options.streamName } : {}),
      ...(options.streamArn ? { StreamARN: options.streamArn } : {}),
    },
    retry,
    sleep: options.sleep ?? ((ms) => wait(ms)),
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
};
