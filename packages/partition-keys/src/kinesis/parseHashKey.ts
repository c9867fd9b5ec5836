import { MAX_HASH_KEY } from '../constants';

// The pattern PutRecord documents for ExplicitHashKey: a decimal integer without leading zeros.
const DECIMAL = /^(0|[1-9]\d{0,38})$/;

/**
 * A decimal hash key (as in `ExplicitHashKey` and `HashKeyRange`) as a bigint, or `undefined` when it is
 * not a decimal integer in 0 … 2^128 − 1. Internal: callers turn `undefined` into their own error.
 */
export const parseHashKey = (value: unknown): bigint | undefined => {
  if (typeof value !== 'string' || !DECIMAL.test(value)) return undefined;
  const hashKey = BigInt(value);
  return hashKey <= MAX_HASH_KEY ? hashKey : undefined;
};
