const WHITESPACE = ' \t\n\r';
const SIMPLE_ESCAPES = '"\\/bfnrt';
const FOUR_HEX_DIGITS = /^[0-9a-fA-F]{4}$/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

/**
 * Says where `text` stops being JSON: "unexpected "}" at line 1, column 9 (position 8)".
 *
 * Called only after `JSON.parse` has failed, because V8's messages often leave the position out
 * ("Unexpected token '}', "{"a":}" is not valid JSON"). It scans with an explicit stack, not recursion,
 * so a body of 60 000 `[` cannot overflow the call stack and turn a 400 into a 500. Falls back to the
 * parser's own message if the scan finds nothing (JSON.parse and RFC 8259 disagree on nothing we know of).
 */
export const describeJsonSyntaxError = (text: string, parserError: unknown): string => {
  const position = firstErrorPosition(text);
  if (position === undefined) return parserError instanceof Error ? parserError.message : String(parserError);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const found = text.codePointAt(position);
  const what = found === undefined ? 'end of input' : JSON.stringify(String.fromCodePoint(found));
  return `unexpected ${what} at line ${line}, column ${column} (position ${position})`;
};

/** Offset of the first character that breaks the JSON grammar, or `undefined` when `text` is valid. */
const firstErrorPosition = (text: string): number | undefined => {
  const open: string[] = [];
  let i = 0;
  let expectingValue = true;

  const skipWhitespace = (): void => {
    while (i < text.length && WHITESPACE.includes(text.charAt(i))) i++;
  };
  // Each scan* leaves `i` after what it read on success, or on the offending character on failure.
  const scanString = (): boolean => {
    i++;
    for (;;) {
      const c = text.charAt(i);
      if (c === '' || c < ' ') return false;
      if (c === '"') {
        i++;
        return true;
      }
      if (c !== '\\') {
        i++;
        continue;
      }
      const escaped = text.charAt(i + 1);
      if (escaped === 'u' && FOUR_HEX_DIGITS.test(text.slice(i + 2, i + 6))) i += 6;
      else if (escaped !== '' && escaped !== 'u' && SIMPLE_ESCAPES.includes(escaped)) i += 2;
      else {
        i++;
        return false;
      }
    }
  };
  const scanMemberName = (): boolean => {
    skipWhitespace();
    if (text.charAt(i) !== '"' || !scanString()) return false;
    skipWhitespace();
    if (text.charAt(i) !== ':') return false;
    i++;
    return true;
  };
  const scanScalar = (): boolean => {
    const c = text.charAt(i);
    if (c === '"') return scanString();
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match) {
        // Only a lone `-` fails the pattern: the offending character is the one after it.
        i++;
        return false;
      }
      i += match[0].length;
      return true;
    }
    const literal = LITERALS.find((word) => word.startsWith(c) && c !== '');
    if (!literal) return false;
    for (const expected of literal) {
      if (text.charAt(i) !== expected) return false;
      i++;
    }
    return true;
  };

  for (;;) {
    skipWhitespace();
    const c = text.charAt(i);
    if (expectingValue) {
      if (c === '{' || c === '[') {
        i++;
        skipWhitespace();
        const close = c === '{' ? '}' : ']';
        if (text.charAt(i) === close) {
          i++;
          expectingValue = false;
        } else {
          open.push(close);
          if (close === '}' && !scanMemberName()) return i;
        }
      } else if (scanScalar()) {
        expectingValue = false;
      } else {
        return i;
      }
      continue;
    }
    const close = open.at(-1);
    if (close === undefined) return i === text.length ? undefined : i;
    if (c === close) {
      open.pop();
      i++;
    } else if (c === ',') {
      i++;
      if (close === '}' && !scanMemberName()) return i;
      expectingValue = true;
    } else {
      return i;
    }
  }
};
