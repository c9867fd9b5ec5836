/** Partition keys processed in parallel when `keyConcurrency` is not given. */
export const DEFAULT_KEY_CONCURRENCY = 8;

/** What happens to events of types the registry does not know, when `unknownTypes` is not given. */
export const DEFAULT_UNKNOWN_TYPES = 'skip';

/** CloudWatch namespace of the EMF metrics when `namespace` is not given. */
export const DEFAULT_METRICS_NAMESPACE = 'kes';

/** Attribute `applyIfNewer` keeps the applied version in when `versionAttribute` is not given. */
export const DEFAULT_VERSION_ATTRIBUTE = 'version';

/** Format of the dead-letter JSON objects; bumped if a field changes meaning. */
export const DEAD_LETTER_FORMAT_VERSION = 1;

/** The EMF metric names, one place so dashboards and tests agree. */
export const METRIC_NAMES = {
  batchSize: 'BatchSize',
  recordsProcessed: 'RecordsProcessed',
  recordsFailed: 'RecordsFailed',
  recordsSkipped: 'RecordsSkipped',
  recordsDeadLettered: 'RecordsDeadLettered',
  iteratorAge: 'IteratorAgeMilliseconds',
} as const;

/**
 * The first bytes of a KPL aggregated record. Lambda does not de-aggregate, so such a record reaches
 * the consumer as one opaque blob; naming it in the dead letter saves a confusing "not JSON".
 */
export const KPL_AGGREGATION_MAGIC = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2);
