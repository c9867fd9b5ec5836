import { MAX_PARTITION_KEY_LENGTH, MIN_PARTITION_KEY_LENGTH } from '../constants';
import { InvalidPartitionKeyError } from '../errors';

// A lone surrogate has no UTF-8 encoding: the key Kinesis hashes would not be the one we hashed.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Returns `key` if Kinesis would accept it as a partition key, else throws {@link InvalidPartitionKeyError}.
 *
 * Length is counted in UTF-16 code units (`key.length`), which is never less than the character count,
 * so a key that passes here is within Kinesis' 256-character limit however the service counts.
 *
 * @example
 * assertPartitionKey('post-1');          // 'post-1'
 * assertPartitionKey('');                // throws InvalidPartitionKeyError
 * assertPartitionKey('x'.repeat(257));   // throws InvalidPartitionKeyError
 */
export const assertPartitionKey = (key: string): string => {
  if (typeof key !== 'string') {
    throw new InvalidPartitionKeyError(
      String(key),
      `expected a string, got ${key === null ? 'null' : typeof key}`,
    );
  }
  if (key.length < MIN_PARTITION_KEY_LENGTH || key.length > MAX_PARTITION_KEY_LENGTH) {
    throw new InvalidPartitionKeyError(
      key,
      `length ${key.length} is outside ${MIN_PARTITION_KEY_LENGTH}–${MAX_PARTITION_KEY_LENGTH} characters (Kinesis limit)`,
    );
  }
  if (LONE_SURROGATE.test(key)) {
    throw new InvalidPartitionKeyError(key, 'contains a lone UTF-16 surrogate, which has no UTF-8 encoding');
  }
  return key;
};
