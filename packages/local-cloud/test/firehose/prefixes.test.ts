import { effectivePrefixes, expandPrefix, formatTimestamp } from '../../src/firehose/prefixes';

const at = Date.UTC(2026, 0, 2, 3, 4, 5, 678); // 2026-01-02T03:04:05.678Z

describe('formatTimestamp (Java DateTimeFormatter patterns, UTC)', () => {
  it('formats the hourly layout the lake uses', () => {
    expect(formatTimestamp('yyyy/MM/dd/HH', new Date(at))).toBe('2026/01/02/03');
  });

  it('formats minutes, seconds, fractions, day of year and two-digit years', () => {
    expect(formatTimestamp('yy-MM-dd HH:mm:ss.SSS D', new Date(at))).toBe('26-01-02 03:04:05.678 2');
  });

  it('takes quoted text literally, and two quotes as one', () => {
    expect(formatTimestamp("'year='yyyy'/month='MM''", new Date(at))).toBe("year=2026/month=01'");
  });

  it('uses UTC whatever the machine time zone', () => {
    const lateEvening = Date.UTC(2026, 11, 31, 23, 59, 59);
    expect(formatTimestamp('yyyy/MM/dd/HH', new Date(lateEvening))).toBe('2026/12/31/23');
  });

  it('refuses pattern letters it does not emulate instead of writing keys AWS would not', () => {
    expect(() => formatTimestamp('yyyy-EEE', new Date(at))).toThrow(/pattern letter "E"/);
  });
});

describe('expandPrefix', () => {
  it('expands every timestamp expression to the same instant', () => {
    expect(expandPrefix('kes-dev-claps/!{timestamp:yyyy/MM/dd/HH}/', { arrivalMs: at })).toBe(
      'kes-dev-claps/2026/01/02/03/',
    );
    expect(expandPrefix('y=!{timestamp:yyyy}/m=!{timestamp:MM}/h=!{timestamp:HH}/', { arrivalMs: at })).toBe(
      'y=2026/m=01/h=03/',
    );
  });

  it('expands the error output type and random strings', () => {
    expect(
      expandPrefix('errors/!{firehose:error-output-type}/!{timestamp:yyyy}/', {
        arrivalMs: at,
        errorOutputType: 'processing-failed',
      }),
    ).toBe('errors/processing-failed/2026/');
    expect(expandPrefix('!{firehose:random-string}/', { arrivalMs: at })).toMatch(/^[a-zA-Z0-9]{11}\/$/);
  });

  it('refuses dynamic-partitioning keys, which are not emulated', () => {
    expect(() => expandPrefix('!{partitionKeyFromQuery:id}/', { arrivalMs: at })).toThrow(/not emulated/);
  });
});

describe('effectivePrefixes (Firehose semantic rules)', () => {
  it('keeps a prefix with a timestamp expression and its error prefix', () => {
    expect(effectivePrefixes('a/!{timestamp:yyyy}/', 'e/!{firehose:error-output-type}/')).toEqual({
      prefix: 'a/!{timestamp:yyyy}/',
      errorOutputPrefix: 'e/!{firehose:error-output-type}/',
    });
  });

  it('appends the default hourly layout to a prefix without a timestamp, and derives the error prefix', () => {
    expect(effectivePrefixes('raw/', undefined)).toEqual({
      prefix: 'raw/!{timestamp:yyyy/MM/dd/HH}/',
      errorOutputPrefix: 'raw/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/',
    });
    expect(effectivePrefixes(undefined, undefined).prefix).toBe('!{timestamp:yyyy/MM/dd/HH}/');
  });

  it('refuses what AWS refuses', () => {
    expect(() => effectivePrefixes('a/!{timestamp:yyyy}/', undefined)).toThrow(
      /requires an ErrorOutputPrefix/,
    );
    expect(() => effectivePrefixes('a/', 'e/!{timestamp:yyyy}/')).toThrow(/error-output-type/);
    expect(() => effectivePrefixes('a/!{firehose:error-output-type}/', 'e/')).toThrow(/cannot contain/);
  });
});
