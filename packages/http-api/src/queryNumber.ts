import { z } from 'zod';

/** Options of {@link queryNumber}. */
export interface QueryNumberOptions {
  /** Refuse fractions. Default `false`. */
  integer?: boolean;
  min?: number;
  max?: number;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A zod schema for a number in a query string (where every value is a string), with bounds.
 *
 * Unlike `z.coerce.number()`, it refuses what is not written as a number: `z.coerce` turns `?limit=`
 * and `?limit=%20` into `0` and `?limit=0x10` into `16`. Chain `.default()` or `.optional()` for a
 * parameter that may be left out.
 *
 * @example
 * const query = z.object({
 *   limit: queryNumber({ integer: true, min: 1, max: 100 }).default(20),
 *   minScore: queryNumber({ min: 0 }).optional(),
 * });
 * // ?limit=50 → { limit: 50 }; ?limit=abc → 400 "query.limit: Expected an integer"
 */
export const queryNumber = (options: QueryNumberOptions = {}) => {
  const { integer = false, min, max } = options;
  let number = integer ? z.number().int() : z.number();
  if (min !== undefined) number = number.min(min);
  if (max !== undefined) number = number.max(max);
  return z
    .string()
    .trim()
    .regex(integer ? INTEGER : DECIMAL, integer ? 'Expected an integer' : 'Expected a number')
    .transform(Number)
    .pipe(number);
};
