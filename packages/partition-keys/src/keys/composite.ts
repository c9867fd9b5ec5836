import { COMPOSITE_ESCAPE, COMPOSITE_SEPARATOR } from '../constants';
import { InvalidPartitionKeyError } from '../errors';
import { assertPartitionKey } from './assertPartitionKey';

const SPECIAL = /[\\#]/g;

/**
 * A partition key made of several parts, joined by `#`. A `#` or `\` inside a part is escaped with `\`,
 * so different part lists always give different keys (`composite('a#b')` ≠ `composite('a', 'b')`);
 * {@link parseComposite} gives the parts back.
 *
 * Empty parts are refused: they are almost always a missing value (`composite('tenant', undefined!)`).
 *
 * @example
 * composite('tenant-7', 'post-42'); // 'tenant-7#post-42'
 * composite('a#b', 'c');            // 'a\\#b#c'
 */
export const composite = (...parts: string[]): string => {
  parts.forEach((part, index) => {
    if (typeof part !== 'string' || part.length === 0) {
      const key = parts.map(String).join(COMPOSITE_SEPARATOR);
      throw new InvalidPartitionKeyError(
        key,
        `part ${index + 1} of ${parts.length} is empty or not a string`,
      );
    }
  });
  return assertPartitionKey(parts.map(escapePart).join(COMPOSITE_SEPARATOR));
};

function escapePart(part: string): string {
  return part.replace(SPECIAL, (special) => `${COMPOSITE_ESCAPE}${special}`);
}
