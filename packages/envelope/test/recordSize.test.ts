import {
  assertRecordSize,
  DEFAULT_MAX_RECORD_SIZE_BYTES,
  isEnvelopeError,
  MAX_CONFIGURABLE_RECORD_SIZE_BYTES,
  RecordTooLargeError,
  recordSizeBytes,
} from '../src';

const MIB = 1024 * 1024;
const bytes = (length: number): Uint8Array => new Uint8Array(length);

const thrownBy = (run: () => void): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('recordSizeBytes', () => {
  it('counts the data plus the partition key', () => {
    expect(recordSizeBytes(bytes(100), 'post-1')).toBe(106);
  });

  it('counts the partition key in UTF-8 bytes, not characters', () => {
    // "é" is 2 bytes, "漢" 3, "👍" 4 (one character, two UTF-16 code units).
    expect(recordSizeBytes(bytes(0), 'é')).toBe(2);
    expect(recordSizeBytes(bytes(0), '漢')).toBe(3);
    expect(recordSizeBytes(bytes(0), '👍')).toBe(4);
    expect(recordSizeBytes(bytes(10), 'aé漢👍')).toBe(10 + 1 + 2 + 3 + 4);
  });

  it('counts only the viewed bytes of a Uint8Array view', () => {
    const buffer = new ArrayBuffer(1000);

    expect(recordSizeBytes(new Uint8Array(buffer, 10, 90), 'k')).toBe(91);
  });
});

describe('assertRecordSize', () => {
  describe('with the default 1 MiB limit', () => {
    it('is 1 MiB', () => {
      expect(DEFAULT_MAX_RECORD_SIZE_BYTES).toBe(MIB);
    });

    it('accepts a record of exactly 1 MiB, data and key together', () => {
      expect(() => assertRecordSize(bytes(MIB - 6), 'post-1')).not.toThrow();
    });

    it('refuses one byte more, with the size, the limit and the partition key', () => {
      const error = thrownBy(() => assertRecordSize(bytes(MIB - 5), 'post-1'));

      expect(error).toBeInstanceOf(RecordTooLargeError);
      expect(error).toMatchObject({
        sizeBytes: MIB + 1,
        maxBytes: MIB,
        partitionKey: 'post-1',
        code: 'RECORD_TOO_LARGE',
      });
      expect((error as Error).message).toBe(
        `Record for partition key "post-1" is ${MIB + 1} bytes (data + partition key); the stream accepts at most ${MIB}`,
      );
    });

    it('counts the partition key: data of exactly 1 MiB is too large with any key', () => {
      expect(thrownBy(() => assertRecordSize(bytes(MIB), 'k'))).toMatchObject({ sizeBytes: MIB + 1 });
    });

    it('counts a multi-byte partition key in UTF-8 bytes', () => {
      // "ü" is 2 bytes: MIB - 2 of data fits with it, MIB - 1 does not.
      expect(() => assertRecordSize(bytes(MIB - 2), 'ü')).not.toThrow();
      expect(thrownBy(() => assertRecordSize(bytes(MIB - 1), 'ü'))).toMatchObject({
        sizeBytes: MIB + 1,
        partitionKey: 'ü',
      });
    });

    it('accepts small records', () => {
      expect(assertRecordSize(bytes(1), 'k')).toBeUndefined();
    });
  });

  describe('with a stream configured for larger records', () => {
    it('accepts up to a custom limit and refuses one byte over it', () => {
      const max = 4 * MIB;

      expect(() => assertRecordSize(bytes(max - 1), 'k', max)).not.toThrow();
      expect(thrownBy(() => assertRecordSize(bytes(max), 'k', max))).toMatchObject({
        sizeBytes: max + 1,
        maxBytes: max,
      });
    });

    it('allows a limit of at most 10 MiB (MaxRecordSizeInKiB 10240)', () => {
      expect(MAX_CONFIGURABLE_RECORD_SIZE_BYTES).toBe(10 * MIB);
      expect(() => assertRecordSize(bytes(10 * MIB - 1), 'k', 10 * MIB)).not.toThrow();
      expect(thrownBy(() => assertRecordSize(bytes(10 * MIB), 'k', 10 * MIB))).toBeInstanceOf(
        RecordTooLargeError,
      );
    });

    it('allows a limit smaller than the default, e.g. to leave room for aggregation overhead', () => {
      expect(thrownBy(() => assertRecordSize(bytes(100), 'k', 100))).toMatchObject({
        sizeBytes: 101,
        maxBytes: 100,
      });
    });
  });

  describe('with an invalid limit', () => {
    it.each([
      ['zero', 0],
      ['negative', -1],
      ['over 10 MiB', 10 * MIB + 1],
      ['NaN', Number.NaN],
      ['fractional', 1024.5],
      ['infinite', Number.POSITIVE_INFINITY],
    ])('throws a RangeError for a limit that is %s, before measuring anything', (_case, maxBytes) => {
      const error = thrownBy(() => assertRecordSize(bytes(20 * MIB), 'k', maxBytes));

      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toBe(
        `maxBytes must be an integer from 1 to ${10 * MIB}, got ${maxBytes}`,
      );
      expect(isEnvelopeError(error)).toBe(false);
    });
  });
});
