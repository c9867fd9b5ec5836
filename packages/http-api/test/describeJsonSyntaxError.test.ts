import { describeJsonSyntaxError } from '../src/describeJsonSyntaxError';

/** What the description says about `text`, which must not be valid JSON. */
const describeInvalid = (text: string): string => {
  try {
    JSON.parse(text);
  } catch (error) {
    return describeJsonSyntaxError(text, error);
  }
  throw new Error(`${JSON.stringify(text)} is valid JSON`);
};

describe('describeJsonSyntaxError', () => {
  it.each([
    ['', 'unexpected end of input at line 1, column 1 (position 0)'],
    ['{', 'unexpected end of input at line 1, column 2 (position 1)'],
    ['nul', 'unexpected end of input at line 1, column 4 (position 3)'],
    ['nulx', 'unexpected "x" at line 1, column 4 (position 3)'],
    ['True', 'unexpected "T" at line 1, column 1 (position 0)'],
    ['{"a":}', 'unexpected "}" at line 1, column 6 (position 5)'],
    ['{a:1}', 'unexpected "a" at line 1, column 2 (position 1)'],
    ['{"a" 1}', 'unexpected "1" at line 1, column 6 (position 5)'],
    ['{"a":1 "b":2}', 'unexpected "\\"" at line 1, column 8 (position 7)'],
    ['{"a":1,}', 'unexpected "}" at line 1, column 8 (position 7)'],
    ['[1,2,,3]', 'unexpected "," at line 1, column 6 (position 5)'],
    ['[1,]', 'unexpected "]" at line 1, column 4 (position 3)'],
    ['[1}', 'unexpected "}" at line 1, column 3 (position 2)'],
    ['[01]', 'unexpected "1" at line 1, column 3 (position 2)'],
    ['-', 'unexpected end of input at line 1, column 2 (position 1)'],
    ['-x', 'unexpected "x" at line 1, column 2 (position 1)'],
    ['1.', 'unexpected "." at line 1, column 2 (position 1)'],
    ['"abc', 'unexpected end of input at line 1, column 5 (position 4)'],
    ['"a\\x"', 'unexpected "x" at line 1, column 4 (position 3)'],
    ['"\\u12G4"', 'unexpected "u" at line 1, column 3 (position 2)'],
    ['"tab\there"', 'unexpected "\\t" at line 1, column 5 (position 4)'],
    ['{}x', 'unexpected "x" at line 1, column 3 (position 2)'],
    ['{\n  "a": [\n    1,\n    ]\n}', 'unexpected "]" at line 4, column 5 (position 22)'],
    ['["é", x]', 'unexpected "x" at line 1, column 7 (position 6)'],
    ['["😀" x]', 'unexpected "x" at line 1, column 7 (position 6)'],
    ['{"a":1}\u00a0', 'unexpected "\u00a0" at line 1, column 8 (position 7)'],
  ])('describes %p as %p', (text, description) => {
    expect(describeInvalid(text)).toBe(description);
  });

  it('names a multi-byte character whole', () => {
    expect(describeInvalid('[😀]')).toBe('unexpected "😀" at line 1, column 2 (position 1)');
  });

  it('scans deeply nested input without recursion', () => {
    expect(describeInvalid(`${'['.repeat(100_000)}x`)).toBe(
      'unexpected "x" at line 1, column 100001 (position 100000)',
    );
  });

  it('falls back to the parser message for text it finds valid', () => {
    expect(describeJsonSyntaxError('{"a":[1,{"b":null}],"c":"\\u00e9"}', new SyntaxError('from V8'))).toBe(
      'from V8',
    );
    expect(describeJsonSyntaxError(' -1.5e+3 ', 'not an error object')).toBe('not an error object');
  });
});
