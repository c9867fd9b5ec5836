import { EventDecodeError } from '@kes/envelope';
import {
  DeadLetterWriteError,
  InvalidBatchError,
  InvalidOptionsError,
  isKinesisConsumerError,
  KeyProcessingError,
  KinesisConsumerError,
  RecordValidationError,
} from '../src';

describe('errors', () => {
  const cause = new Error('underlying');

  it.each([
    [new InvalidOptionsError('keyConcurrency', 'must be positive'), 'InvalidOptionsError', 'INVALID_OPTIONS'],
    [new InvalidBatchError('no Records'), 'InvalidBatchError', 'INVALID_BATCH'],
    [new KeyProcessingError(2, cause), 'KeyProcessingError', 'KEY_PROCESSING_FAILED'],
    [new RecordValidationError('bad', []), 'RecordValidationError', 'RECORD_VALIDATION_FAILED'],
    [new DeadLetterWriteError('s3://b/k', cause), 'DeadLetterWriteError', 'DEAD_LETTER_WRITE_FAILED'],
  ])('%s has its own name and a stable code under the package base class', (error, name, code) => {
    expect(error).toBeInstanceOf(KinesisConsumerError);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(isKinesisConsumerError(error)).toBe(true);
    expect(isKinesisConsumerError(error, code)).toBe(true);
    expect(isKinesisConsumerError(error, 'OTHER')).toBe(false);
  });

  it('carries context and the cause', () => {
    expect(new KeyProcessingError(2, cause)).toMatchObject({
      index: 2,
      cause,
      message: 'Item 2 of the key failed: underlying',
    });
    expect(new DeadLetterWriteError('s3://b/k', cause)).toMatchObject({ location: 's3://b/k', cause });
    expect(new InvalidOptionsError('name', 'required')).toMatchObject({
      option: 'name',
      message: 'Invalid option "name": required',
    });
    expect(new InvalidBatchError('x', 3)).toMatchObject({ recordIndex: 3 });
  });

  it('does not claim errors of other packages', () => {
    expect(isKinesisConsumerError(new EventDecodeError('bad', []))).toBe(false);
    expect(isKinesisConsumerError(new Error('x'))).toBe(false);
    expect(isKinesisConsumerError('INVALID_BATCH')).toBe(false);
  });
});
