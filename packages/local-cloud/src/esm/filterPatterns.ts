/**
 * Lambda event filtering (FilterCriteria): a record is delivered when it matches at least one pattern;
 * the others are dropped (and checkpointed past), as on AWS. Patterns use the EventBridge syntax Lambda
 * supports: exact values, `prefix`, `suffix`, `equals-ignore-case`, `anything-but`, `numeric`, `exists`,
 * and `null`/empty string.
 */
export type FilterPattern = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const numericMatches = (conditions: unknown[], value: unknown): boolean => {
  if (typeof value !== 'number') return false;
  for (let i = 0; i < conditions.length; i += 2) {
    const op = conditions[i];
    const bound = Number(conditions[i + 1]);
    const ok =
      op === '='
        ? value === bound
        : op === '<'
          ? value < bound
          : op === '<='
            ? value <= bound
            : op === '>'
              ? value > bound
              : op === '>='
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
};

/** Whether one leaf value satisfies one entry of a pattern's value list. */
const leafMatches = (matcher: unknown, value: unknown, present: boolean): boolean => {
  if (!isObject(matcher)) return present && value === matcher;
  if ('exists' in matcher) return matcher.exists === present;
  if (!present) return false;
  if ('prefix' in matcher) return typeof value === 'string' && value.startsWith(String(matcher.prefix));
  if ('suffix' in matcher) return typeof value === 'string' && value.endsWith(String(matcher.suffix));
  if ('equals-ignore-case' in matcher) {
    return (
      typeof value === 'string' && value.toLowerCase() === String(matcher['equals-ignore-case']).toLowerCase()
    );
  }
  if ('numeric' in matcher) return numericMatches(matcher.numeric as unknown[], value);
  if ('anything-but' in matcher) {
    const excluded = matcher['anything-but'];
    const list = Array.isArray(excluded) ? excluded : [excluded];
    return !list.includes(value);
  }
  throw new Error(`Unsupported filter operator ${JSON.stringify(matcher)}`);
};

const fieldMatches = (expected: unknown, value: unknown, present: boolean): boolean => {
  if (isObject(expected)) {
    if (!present || !isObject(value)) return false;
    return matchesPattern(expected, value);
  }
  if (!Array.isArray(expected))
    throw new Error(`Filter values must be lists, got ${JSON.stringify(expected)}`);
  // A list matches when any entry matches; on an array value, when any element does.
  const values = Array.isArray(value) ? value : [value];
  return expected.some((matcher) => values.some((item) => leafMatches(matcher, item, present)));
};

/** Whether `value` matches one pattern (every field of the pattern must match). */
export const matchesPattern = (pattern: FilterPattern, value: Record<string, unknown>): boolean =>
  Object.entries(pattern).every(([field, expected]) => fieldMatches(expected, value[field], field in value));

const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

/** Whether one entry of a value list is well formed (else the message says why). */
const matcherProblem = (matcher: unknown): string | undefined => {
  if (!isObject(matcher)) return undefined;
  const [operator, ...others] = Object.keys(matcher);
  const arg = operator === undefined ? undefined : matcher[operator];
  if (operator === undefined || others.length > 0)
    return `Unsupported filter operator ${JSON.stringify(matcher)}`;
  switch (operator) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      return typeof arg === 'string' ? undefined : `${operator} needs a string`;
    case 'exists':
      return typeof arg === 'boolean' ? undefined : 'exists needs true or false';
    case 'anything-but':
      return [arg].flat().every((item) => !isObject(item) && !Array.isArray(item))
        ? undefined
        : 'anything-but needs a value or a list of values';
    case 'numeric': {
      const ok =
        Array.isArray(arg) &&
        arg.length > 0 &&
        arg.length % 2 === 0 &&
        arg.every((item, i) => (i % 2 === 0 ? NUMERIC_OPERATORS.has(item) : typeof item === 'number'));
      return ok ? undefined : 'numeric needs operator/number pairs such as [">", 0, "<=", 5]';
    }
    default:
      return `Unsupported filter operator ${JSON.stringify(matcher)}`;
  }
};

/** The first problem of a pattern (object of lists, nested objects, known operators), if any. */
const patternProblem = (pattern: Record<string, unknown>): string | undefined => {
  for (const expected of Object.values(pattern)) {
    const problem = isObject(expected)
      ? patternProblem(expected)
      : Array.isArray(expected)
        ? expected.map(matcherProblem).find(Boolean)
        : `Filter values must be lists, got ${JSON.stringify(expected)}`;
    if (problem) return problem;
  }
  return undefined;
};

/** Parses FilterCriteria patterns (JSON strings); an invalid one is a clear error at mapping creation. */
export const parseFilterPatterns = (patterns: string[] | undefined): FilterPattern[] =>
  (patterns ?? []).map((pattern) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(pattern);
    } catch (error) {
      throw new Error(`A filter pattern must be JSON (${(error as Error).message}): ${pattern}`);
    }
    if (!isObject(parsed)) throw new Error(`A filter pattern must be a JSON object: ${pattern}`);
    const problem = patternProblem(parsed);
    if (problem) throw new Error(`Invalid filter pattern ${pattern}: ${problem}`);
    return parsed;
  });

/** Whether a record passes the mapping's filters (no filters: every record passes). */
export const passesFilters = (patterns: FilterPattern[], view: Record<string, unknown>): boolean =>
  patterns.length === 0 || patterns.some((pattern) => matchesPattern(pattern, view));
