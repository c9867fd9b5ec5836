import { byField, InvalidPartitionKeyError, type KeyStrategy } from '../../src';

describe('byField', () => {
  const byTenant = byField('tenantId');

  it('keys a value by a string field', () => {
    expect(byTenant({ tenantId: 't-7' })).toBe('t-7');
  });

  it('ignores the other fields', () => {
    const key = byTenant({ tenantId: 't-7', total: 3, postId: 'p-1' } as { tenantId: string });

    expect(key).toBe('t-7');
  });

  it('writes a finite number field in decimal', () => {
    expect(byField('shard')({ shard: 12 })).toBe('12');
    expect(byField('shard')({ shard: -0.5 })).toBe('-0.5');
  });

  it('is a KeyStrategy usable wherever a function from value to key is expected', () => {
    const strategy: KeyStrategy<{ tenantId: string }> = byTenant;
    const events = [{ tenantId: 'a' }, { tenantId: 'b' }];

    expect(events.map(strategy)).toEqual(['a', 'b']);
  });

  describe('refuses values it cannot key', () => {
    it('names a missing field', () => {
      expect(() => byTenant({} as { tenantId: string })).toThrow(/field "tenantId" is missing/);
    });

    it.each([
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['an object', { id: 1 }],
      ['null', null],
      ['a boolean', true],
    ])('refuses a field holding %s', (_case, value) => {
      expect(() => byTenant({ tenantId: value } as unknown as { tenantId: string })).toThrow(
        /field "tenantId" is not a string or finite number/,
      );
    });

    it('refuses an empty string field as an invalid partition key', () => {
      expect(() => byTenant({ tenantId: '' })).toThrow(/length 0/);
    });

    it('refuses a field longer than 256 characters', () => {
      expect(() => byTenant({ tenantId: 't'.repeat(257) })).toThrow(InvalidPartitionKeyError);
    });

    it('refuses a missing value (null or undefined) instead of crashing on it', () => {
      expect(() => byTenant(undefined as unknown as { tenantId: string })).toThrow(InvalidPartitionKeyError);
    });
  });
});
