import {
  FlushError,
  InvalidRecordError,
  isKinesisWriterError,
  KeyBrokenError,
  KinesisWriterError,
  PutRecordFailedError,
  RecordTooLargeError,
  WriterClosedError,
} from '../src';

const failure = (retryable: boolean) =>
  new PutRecordFailedError({
    partitionKey: 'post-1',
    attempts: retryable ? 10 : 1,
    retryable,
    errorCode: retryable ? 'ProvisionedThroughputExceededException' : 'AccessDeniedException',
    cause: new Error('the AWS message'),
  });

describe('errors', () => {
  it.each([
    ['RecordTooLargeError', new RecordTooLargeError(11, 10, 'k'), 'RECORD_TOO_LARGE'],
    ['InvalidRecordError', new InvalidRecordError('partitionKey', '', 'bad key'), 'INVALID_RECORD'],
    ['PutRecordFailedError', failure(false), 'PUT_RECORD_FAILED'],
    ['KeyBrokenError', new KeyBrokenError('post-1', failure(false)), 'KEY_BROKEN'],
    ['WriterClosedError', new WriterClosedError(), 'WRITER_CLOSED'],
    ['FlushError', new FlushError([]), 'FLUSH_FAILED'],
  ])('%s has its name, a stable code and the package base class', (name, error, code) => {
    expect(error).toBeInstanceOf(KinesisWriterError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
  });

  it('says why a PutRecord failed: not retryable, or retries exhausted', () => {
    expect(failure(false).message).toBe(
      'PutRecord for partition key "post-1" failed (not retryable): AccessDeniedException: the AWS message',
    );
    expect(failure(true).message).toBe(
      'PutRecord for partition key "post-1" failed (retries exhausted after 10 attempts): ProvisionedThroughputExceededException: the AWS message',
    );
    expect(failure(true).cause).toEqual(new Error('the AWS message'));
  });

  it('names at most ten keys in a FlushError message', () => {
    const failures = Array.from({ length: 12 }, (_, index) => ({
      partitionKey: `k${index}`,
      error: new WriterClosedError(),
    }));

    expect(new FlushError(failures).message).toBe(
      '12 record(s) failed for 12 partition key(s): k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, …',
    );
  });

  it('isKinesisWriterError recognises this package’s errors, optionally by code', () => {
    const error = new WriterClosedError();

    expect(isKinesisWriterError(error)).toBe(true);
    expect(isKinesisWriterError(error, 'WRITER_CLOSED')).toBe(true);
    expect(isKinesisWriterError(error, 'KEY_BROKEN')).toBe(false);
    expect(isKinesisWriterError(new Error('other'))).toBe(false);
    expect(isKinesisWriterError({ code: 'WRITER_CLOSED' })).toBe(false);
  });
});
