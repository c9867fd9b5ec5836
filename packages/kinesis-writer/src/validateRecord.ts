import { MAX_EXPLICIT_HASH_KEY, MAX_PARTITION_KEY_LENGTH } from './constants';
import { InvalidRecordError } from './errors';
import { assertRecordSize } from './recordSize';
import type { PutInput } from './types';

const DECIMAL = /^(0|[1-9]\d*)$/;

/**
 * Throws {@link InvalidRecordError} or `RecordTooLargeError` for a record Kinesis would refuse, so it is
 * refused before it is queued: a partition key of 1–256 characters (UTF-16 units, the stricter count),
 * an explicit hash key that is a decimal in [0, 2^128-1], and data + partition key within `maxBytes`.
 *
 * @example
 * validateRecord({ partitionKey: 'post-1', data }, 1024 * 1024);
 */
export const validateRecord = (input: PutInput, maxBytes: number): void => {
  const { partitionKey, data, explicitHashKey } = input;
  if (
    typeof partitionKey !== 'string' ||
    partitionKey.length < 1 ||
    partitionKey.length > MAX_PARTITION_KEY_LENGTH
  ) {
    const length =
      typeof partitionKey === 'string' ? `${partitionKey.length} characters` : typeof partitionKey;
    throw new InvalidRecordError(
      'partitionKey',
      partitionKey,
      `partitionKey must be a string of 1 to ${MAX_PARTITION_KEY_LENGTH} characters, got ${length}`,
    );
  }
  if (!(data instanceof Uint8Array)) {
    throw new InvalidRecordError(
      'data',
      partitionKey,
      `data for partition key "${partitionKey}" must be a Uint8Array`,
    );
  }
  if (
    explicitHashKey !== undefined &&
    (typeof explicitHashKey !== 'string' ||
      !DECIMAL.test(explicitHashKey) ||
      BigInt(explicitHashKey) > MAX_EXPLICIT_HASH_KEY)
  ) {
    throw new InvalidRecordError(
      'explicitHashKey',
      partitionKey,
      `explicitHashKey for partition key "${partitionKey}" must be a decimal string in [0, 2^128-1], got "${String(explicitHashKey)}"`,
    );
  }
  assertRecordSize(data, partitionKey, maxBytes);
};
