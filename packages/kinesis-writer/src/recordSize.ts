import { recordSizeBytes } from '@kes/envelope';
import { DEFAULT_MAX_RECORD_SIZE_BYTES, MAX_CONFIGURABLE_RECORD_SIZE_BYTES } from './constants';
import { RecordTooLargeError } from './errors';

/**
 * Bytes a record counts against Kinesis' limit: the data blob plus the UTF-8 partition key. One rule,
 * defined in `@kes/envelope`; the writer refuses with its own error type.
 *
 * @example
 * recordSizeBytes(new Uint8Array(10), 'é'); // 12: 'é' is two UTF-8 bytes
 */
export { recordSizeBytes };

/**
 * Throws {@link RecordTooLargeError} when a record would exceed the stream's maximum record size, so an
 * oversized record is refused before it is sent. A record of exactly `maxBytes` is accepted.
 *
 * @param maxBytes the stream's limit: 1 MiB by default, up to 10 MiB for a stream created with
 * `MaxRecordSizeInKiB`.
 * @example
 * assertRecordSize(bytes, 'post-1');                  // 1 MiB limit
 * assertRecordSize(bytes, 'post-1', 4 * 1024 * 1024); // a stream configured for 4 MiB records
 */
export const assertRecordSize = (
  data: Uint8Array,
  partitionKey: string,
  maxBytes: number = DEFAULT_MAX_RECORD_SIZE_BYTES,
): void => {
  // Written so NaN fails too: `NaN <= 0` and `NaN > max` are both false, and `size > NaN` never throws.
  if (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > MAX_CONFIGURABLE_RECORD_SIZE_BYTES) {
    throw new RangeError(
      `maxBytes must be an integer from 1 to ${MAX_CONFIGURABLE_RECORD_SIZE_BYTES}, got ${maxBytes}`,
    );
  }
  const size = recordSizeBytes(data, partitionKey);
  if (size > maxBytes) throw new RecordTooLargeError(size, maxBytes, partitionKey);
};
