import { isRetryableError } from '../../src';
import { awsError, nonRetryableErrors, retryableErrors } from '../helpers/awsErrors';

describe('isRetryableError', () => {
  it.each(retryableErrors)('retries %s', (_, error) => {
    expect(isRetryableError(error())).toBe(true);
  });

  it.each(nonRetryableErrors)('does not retry %s', (_, error) => {
    expect(isRetryableError(error())).toBe(false);
  });

  it('retries any HTTP 5xx and no 4xx it does not know', () => {
    expect(isRetryableError(awsError('SomethingNew', 500))).toBe(true);
    expect(isRetryableError(awsError('SomethingNew', 599))).toBe(true);
    expect(isRetryableError(awsError('SomethingNew', 429))).toBe(false);
    expect(isRetryableError(awsError('ExpiredTokenException', 400))).toBe(false);
  });

  it('recognises a network error wrapped with SDK metadata', () => {
    const error = Object.assign(new Error('read ECONNRESET'), {
      code: 'ECONNRESET',
      $metadata: { attempts: 1 },
    });
    expect(isRetryableError(error)).toBe(true);
  });

  it('does not retry values that are not errors', () => {
    expect(isRetryableError(undefined)).toBe(false);
    expect(isRetryableError('ProvisionedThroughputExceededException')).toBe(false);
  });
});
