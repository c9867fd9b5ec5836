import { createHash } from 'node:crypto';
import { HASH_KEY_SPACE, hashKeyOf, InvalidPartitionKeyError, MAX_HASH_KEY } from '../../src';
import { md5HashKey, TWO_TO_128 } from '../helpers/oracle';

describe('hashKeyOf', () => {
  describe('equals the published MD5 test vectors (RFC 1321, appendix A.5) read as 128-bit integers', () => {
    it.each<[string, bigint]>([
      ['a', 0x0cc175b9c0f1b6a831c399e269772661n],
      ['abc', 0x900150983cd24fb0d6963f7d28e17f72n],
      ['message digest', 0xf96b697d7cb7938d525a2f31aaf161d0n],
      ['abcdefghijklmnopqrstuvwxyz', 0xc3fcd3d76192e4007dfb496cca67e13bn],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 0xd174ab98d277d9f5a5611c2c9f419d9fn],
      ['1234567890'.repeat(8), 0x57edf4a22be3c955ac49da2e2107b67an],
    ])('hashKeyOf(%j)', (key, expected) => {
      expect(hashKeyOf(key)).toBe(expected);
    });

    it('gives partition key "a" the decimal hash key 16955237001963240173058271559858726497', () => {
      // The form ListShards ranges and ExplicitHashKey use.
      expect(hashKeyOf('a').toString()).toBe('16955237001963240173058271559858726497');
    });
  });

  describe('agrees with MD5 computed independently in the test', () => {
    it.each([
      ['an ASCII key', 'post-42'],
      ['a key with spaces and separators', 'tenant 7#post/42'],
      ['a two-byte UTF-8 key', 'café'],
      ['a three-byte UTF-8 key', '漢字-1'],
      ['a four-byte UTF-8 key (surrogate pair)', 'clap-👏'],
      ['a 256-character key', 'k'.repeat(256)],
      ['a key whose digest starts with a zero hex digit', 'a'],
    ])('for %s', (_case, key) => {
      expect(hashKeyOf(key)).toBe(md5HashKey(key));
    });

    it('for a thousand generated keys', () => {
      const keys = Array.from({ length: 1000 }, (_, i) => `user-${i}-${'é'.repeat(i % 7)}`);

      const mismatches = keys.filter((key) => hashKeyOf(key) !== md5HashKey(key));

      expect(mismatches).toEqual([]);
    });
  });

  it('hashes the UTF-8 bytes of the key, not Latin-1 or UTF-16', () => {
    const utf8 = BigInt(
      `0x${createHash('md5')
        .update(Buffer.from([0xc3, 0xa9]))
        .digest('hex')}`,
    );
    const latin1 = BigInt(
      `0x${createHash('md5')
        .update(Buffer.from([0xe9]))
        .digest('hex')}`,
    );

    expect(hashKeyOf('é')).toBe(utf8);
    expect(hashKeyOf('é')).not.toBe(latin1);
  });

  it('always lies in 0 … 2^128 − 1', () => {
    const hashKeys = Array.from({ length: 500 }, (_, i) => hashKeyOf(`k${i}`));

    expect(hashKeys.every((hashKey) => hashKey >= 0n && hashKey <= MAX_HASH_KEY)).toBe(true);
    expect(MAX_HASH_KEY).toBe(TWO_TO_128 - 1n);
    expect(HASH_KEY_SPACE).toBe(TWO_TO_128);
  });

  it('is a pure function of the key', () => {
    expect(hashKeyOf('post-1')).toBe(hashKeyOf('post-1'));
    expect(hashKeyOf('post-1')).not.toBe(hashKeyOf('post-2'));
  });

  it.each([
    ['empty', ''],
    ['longer than 256 characters', 'k'.repeat(257)],
  ])('refuses a key that is %s, as Kinesis would', (_case, key) => {
    expect(() => hashKeyOf(key)).toThrow(InvalidPartitionKeyError);
  });
});
