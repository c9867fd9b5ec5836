/** Kinesis partition keys are 1–256 characters (counted here as UTF-16 code units, the stricter reading). */
export const MIN_PARTITION_KEY_LENGTH = 1;

/** Kinesis partition keys are 1–256 characters (counted here as UTF-16 code units, the stricter reading). */
export const MAX_PARTITION_KEY_LENGTH = 256;

/** Number of hash keys: Kinesis maps every record into 0 … 2^128 − 1 (the width of an MD5 digest). */
export const HASH_KEY_SPACE = 2n ** 128n;

/** The largest hash key, 2^128 − 1: the `EndingHashKey` of a stream's last shard. */
export const MAX_HASH_KEY = HASH_KEY_SPACE - 1n;

/** A provisioned shard accepts at most 1,000 records per second (partition keys count). */
export const SHARD_WRITE_RECORDS_PER_SECOND = 1000;

/** A provisioned shard accepts at most 1 MiB per second (data plus partition keys). */
export const SHARD_WRITE_BYTES_PER_SECOND = 1024 * 1024;

/** Joins the parts of a {@link composite} key. */
export const COMPOSITE_SEPARATOR = '#';

/** Escapes a separator (or itself) inside a part of a {@link composite} key. */
export const COMPOSITE_ESCAPE = '\\';

/** How many of the most frequent keys a hot-key report lists unless told otherwise. */
export const DEFAULT_TOP_KEYS = 10;

/** A hot-key report warns when one key alone would use more than this fraction of a shard's write limit. */
export const DEFAULT_WARN_AT_SHARD_FRACTION = 0.5;
