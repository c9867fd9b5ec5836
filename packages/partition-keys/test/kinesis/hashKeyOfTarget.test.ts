import { hashKeyOf, hashKeyOfTarget, InvalidHashKeyError } from '../../src';

describe('hashKeyOfTarget', () => {
  it('hashes a partition key', () => {
    expect(hashKeyOfTarget('post-1')).toBe(hashKeyOf('post-1'));
  });

  it('reads an explicit hash key as a decimal integer', () => {
    expect(hashKeyOfTarget({ explicitHashKey: '340282366920938463463374607431768211455' })).toBe(
      2n ** 128n - 1n,
    );
  });

  it('prefers the explicit hash key to the partition key', () => {
    expect(hashKeyOfTarget({ partitionKey: 'post-1', explicitHashKey: '42' })).toBe(42n);
  });

  it('refuses an explicit hash key with 40 digits, even one that starts with 1', () => {
    expect(() => hashKeyOfTarget({ explicitHashKey: '1'.repeat(40) })).toThrow(InvalidHashKeyError);
  });

  it('refuses an explicit hash key that is not a string (parsed JSON)', () => {
    expect(() => hashKeyOfTarget({ explicitHashKey: 42 as unknown as string })).toThrow(InvalidHashKeyError);
  });
});
