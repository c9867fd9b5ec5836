import {
  assertRecordSize,
  DEFAULT_MAX_RECORD_SIZE_BYTES,
  InvalidRecordError,
  MAX_CONFIGURABLE_RECORD_SIZE_BYTES,
  RecordTooLargeError,
  recordSizeBytes,
  validateRecord,
} from '../src';
import { FakeKinesis } from './helpers/FakeKinesis';
import { writerFor } from './helpers/writerFor';

const MiB = 1024 * 1024;
const refusal = (run: () => void): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('recordSizeBytes', () => {
  it('counts the data bytes plus the partition key’s UTF-8 bytes', () => {
    expect(recordSizeBytes(new Uint8Array(10), 'abc')).toBe(13);
    expect(recordSizeBytes(new Uint8Array(10), 'é')).toBe(12);
    expect(recordSizeBytes(new Uint8Array(0), '🙂')).toBe(4);
  });
});

describe('assertRecordSize', () => {
  it('accepts a record of exactly the limit and refuses one byte more', () => {
    expect(() => assertRecordSize(new Uint8Array(MiB - 6), 'post-1')).not.toThrow();

    const error = refusal(() => assertRecordSize(new Uint8Array(MiB - 5), 'post-1'));

    expect(error).toBeInstanceOf(RecordTooLargeError);
    expect(error).toMatchObject({
      code: 'RECORD_TOO_LARGE',
      sizeBytes: MiB + 1,
      maxBytes: MiB,
      partitionKey: 'post-1',
    });
    expect((error as Error).message).toBe(
      `Record for partition key "post-1" is ${MiB + 1} bytes (data + partition key); the stream accepts at most ${MiB}`,
    );
  });

  it('counts a multi-byte partition key in bytes, not characters', () => {
    expect(() => assertRecordSize(new Uint8Array(98), 'é', 100)).not.toThrow();
    expect(() => assertRecordSize(new Uint8Array(99), 'é', 100)).toThrow(RecordTooLargeError);
  });

  it('defaults to 1 MiB and accepts limits up to 10 MiB only', () => {
    expect(DEFAULT_MAX_RECORD_SIZE_BYTES).toBe(MiB);
    expect(() => assertRecordSize(new Uint8Array(MiB), 'k')).toThrow(RecordTooLargeError);
    expect(() =>
      assertRecordSize(new Uint8Array(MiB), 'k', MAX_CONFIGURABLE_RECORD_SIZE_BYTES),
    ).not.toThrow();
    expect(() => assertRecordSize(new Uint8Array(1), 'k', 10 * MiB + 1)).toThrow(RangeError);
    expect(() => assertRecordSize(new Uint8Array(1), 'k', 0)).toThrow(RangeError);
    expect(() => assertRecordSize(new Uint8Array(1), 'k', Number.NaN)).toThrow(RangeError);
  });
});

describe('validateRecord', () => {
  const data = new Uint8Array(1);

  it('accepts partition keys of 1 to 256 characters', () => {
    expect(() => validateRecord({ partitionKey: 'k', data }, MiB)).not.toThrow();
    expect(() => validateRecord({ partitionKey: 'k'.repeat(256), data }, MiB)).not.toThrow();
  });

  it.each([
    ['empty', ''],
    ['257 characters', 'k'.repeat(257)],
    ['not a string', 42],
  ])('refuses a partition key that is %s', (_, partitionKey) => {
    const error = refusal(() => validateRecord({ partitionKey: partitionKey as string, data }, MiB));

    expect(error).toBeInstanceOf(InvalidRecordError);
    expect(error).toMatchObject({ code: 'INVALID_RECORD', field: 'partitionKey', partitionKey });
  });

  it.each(['0', '1', '340282366920938463463374607431768211455'])(
    'accepts explicit hash key %s',
    (explicitHashKey) => {
      expect(() => validateRecord({ partitionKey: 'k', data, explicitHashKey }, MiB)).not.toThrow();
    },
  );

  it.each(['340282366920938463463374607431768211456', '-1', '01', '1.5', '1e3', 'abc', ''])(
    'refuses explicit hash key "%s"',
    (explicitHashKey) => {
      const error = refusal(() => validateRecord({ partitionKey: 'k', data, explicitHashKey }, MiB));

      expect(error).toMatchObject({ code: 'INVALID_RECORD', field: 'explicitHashKey' });
      expect((error as Error).message).toContain('[0, 2^128-1]');
    },
  );

  it('refuses data that is not bytes, and accepts a Buffer', () => {
    expect(
      refusal(() => validateRecord({ partitionKey: 'k', data: 'text' as unknown as Uint8Array }, MiB)),
    ).toMatchObject({
      field: 'data',
    });
    expect(() => validateRecord({ partitionKey: 'k', data: Buffer.from('text') }, MiB)).not.toThrow();
  });
});

describe('OrderedKinesisWriter: records Kinesis would refuse', () => {
  it('refuses a record one byte over maxRecordSizeBytes before sending anything, and sends one at the limit', async () => {
    const fake = new FakeKinesis();
    const { writer } = writerFor(fake, { maxRecordSizeBytes: 2 * MiB });

    const over = writer.put({ partitionKey: 'post-1', data: new Uint8Array(2 * MiB - 5) });
    await expect(over).rejects.toMatchObject({
      code: 'RECORD_TOO_LARGE',
      sizeBytes: 2 * MiB + 1,
      maxBytes: 2 * MiB,
    });
    expect(fake.calls).toEqual([]);

    await writer.put({ partitionKey: 'post-1', data: new Uint8Array(2 * MiB - 6) });
    expect(fake.calls).toHaveLength(1);
  });

  it('refuses an invalid partition key or hash key without sending', async () => {
    const fake = new FakeKinesis();
    const { writer } = writerFor(fake);

    await expect(writer.put({ partitionKey: '', data: new Uint8Array(1) })).rejects.toBeInstanceOf(
      InvalidRecordError,
    );
    await expect(
      writer.put({ partitionKey: 'k', data: new Uint8Array(1), explicitHashKey: 'x' }),
    ).rejects.toMatchObject({
      field: 'explicitHashKey',
    });
    expect(fake.calls).toEqual([]);
    expect(writer.stats()).toMatchObject({ rejected: 2, sent: 0 });
  });
});
