const DATA = Buffer.from('"Data":"');
const PARTITION_KEY = Buffer.from('"PartitionKey":"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Position of the quote that closes the JSON string starting at `from`. */
const closingQuote = (body: Buffer, from: number): number => {
  let at = body.indexOf(QUOTE, from);
  while (at > 0 && body[at - 1] === BACKSLASH) {
    // An escaped quote, unless the backslash is itself escaped (an even run of backslashes).
    let run = 1;
    while (body[at - 1 - run] === BACKSLASH) run++;
    if (run % 2 === 0) break;
    at = body.indexOf(QUOTE, at + 1);
  }
  return at;
};

const sumOf = (body: Buffer, field: Buffer, size: (start: number, end: number) => number): number => {
  let total = 0;
  let at = body.indexOf(field);
  while (at >= 0) {
    const start = at + field.length;
    const end = closingQuote(body, start);
    if (end < 0) break;
    total += size(start, end);
    at = body.indexOf(field, end + 1);
  }
  return total;
};

/**
 * Bytes of the records in a GetRecords response body (data plus partition keys), read straight from the
 * JSON without parsing it: base64 `Data` gives 3 bytes per 4 characters less its padding; a partition
 * key counts its JSON text (escapes make it a few bytes longer than the key, at most). Cheap enough for
 * every read, so the front parses a response only when it must be cut at 10 MiB.
 */
export const recordBytes = (body: Buffer): number =>
  sumOf(body, DATA, (start, end) => {
    const padding = (body[end - 1] === 0x3d ? 1 : 0) + (body[end - 2] === 0x3d ? 1 : 0);
    return Math.floor(((end - start) * 3) / 4) - padding;
  }) + sumOf(body, PARTITION_KEY, (start, end) => end - start);
