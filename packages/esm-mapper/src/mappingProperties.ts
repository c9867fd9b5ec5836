import { z } from 'zod';
import { CUSTOM_RESOURCE_PROPERTIES } from './constants';
import { InvalidPropertiesError } from './errors';

// CloudFormation hands every scalar of a custom resource's properties to the handler as a string
// ("100", "true"); a direct invocation (tests, the local cloud) may pass real numbers and booleans.
const integer = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
    z
      .number({ error: 'expected an integer' })
      .int('expected an integer')
      .min(min, `expected at least ${min}`)
      .max(max, `expected at most ${max}`),
  );

const boolean = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean({ error: 'expected true or false' }),
);

const text = z.string().min(1);

/** -1 (never), or a value in [min, max]. */
const infiniteOr = (min: number, max: number) =>
  integer(-1, max).refine((value) => value === -1 || value >= min, `expected -1 or ${min}–${max}`);

const destination = z.strictObject({ Destination: text.optional() });

/**
 * The properties of `Custom::EventSourceMapping`: those of `AWS::Lambda::EventSourceMapping`, same names
 * and shapes, validated and coerced from CloudFormation's strings. Ranges are Lambda's (AWS-SEMANTICS.md).
 */
export const mappingPropertiesSchema = z.strictObject({
  FunctionName: text,
  EventSourceArn: text.optional(),
  Enabled: boolean.optional(),
  BatchSize: integer(1, 10_000).optional(),
  MaximumBatchingWindowInSeconds: integer(0, 300).optional(),
  StartingPosition: z.enum(['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP']).optional(),
  /** Seconds since the epoch, as in CloudFormation. */
  StartingPositionTimestamp: z
    .preprocess(
      (value) => (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value),
      z.number({ error: 'expected seconds since the epoch' }).nonnegative(),
    )
    .optional(),
  ParallelizationFactor: integer(1, 10).optional(),
  MaximumRetryAttempts: integer(-1, 10_000).optional(),
  MaximumRecordAgeInSeconds: infiniteOr(60, 604_800).optional(),
  BisectBatchOnFunctionError: boolean.optional(),
  TumblingWindowInSeconds: integer(0, 900).optional(),
  FunctionResponseTypes: z
    .array(z.enum(['ReportBatchItemFailures']))
    .max(1)
    .optional(),
  FilterCriteria: z
    .strictObject({ Filters: z.array(z.strictObject({ Pattern: text })).optional() })
    .optional(),
  DestinationConfig: z
    .strictObject({ OnFailure: destination.optional(), OnSuccess: destination.optional() })
    .optional(),
  KmsKeyArn: text.optional(),
  MetricsConfig: z.strictObject({ Metrics: z.array(z.enum(['EventCount'])) }).optional(),
  ScalingConfig: z.strictObject({ MaximumConcurrency: integer(2, 1_000).optional() }).optional(),
  ProvisionedPollerConfig: z
    .strictObject({
      MinimumPollers: integer(1, 200).optional(),
      MaximumPollers: integer(1, 2_000).optional(),
      PollerGroupName: text.optional(),
    })
    .optional(),
  Queues: z.array(text).optional(),
  Topics: z.array(text).optional(),
  SourceAccessConfigurations: z.array(z.strictObject({ Type: text, URI: text })).optional(),
  SelfManagedEventSource: z.strictObject({ Endpoints: z.record(z.string(), z.array(text)) }).optional(),
  AmazonManagedKafkaEventSourceConfig: z.looseObject({ ConsumerGroupId: text.optional() }).optional(),
  SelfManagedKafkaEventSourceConfig: z.looseObject({ ConsumerGroupId: text.optional() }).optional(),
  DocumentDBEventSourceConfig: z
    .strictObject({
      DatabaseName: text.optional(),
      CollectionName: text.optional(),
      FullDocument: z.enum(['UpdateLookup', 'Default']).optional(),
    })
    .optional(),
  LoggingConfig: z.looseObject({}).optional(),
  Tags: z.array(z.strictObject({ Key: text, Value: z.string() })).optional(),
});

/** Validated, coerced properties of one `Custom::EventSourceMapping`. */
export type MappingProperties = z.infer<typeof mappingPropertiesSchema>;

const describeReceived = (input: unknown, path: PropertyKey[]): string => {
  let value: unknown = input;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value === undefined ? 'nothing' : JSON.stringify(value);
};

/**
 * Validates a custom resource's ResourceProperties (ServiceToken and ServiceTimeout left aside) and
 * coerces CloudFormation's strings to numbers and booleans.
 *
 * @throws InvalidPropertiesError with one readable line per problem.
 * @example
 * parseMappingProperties({ ServiceToken, FunctionName: 'f', EventSourceArn: arn, BatchSize: '100' }).BatchSize; // 100
 */
export const parseMappingProperties = (raw: unknown): MappingProperties => {
  const input =
    raw && typeof raw === 'object'
      ? Object.fromEntries(
          Object.entries(raw).filter(
            ([key]) => !(CUSTOM_RESOURCE_PROPERTIES as readonly string[]).includes(key),
          ),
        )
      : raw;
  const result = mappingPropertiesSchema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidPropertiesError(
    result.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(properties)';
      if (issue.code === 'unrecognized_keys') {
        return `${where}: unknown propert${issue.keys.length === 1 ? 'y' : 'ies'} ${issue.keys.join(', ')}`;
      }
      return `${where}: ${issue.message}, got ${describeReceived(input, issue.path)}`;
    }),
  );
};
