import type { RetryOptions } from '../types';

/**
 * Milliseconds to wait before retry number `retry` (1 for the first retry): exponential backoff with
 * full jitter, `floor(random() * min(maxDelayMs, baseDelayMs * 2^(retry-1)))`. Full jitter spreads the
 * retries of many throttled keys over the whole window instead of sending them back in waves.
 *
 * @example
 * backoffDelay(3, { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 5000 }, () => 0.5); // 100 (half of 200)
 */
export const backoffDelay = (retry: number, options: RetryOptions, random: () => number): number => {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
};
