import { ProvisioningError } from '../provision/errors';

/** Firehose's default time prefix, used when a prefix has no expressions. */
const DEFAULT_TIME_PREFIX = '!{timestamp:yyyy/MM/dd/HH}/';
const EXPRESSION = /!\{([a-zA-Z]+):([^}]*)\}/g;

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** One letter of a Java DateTimeFormatter pattern, repeated `count` times, in UTC. */
const field = (letter: string, count: number, date: Date, pattern: string): string => {
  switch (letter) {
    case 'y':
    case 'u':
      return count === 2 ? pad(date.getUTCFullYear() % 100, 2) : pad(date.getUTCFullYear(), count);
    case 'M':
      return pad(date.getUTCMonth() + 1, count);
    case 'd':
      return pad(date.getUTCDate(), count);
    case 'H':
      return pad(date.getUTCHours(), count);
    case 'm':
      return pad(date.getUTCMinutes(), count);
    case 's':
      return pad(date.getUTCSeconds(), count);
    case 'S':
      return pad(date.getUTCMilliseconds(), 3).slice(0, count).padEnd(count, '0');
    case 'D':
      return pad(
        Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1,
        count,
      );
    default:
      throw new ProvisioningError(
        'UNSUPPORTED_TIMESTAMP_PATTERN',
        `!{timestamp:${pattern}}: pattern letter "${letter}" is not emulated (use y, M, d, H, m, s, S, D and quoted literals)`,
      );
  }
};

/**
 * Formats `date` in UTC with a Java DateTimeFormatter pattern (the `!{timestamp:...}` namespace): pattern
 * letters y u M d H m s S D, text in single quotes ('' is a quote), anything else that is not a letter as
 * is. Other letters are refused, so a template does not silently produce keys that differ from AWS's.
 */
export const formatTimestamp = (pattern: string, date: Date): string => {
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const char = pattern[i] as string;
    if (char === "'") {
      const end = pattern.indexOf("'", i + 1);
      const literal = pattern.slice(i + 1, end === -1 ? pattern.length : end);
      out += literal === '' ? "'" : literal;
      i = end === -1 ? pattern.length : end + 1;
    } else if (/[a-zA-Z]/.test(char)) {
      let count = 1;
      while (pattern[i + count] === char) count++;
      out += field(char, count, date, pattern);
      i += count;
    } else {
      out += char;
      i++;
    }
  }
  return out;
};

export interface PrefixValues {
  /** Approximate arrival time of the oldest record of the object (what Firehose's timestamps use). */
  arrivalMs: number;
  /** `!{firehose:error-output-type}`: why the records failed, e.g. `processing-failed`. */
  errorOutputType?: string;
  /** `!{firehose:random-string}`: 11 characters, new for each object. */
  randomString?: string;
}

/** Expands the `!{timestamp:…}` and `!{firehose:…}` expressions of a prefix; every timestamp is the same instant. */
export const expandPrefix = (template: string, values: PrefixValues): string =>
  template.replace(EXPRESSION, (_match, namespace: string, value: string) => {
    if (namespace === 'timestamp') return formatTimestamp(value, new Date(values.arrivalMs));
    if (namespace === 'firehose' && value === 'error-output-type') {
      if (!values.errorOutputType)
        throw new ProvisioningError(
          'INVALID_PREFIX',
          `${template}: error-output-type outside an error prefix`,
        );
      return values.errorOutputType;
    }
    if (namespace === 'firehose' && value === 'random-string') return values.randomString ?? randomString();
    throw new ProvisioningError(
      'UNSUPPORTED_PREFIX_EXPRESSION',
      `${template}: !{${namespace}:${value}} is not emulated (dynamic partitioning keys are not)`,
    );
  });

const hasExpression = (prefix: string) => prefix.includes('!{');

/**
 * The prefixes Firehose actually uses, by its semantic rules: a prefix without a `timestamp` expression
 * gets `!{timestamp:yyyy/MM/dd/HH/}` appended; an unset error prefix becomes
 * `<prefix>!{firehose:error-output-type}/yyyy/MM/dd/HH/`; AWS refuses a prefix with expressions but no
 * error prefix, an error prefix with expressions but no `!{firehose:error-output-type}`, and a prefix
 * that names the error output type — so does this.
 */
export const effectivePrefixes = (
  prefix: string | undefined,
  errorOutputPrefix: string | undefined,
): { prefix: string; errorOutputPrefix: string } => {
  const main = prefix ?? '';
  const invalid = (message: string) => new ProvisioningError('INVALID_PREFIX', message);
  if (main.includes('!{firehose:error-output-type}'))
    throw invalid(`Prefix "${main}" cannot contain !{firehose:error-output-type}`);
  if (hasExpression(main) && !errorOutputPrefix)
    throw invalid(`Prefix "${main}" uses expressions: Firehose then requires an ErrorOutputPrefix`);
  if (
    errorOutputPrefix &&
    hasExpression(errorOutputPrefix) &&
    !errorOutputPrefix.includes('!{firehose:error-output-type}')
  )
    throw invalid(
      `ErrorOutputPrefix "${errorOutputPrefix}" uses expressions: it must include !{firehose:error-output-type}`,
    );
  return {
    prefix: main.includes('!{timestamp:') ? main : `${main}${DEFAULT_TIME_PREFIX}`,
    errorOutputPrefix: errorOutputPrefix ?? `${main}!{firehose:error-output-type}/${DEFAULT_TIME_PREFIX}`,
  };
};

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const randomString = (): string =>
  Array.from({ length: 11 }, () => ALPHABET[Math.floor(Math.random() * ALPHABET.length)]).join('');
