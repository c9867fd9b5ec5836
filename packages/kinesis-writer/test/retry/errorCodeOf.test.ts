import { errorCodeOf } from '../../src/retry/errorCodeOf';
import { awsError, networkError, throttled } from '../helpers/awsErrors';

describe('errorCodeOf', () => {
  it('names an AWS error by its code', () => {
    expect(errorCodeOf(throttled())).toBe('ProvisionedThroughputExceededException');
    expect(errorCodeOf(awsError('InternalFailure', 500))).toBe('InternalFailure');
  });

  it('names a network error by its Node code rather than the generic Error', () => {
    expect(errorCodeOf(networkError('ECONNREFUSED'))).toBe('ECONNREFUSED');
  });

  it('falls back to the error name, then to UnknownError', () => {
    expect(errorCodeOf(new Error('socket hang up'))).toBe('Error');
    expect(errorCodeOf('boom')).toBe('UnknownError');
    expect(errorCodeOf(null)).toBe('UnknownError');
  });
});
