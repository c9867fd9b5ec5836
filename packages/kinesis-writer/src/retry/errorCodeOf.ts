const GENERIC_NAMES = new Set(['Error', 'TypeError', 'RangeError']);

/**
 * The most specific name of a failed call: the AWS error code (`error.name` of an SDK service error),
 * else a Node network code (`ECONNRESET`), else the error's name.
 *
 * @example
 * errorCodeOf(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })); // 'ECONNRESET'
 */
export const errorCodeOf = (error: unknown): string => {
  if (typeof error !== 'object' || error === null) return 'UnknownError';
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (typeof name === 'string' && name && !GENERIC_NAMES.has(name)) return name;
  if (typeof code === 'string' && code) return code;
  return typeof name === 'string' && name ? name : 'UnknownError';
};
