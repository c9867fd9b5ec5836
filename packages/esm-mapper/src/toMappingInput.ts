import type {
  CreateEventSourceMappingRequest,
  UpdateEventSourceMappingRequest,
} from '@aws-sdk/client-lambda';
import type { MappingProperties } from './mappingProperties';

type SourceKind = 'stream' | 'sqs' | 'other';

/** Kinesis and DynamoDB Streams mappings share their settings; SQS has its own defaults. */
export const sourceKindOf = (eventSourceArn: string | undefined): SourceKind => {
  const service = eventSourceArn?.split(':')[2];
  if (service === 'kinesis' || service === 'dynamodb') return 'stream';
  if (service === 'sqs') return 'sqs';
  return 'other';
};

// What Lambda uses when a setting is not given (AWS-SEMANTICS.md; Lambda API reference). Sent on Update
// for a setting removed from the template, so the mapping matches the template instead of keeping the
// old value. Empty objects and lists are how the API clears FilterCriteria, DestinationConfig,
// ScalingConfig and FunctionResponseTypes.
const RESETS: Record<SourceKind, Partial<UpdateEventSourceMappingRequest>> = {
  stream: {
    Enabled: true,
    BatchSize: 100,
    MaximumBatchingWindowInSeconds: 0,
    ParallelizationFactor: 1,
    MaximumRetryAttempts: -1,
    MaximumRecordAgeInSeconds: -1,
    BisectBatchOnFunctionError: false,
    TumblingWindowInSeconds: 0,
    FunctionResponseTypes: [],
    FilterCriteria: {},
    DestinationConfig: { OnFailure: {} },
    MetricsConfig: { Metrics: [] },
  },
  sqs: {
    Enabled: true,
    BatchSize: 10,
    MaximumBatchingWindowInSeconds: 0,
    FunctionResponseTypes: [],
    FilterCriteria: {},
    ScalingConfig: {},
    MetricsConfig: { Metrics: [] },
  },
  other: {
    Enabled: true,
    BatchSize: 100,
    FilterCriteria: {},
    DestinationConfig: { OnFailure: {} },
    MetricsConfig: { Metrics: [] },
  },
};

/** Settings UpdateEventSourceMapping accepts (the rest need a new mapping, or are only for Create). */
const settings = (props: MappingProperties): Omit<UpdateEventSourceMappingRequest, 'UUID'> => {
  const {
    EventSourceArn: _arn,
    StartingPosition: _position,
    StartingPositionTimestamp: _timestamp,
    Queues: _queues,
    Topics: _topics,
    SelfManagedEventSource: _selfManaged,
    AmazonManagedKafkaEventSourceConfig: _msk,
    SelfManagedKafkaEventSourceConfig: _kafka,
    Tags: _tags,
    KmsKeyArn,
    ...rest
  } = props;
  return {
    ...(rest as Omit<UpdateEventSourceMappingRequest, 'UUID' | 'KMSKeyArn'>),
    ...(KmsKeyArn === undefined ? {} : { KMSKeyArn: KmsKeyArn }),
  };
};

/**
 * The CreateEventSourceMapping request for the template's properties (CloudFormation's names where
 * they differ from the API's: KmsKeyArn, Tags as a list, StartingPositionTimestamp in seconds).
 *
 * @example
 * await lambda.send(new CreateEventSourceMappingCommand(toCreateInput(props)));
 */
export const toCreateInput = (props: MappingProperties): CreateEventSourceMappingRequest => {
  const { StartingPositionTimestamp, Tags, KmsKeyArn, ...rest } = props;
  return {
    ...(rest as CreateEventSourceMappingRequest),
    ...(KmsKeyArn === undefined ? {} : { KMSKeyArn: KmsKeyArn }),
    ...(StartingPositionTimestamp === undefined
      ? {}
      : { StartingPositionTimestamp: new Date(StartingPositionTimestamp * 1000) }),
    ...(Tags === undefined ? {} : { Tags: Object.fromEntries(Tags.map(({ Key, Value }) => [Key, Value])) }),
  };
};

/** What an in-place Update sends, and the settings it could not reset (no known default). */
export interface UpdatePlan {
  input: UpdateEventSourceMappingRequest;
  /** Removed from the template, no known default for this source type: left as they are. */
  notReset: string[];
}

/**
 * The UpdateEventSourceMapping request that makes mapping `uuid` match `props`: every updatable setting
 * of the template, plus the default of each setting that `oldProps` had and `props` no longer has.
 *
 * @example
 * const { input } = toUpdateInput(uuid, props, oldProps);
 * await lambda.send(new UpdateEventSourceMappingCommand(input));
 */
export const toUpdateInput = (
  uuid: string,
  props: MappingProperties,
  oldProps: Partial<MappingProperties>,
): UpdatePlan => {
  const desired = settings(props);
  const previous = settings({ FunctionName: props.FunctionName, ...oldProps });
  const defaults = RESETS[sourceKindOf(props.EventSourceArn)];
  const resets: Record<string, unknown> = {};
  const notReset: string[] = [];
  for (const key of Object.keys(previous) as Array<keyof typeof previous>) {
    if (desired[key] !== undefined || previous[key] === undefined) continue;
    if (key in defaults) resets[key] = defaults[key];
    else notReset.push(key);
  }
  return { input: { ...resets, ...desired, UUID: uuid }, notReset };
};
