/**
 * Calls a user hook and drops any error it throws: a metrics or logging hook must not break a key's
 * order or leave a record unsettled.
 *
 * @example
 * callHook(options.onRetry, { partitionKey, attempt, delayMs, errorCode, error });
 */
export const callHook = <T>(hook: ((event: T) => void) | undefined, event: T): void => {
  try {
    hook?.(event);
  } catch {
    // Deliberately ignored (see above).
  }
};
