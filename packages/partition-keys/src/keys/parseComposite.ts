import { COMPOSITE_ESCAPE, COMPOSITE_SEPARATOR } from '../constants';
import { InvalidPartitionKeyError } from '../errors';

/**
 * The parts of a key built by {@link composite}: splits on unescaped `#` and removes the escapes.
 *
 * @example
 * parseComposite('tenant-7#post-42'); // ['tenant-7', 'post-42']
 * parseComposite('a\\#b#c');          // ['a#b', 'c']
 */
export const parseComposite = (key: string): string[] => {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < key.length; index += 1) {
    const char = key[index];
    if (char === COMPOSITE_ESCAPE) {
      const next = key[index + 1];
      if (next !== COMPOSITE_ESCAPE && next !== COMPOSITE_SEPARATOR) {
        throw new InvalidPartitionKeyError(key, `"\\" at index ${index} escapes neither "\\" nor "#"`);
      }
      current += next;
      index += 1;
    } else if (char === COMPOSITE_SEPARATOR) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
};
