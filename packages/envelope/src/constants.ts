/** Kinesis' default maximum record size (data + partition key): 1 MiB. */
export const DEFAULT_MAX_RECORD_SIZE_BYTES = 1024 * 1024;

/** The largest record a stream can be configured to accept (`MaxRecordSizeInKiB` up to 10 MiB, since Oct 2025). */
export const MAX_CONFIGURABLE_RECORD_SIZE_BYTES = 10 * 1024 * 1024;

/** Kinesis partition keys are 1–256 Unicode characters. */
export const MAX_PARTITION_KEY_LENGTH = 256;

/** Namespace for deterministic event ids (UUID v5 of `type/subjectType/subjectId/version`). */
export const EVENT_ID_NAMESPACE = '4f6c7b2e-0d1a-5c3e-9b8a-6e2d1f0a7c45';
