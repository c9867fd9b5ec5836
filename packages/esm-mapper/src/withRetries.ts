import { RETRYABLE_ERRORS } from './constants';
import type { Deadline } from './Deadline';
import { MappingOperationError, TimeBudgetExceededError } from './errors';
import type { Clock } from './types';

/** Whether an error from the Lambda API is worth retrying (throttling, conflicts, transient faults). */
export const isRetryable = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  if (RETRYABLE_ERRORS.has(error.name)) return true;
  const meta = (error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown }).$metadata;
  if (meta?.httpStatusCode !== undefined && meta.httpStatusCode >= 500) return true;
  if ((error as { $retryable?: unknown }).$retryable) return true;
  // Network failures below the SDK (the SDK itself does not retry: maxAttempts is 1).
  return ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'TimeoutError'].some(
    (code) => (error as { code?: string }).code === code || error.name === code,
  );
};

export interface RetryOptions {
  deadline: Deadline;
  clock: Clock;
  random: () => number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Called before each wait; for logs. */
  onRetry?: (info: { operation: string; attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * Runs `attempt` until it succeeds, retrying retryable errors with exponential backoff and **full
 * jitter** (a delay drawn uniformly in [0, min(maxDelay, base·2^n)]), so that many custom resources
 * throttled at the same moment do not retry in lockstep. Stops before a wait would cross the deadline.
 * `attempt` gets an AbortSignal that fires at the deadline, for the SDK call it makes.
 *
 * @throws TimeBudgetExceededError when time runs out, MappingOperationError for a non-retryable error.
 * @example
 * const out = await withRetries('CreateEventSourceMapping', (signal) => lambda.send(cmd, { abortSignal: signal }), options);
 */
export const withRetries = async <T>(
  operation: string,
  attempt: (signal: AbortSignal) => Promise<T>,
  options: RetryOptions,
): Promise<T> => {
  const { deadline, clock, random, baseDelayMs, maxDelayMs } = options;
  for (let attempts = 1; ; attempts++) {
    if (deadline.hasPassed()) throw new TimeBudgetExceededError(operation, attempts - 1);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), deadline.remainingMs());
    timer.unref?.();
    try {
      return await attempt(controller.signal);
    } catch (error) {
      if (controller.signal.aborted) throw new TimeBudgetExceededError(operation, attempts, error);
      if (!isRetryable(error)) {
        throw error instanceof MappingOperationError || error instanceof TimeBudgetExceededError
          ? error
          : new MappingOperationError(operation, error);
      }
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1));
      const delayMs = Math.floor(random() * ceiling);
      if (delayMs >= deadline.remainingMs()) throw new TimeBudgetExceededError(operation, attempts, error);
      options.onRetry?.({ operation, attempt: attempts, delayMs, error });
      await clock.sleep(delayMs);
    } finally {
      clearTimeout(timer);
    }
  }
};
