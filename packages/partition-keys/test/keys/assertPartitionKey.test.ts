import { assertPartitionKey, InvalidPartitionKeyError, isPartitionKeyError } from '../../src';

const errorOf = (run: () => unknown): InvalidPartitionKeyError => {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidPartitionKeyError) return error;
    throw error;
  }
  throw new Error('expected an InvalidPartitionKeyError, nothing was thrown');
};

describe('assertPartitionKey', () => {
  describe('accepts what Kinesis accepts', () => {
    it.each([
      ['one character', 'a'],
      ['exactly 256 characters', 'k'.repeat(256)],
      ['256 two-byte UTF-8 characters (512 bytes: the limit is in characters)', 'é'.repeat(256)],
      ['a surrogate pair (an emoji)', 'post-👍'],
      ['separators and spaces', 'tenant 7#post/42'],
    ])('returns the key unchanged for %s', (_case, key) => {
      expect(assertPartitionKey(key)).toBe(key);
    });
  });

  describe('refuses what Kinesis refuses', () => {
    it('refuses the empty key, saying the length and the limit', () => {
      const error = errorOf(() => assertPartitionKey(''));

      expect(error.code).toBe('INVALID_PARTITION_KEY');
      expect(error.length).toBe(0);
      expect(error.reason).toContain('length 0 is outside 1–256');
    });

    it('refuses a key of 257 characters and keeps the whole key on the error', () => {
      const key = 'k'.repeat(257);

      const error = errorOf(() => assertPartitionKey(key));

      expect(error.partitionKey).toBe(key);
      expect(error.length).toBe(257);
      expect(error.message).toContain('length 257');
    });

    it('shortens a long key in the message so logs stay readable', () => {
      const error = errorOf(() => assertPartitionKey(`${'x'.repeat(40)}${'Z'.repeat(300)}`));

      expect(error.message).toContain(`"${'x'.repeat(40)}…"`);
      expect(error.message).not.toContain('Z');
    });
  });

  describe('counts length in UTF-16 code units, never less than the character count', () => {
    it('accepts 128 emoji (256 code units)', () => {
      const key = '👍'.repeat(128);

      expect(assertPartitionKey(key)).toBe(key);
    });

    it('refuses 129 emoji (258 code units), though they are only 129 code points', () => {
      const error = errorOf(() => assertPartitionKey('👍'.repeat(129)));

      expect(error.length).toBe(258);
    });
  });

  describe('refuses keys that have no UTF-8 encoding', () => {
    it.each([
      ['a lone high surrogate at the end', 'post-\uD83D'],
      ['a lone high surrogate before a normal character', '\uD83Dx'],
      ['a lone low surrogate', 'x\uDC4D'],
      ['surrogates in the wrong order', '\uDC4D\uD83D'],
    ])('refuses %s', (_case, key) => {
      const error = errorOf(() => assertPartitionKey(key));

      expect(error.reason).toContain('lone UTF-16 surrogate');
    });
  });

  it('refuses a value that is not a string (JavaScript callers, parsed JSON)', () => {
    const error = errorOf(() => assertPartitionKey(42 as unknown as string));

    expect(error.reason).toBe('expected a string, got number');
    expect(isPartitionKeyError(error, 'INVALID_PARTITION_KEY')).toBe(true);
  });

  it('names null as null rather than as an object', () => {
    const error = errorOf(() => assertPartitionKey(null as unknown as string));

    expect(error.reason).toBe('expected a string, got null');
  });
});
