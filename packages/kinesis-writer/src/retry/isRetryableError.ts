import { RETRYABLE_ERROR_CODES, RETRYABLE_NETWORK_ERRORS } from '../constants';

const namesOf = (error: object): unknown[] => {
  const { name, code, __type } = error as { name?: unknown; code?: unknown; __type?: unknown };
  return [name, code, __type];
};

/**
 * Whether sending the same record again may succeed: throttling (`ProvisionedThroughputExceededException`,
 * `LimitExceededException`, `KMSThrottlingException`, `ThrottlingException`), server failures
 * (`InternalFailure`, `ServiceUnavailable`, any HTTP 5xx) and network failures (`ECONNRESET`,
 * `ECONNREFUSED`, `EPIPE`, `ETIMEDOUT`, socket hang up, `TimeoutError`, `RequestTimeout`).
 *
 * Everything else — `ValidationException`, `InvalidArgumentException`, `ResourceNotFoundException`,
 * `AccessDeniedException`, the other `KMS*Exception`s, unknown errors — would fail the same way again.
 *
 * @example
 * isRetryableError(new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} })); // true
 */
export const isRetryableError = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const known = namesOf(error).some(
    (name) =>
      typeof name === 'string' && (RETRYABLE_ERROR_CODES.has(name) || RETRYABLE_NETWORK_ERRORS.has(name)),
  );
  if (known) return true;
  const { message, $metadata } = error as { message?: unknown; $metadata?: { httpStatusCode?: unknown } };
  if (typeof message === 'string' && message.toLowerCase().includes('socket hang up')) return true;
  const status = $metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500 && status <= 599;
};
