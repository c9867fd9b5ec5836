import {
  EnvelopeError,
  EventDecodeError,
  isEnvelopeError,
  RecordTooLargeError,
  UnknownEventTypeError,
} from '../src';

describe('errors', () => {
  describe.each([
    [
      'EventDecodeError',
      () => new EventDecodeError('bad', [{ path: 'version', message: 'too small' }]),
      'EVENT_DECODE_FAILED',
    ],
    ['UnknownEventTypeError', () => new UnknownEventTypeError('X', ['A']), 'UNKNOWN_EVENT_TYPE'],
    ['RecordTooLargeError', () => new RecordTooLargeError(11, 10, 'k'), 'RECORD_TOO_LARGE'],
  ] as const)('%s', (name, make, code) => {
    it(`is named ${name} with the stable code ${code}`, () => {
      expect(make()).toMatchObject({ name, code });
    });

    it('is an EnvelopeError, recognised by isEnvelopeError with and without its code', () => {
      const error = make();

      expect(error).toBeInstanceOf(EnvelopeError);
      expect(error).toBeInstanceOf(Error);
      expect(isEnvelopeError(error)).toBe(true);
      expect(isEnvelopeError(error, code)).toBe(true);
      expect(isEnvelopeError(error, 'SOMETHING_ELSE')).toBe(false);
    });
  });

  it('EventDecodeError carries the issues, the event type when known, and the cause', () => {
    const cause = new SyntaxError('Unexpected token');
    const issues = [{ path: 'data.count', message: 'expected number' }];

    const error = new EventDecodeError('Invalid Counted: data.count: expected number', issues, 'Counted', {
      cause,
    });

    expect(error).toMatchObject({ issues, eventType: 'Counted', cause });
    expect(new EventDecodeError('bad', []).eventType).toBeUndefined();
  });

  it('UnknownEventTypeError names the type and the known ones', () => {
    expect(new UnknownEventTypeError('PostDeleted', ['PostPublished', 'PostEdited']).message).toBe(
      'Unknown event type "PostDeleted" (known: PostPublished, PostEdited)',
    );
  });

  it('RecordTooLargeError carries the size, the limit and the partition key', () => {
    expect(new RecordTooLargeError(1_048_577, 1_048_576, 'post-1')).toMatchObject({
      sizeBytes: 1_048_577,
      maxBytes: 1_048_576,
      partitionKey: 'post-1',
    });
  });

  it('isEnvelopeError rejects lookalikes and non-errors', () => {
    expect(isEnvelopeError(Object.assign(new Error('x'), { code: 'RECORD_TOO_LARGE' }))).toBe(false);
    expect(isEnvelopeError({ code: 'UNKNOWN_EVENT_TYPE', name: 'UnknownEventTypeError' })).toBe(false);
    expect(isEnvelopeError(null)).toBe(false);
  });
});
