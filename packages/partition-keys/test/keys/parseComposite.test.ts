import { InvalidPartitionKeyError, parseComposite } from '../../src';

describe('parseComposite', () => {
  it('splits a key on "#"', () => {
    expect(parseComposite('tenant-7#post-42')).toEqual(['tenant-7', 'post-42']);
  });

  it('returns a key without separators as one part', () => {
    expect(parseComposite('post-42')).toEqual(['post-42']);
  });

  it('does not split on an escaped "#" and removes the escape', () => {
    expect(parseComposite('a\\#b#c')).toEqual(['a#b', 'c']);
  });

  it('reads an escaped "\\" as one backslash', () => {
    expect(parseComposite('a\\\\#b')).toEqual(['a\\', 'b']);
  });

  it('keeps empty parts at either end, so it also reads keys it did not build', () => {
    expect(parseComposite('#a#')).toEqual(['', 'a', '']);
  });

  it('refuses a "\\" at the end, which escapes nothing', () => {
    expect(() => parseComposite('a\\')).toThrow(InvalidPartitionKeyError);
  });

  it('refuses a "\\" before another character, naming its index', () => {
    expect(() => parseComposite('ab\\c')).toThrow(/at index 2 escapes neither/);
  });
});
