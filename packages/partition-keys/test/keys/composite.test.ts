import { composite, InvalidPartitionKeyError, parseComposite } from '../../src';

describe('composite', () => {
  it('joins the parts with "#"', () => {
    expect(composite('tenant-7', 'post-42')).toBe('tenant-7#post-42');
  });

  it('returns a single part as it is when it holds no "#" or "\\"', () => {
    expect(composite('post-42')).toBe('post-42');
  });

  it('escapes "#" and "\\" inside a part with "\\"', () => {
    expect(composite('a#b', 'c\\d')).toBe('a\\#b#c\\\\d');
  });

  describe('never gives two different part lists the same key', () => {
    it.each<[string[], string[]]>([
      [['a#b'], ['a', 'b']],
      [
        ['a', 'b#c'],
        ['a#b', 'c'],
      ],
      [['a\\', 'b'], ['a\\#b']],
      [
        ['a\\', '#b'],
        ['a\\#', 'b'],
      ],
      [['\\'], ['\\\\']],
      [['post', '1'], ['post#1']],
    ])('%j and %j differ', (left, right) => {
      expect(composite(...left)).not.toBe(composite(...right));
    });
  });

  describe('is undone by parseComposite', () => {
    it.each<[string[]]>([
      [['tenant-7', 'post-42']],
      [['a#b', 'c']],
      [['\\', '#', '\\#', '#\\']],
      [['trailing\\']],
      [['ends#', '#starts']],
      [['é', '👍', '漢字']],
    ])('round-trips %j', (parts) => {
      expect(parseComposite(composite(...parts))).toEqual(parts);
    });
  });

  it('refuses an empty part, naming its position', () => {
    expect(() => composite('tenant-7', '')).toThrow(/part 2 of 2 is empty/);
  });

  it('refuses a part that is not a string (a missing value from JavaScript)', () => {
    expect(() => composite('tenant-7', undefined as unknown as string)).toThrow(InvalidPartitionKeyError);
  });

  it('refuses no parts at all: the key would be empty', () => {
    expect(() => composite()).toThrow(/length 0/);
  });

  it('checks the 256-character limit after escaping', () => {
    // 128 "#" escape to 256 characters: just fits; one more does not.
    expect(composite('#'.repeat(128))).toHaveLength(256);
    expect(() => composite('#'.repeat(129))).toThrow(/length 258/);
  });

  it('checks the limit on the joined key, separators included', () => {
    expect(composite('a'.repeat(128), 'b'.repeat(127))).toHaveLength(256);
    expect(() => composite('a'.repeat(128), 'b'.repeat(128))).toThrow(InvalidPartitionKeyError);
  });
});
