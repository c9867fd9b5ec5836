/**
 * Errors the Lambda API (or Kinesis behind it) answers while a mapping operation cannot proceed *yet*:
 * throttling (the article's LimitExceededException when many mappings on one stream are created at
 * once), an operation in progress on the same mapping (ResourceConflictException,
 * ResourceInUseException) and transient service failures. Retried with backoff and full jitter.
 */
export const RETRYABLE_ERRORS: ReadonlySet<string> = new Set([
  'LimitExceededException',
  'TooManyRequestsException',
  'ResourceConflictException',
  'ResourceInUseException',
  'ProvisionedThroughputExceededException',
  'ServiceException',
  'EC2ThrottledException',
]);

/** Properties whose change replaces the mapping (as for AWS::Lambda::EventSourceMapping). */
export const REPLACEMENT_PROPERTIES = [
  'EventSourceArn',
  'StartingPosition',
  'StartingPositionTimestamp',
  'SelfManagedEventSource',
  'AmazonManagedKafkaEventSourceConfig',
  'SelfManagedKafkaEventSourceConfig',
  'Queues',
  'Topics',
] as const;

/** Properties CloudFormation adds to every custom resource; not mapping settings. */
export const CUSTOM_RESOURCE_PROPERTIES = ['ServiceToken', 'ServiceTimeout'] as const;

/** States a mapping passes through on its way to Enabled or Disabled. */
export const TRANSITIONAL_STATES: ReadonlySet<string> = new Set([
  'Creating',
  'Enabling',
  'Disabling',
  'Updating',
]);

/** Lambda event-source mapping ids are UUIDs; anything else is a placeholder of a failed Create. */
export const MAPPING_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Defaults of the retry and time-budget options (see `MapperOptions`). */
export const DEFAULTS = {
  /** Kept back from the function's remaining time to answer CloudFormation (3 PUT attempts). */
  safetyMarginMs: 20_000,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  /** Poll interval while a mapping is Creating/Updating. */
  stabilizePollMs: 2_000,
  responseAttempts: 3,
  responseAttemptTimeoutMs: 5_000,
} as const;
