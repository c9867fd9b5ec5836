import { parseFilterPatterns } from '../esm/filterPatterns';
import type { MappingDefinition } from '../provision/definitions';
import { invalidParameter } from './errors';
import type { CreateMappingRequest, DestinationConfig, FilterCriteria, UpdateMappingRequest } from './types';

/** The event sources the local engine polls. */
export type SourceKind = 'kinesis' | 'dynamodb';

/** The settings a request sets, in the engine's terms (`MappingDefinition` without identity). */
export type MappingSettings = Omit<
  MappingDefinition,
  'uuid' | 'stackName' | 'logicalId' | 'functionName' | 'eventSourceArn'
>;

export interface ValidCreateRequest {
  functionName: string;
  eventSourceArn: string;
  kind: SourceKind;
  /** Every setting, AWS's defaults filled in. */
  settings: MappingSettings;
}

export interface ValidUpdateRequest {
  functionName?: string;
  /** Only what the request changes. */
  changes: MappingSettings;
}

const STARTING_POSITIONS = ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] as const;
const ON_FAILURE_SERVICES = ['sqs', 'sns', 's3'];

/** The kind of stream an ARN names, or `undefined` for a source the local engine cannot poll. */
export const sourceKindOf = (arn: string): SourceKind | undefined => {
  if (/^arn:aws[a-zA-Z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[a-zA-Z0-9_.-]+$/.test(arn)) return 'kinesis';
  if (/^arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[a-zA-Z0-9_.-]+\/stream\/.+$/.test(arn)) {
    return 'dynamodb';
  }
  return undefined;
};

/** `1 validation error detected: …`: the wording of AWS's model constraints. */
const constraint = (member: string, value: unknown, rule: string) =>
  invalidParameter(
    `1 validation error detected: Value ${value === null ? 'null' : `'${String(value)}'`} at '${member}' failed to satisfy constraint: ${rule}`,
  );

const memberName = (field: string) => field.charAt(0).toLowerCase() + field.slice(1);

const integer = (
  body: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
): number | undefined => {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidParameter(`${field} must be an integer, got ${JSON.stringify(value)}`);
  }
  if (value < min) {
    throw constraint(memberName(field), value, `Member must have value greater than or equal to ${min}`);
  }
  if (value > max) {
    throw constraint(memberName(field), value, `Member must have value less than or equal to ${max}`);
  }
  return value;
};

const boolean = (body: Record<string, unknown>, field: string): boolean | undefined => {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw invalidParameter(`${field} must be a boolean, got ${JSON.stringify(value)}`);
  return value;
};

/** The settings Create and Update share, as given (no defaults). */
const commonSettings = (body: Record<string, unknown>, kind: SourceKind | undefined): MappingSettings => {
  const settings: MappingSettings = {
    enabled: boolean(body, 'Enabled'),
    batchSize: integer(body, 'BatchSize', 1, 10_000),
    maximumBatchingWindowInSeconds: integer(body, 'MaximumBatchingWindowInSeconds', 0, 300),
    parallelizationFactor: integer(body, 'ParallelizationFactor', 1, 10),
    maximumRecordAgeInSeconds: integer(body, 'MaximumRecordAgeInSeconds', -1, 604_800),
    maximumRetryAttempts: integer(body, 'MaximumRetryAttempts', -1, 10_000),
    tumblingWindowInSeconds: integer(body, 'TumblingWindowInSeconds', 0, 900),
    bisectBatchOnFunctionError: boolean(body, 'BisectBatchOnFunctionError'),
    functionResponseTypes: functionResponseTypes(body.FunctionResponseTypes),
    filterPatterns: filterPatterns(body.FilterCriteria),
    onFailureDestinationArn: onFailureDestination(body.DestinationConfig),
  };
  const age = settings.maximumRecordAgeInSeconds;
  if (age !== undefined && age >= 0 && age < 60) {
    throw invalidParameter(
      `MaximumRecordAgeInSeconds must be -1 (records never expire) or between 60 and 604800, got ${age}`,
    );
  }
  if (kind === 'dynamodb' && settings.batchSize !== undefined && settings.batchSize > 1_000) {
    throw invalidParameter(
      `BatchSize must be between 1 and 1000 for DynamoDB streams, got ${settings.batchSize}`,
    );
  }
  for (const key of Object.keys(settings) as Array<keyof MappingSettings>) {
    if (settings[key] === undefined) delete settings[key];
  }
  return settings;
};

const functionResponseTypes = (value: unknown): string[] | undefined => {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((type) => type !== 'ReportBatchItemFailures')) {
    throw constraint(
      'functionResponseTypes',
      JSON.stringify(value),
      'Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]',
    );
  }
  return [...new Set(value as string[])];
};

const filterPatterns = (value: unknown): string[] | undefined => {
  if (value === undefined || value === null) return undefined;
  const filters = (value as FilterCriteria).Filters ?? [];
  if (!Array.isArray(filters) || filters.some((filter) => typeof filter?.Pattern !== 'string')) {
    throw invalidParameter('Invalid filter pattern definition.');
  }
  const patterns = filters.map((filter) => filter.Pattern as string);
  try {
    parseFilterPatterns(patterns);
  } catch (error) {
    throw invalidParameter(`Invalid filter pattern definition. ${(error as Error).message}`);
  }
  return patterns;
};

const onFailureDestination = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  const config = value as DestinationConfig;
  if (config.OnSuccess?.Destination) {
    throw invalidParameter('Unsupported DestinationConfig parameter for given event source mapping type.');
  }
  const destination = config.OnFailure?.Destination;
  if (destination === undefined || destination === '') return undefined;
  const service = /^arn:aws[a-zA-Z-]*:([a-z0-9]+):/.exec(destination)?.[1];
  if (!service || !ON_FAILURE_SERVICES.includes(service)) {
    throw invalidParameter(
      `The OnFailure destination of a stream event source must be an SQS queue, an SNS topic or an S3 bucket, got ${destination}`,
    );
  }
  return destination;
};

const requiredString = (body: Record<string, unknown>, field: string): string => {
  const value = body[field];
  if (value === undefined || value === null) {
    throw constraint(memberName(field), null, 'Member must not be null');
  }
  if (typeof value !== 'string' || value === '') {
    throw invalidParameter(`${field} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
};

/**
 * Checks a CreateEventSourceMapping body as Lambda does for stream sources and fills in AWS's defaults
 * (BatchSize 100, window 0, ParallelizationFactor 1, retries and record age -1, Enabled true). Whether the
 * function and the stream exist is checked by the caller. Throws InvalidParameterValueException.
 */
export const validateCreateRequest = (request: CreateMappingRequest): ValidCreateRequest => {
  const body = request as Record<string, unknown>;
  const functionName = requiredString(body, 'FunctionName');
  const eventSourceArn = requiredString(body, 'EventSourceArn');
  const kind = sourceKindOf(eventSourceArn);
  if (!kind) {
    throw invalidParameter(
      `Unsupported event source ${eventSourceArn}: the local Lambda polls Kinesis streams and DynamoDB streams`,
    );
  }
  const position = body.StartingPosition;
  if (position === undefined || position === null) {
    throw constraint('startingPosition', null, 'Member must not be null');
  }
  if (!STARTING_POSITIONS.includes(position as (typeof STARTING_POSITIONS)[number])) {
    throw constraint(
      'startingPosition',
      position,
      `Member must satisfy enum value set: [${STARTING_POSITIONS.join(', ')}]`,
    );
  }
  if (position === 'AT_TIMESTAMP' && kind === 'dynamodb') {
    throw invalidParameter(`Unsupported starting position for arn type: ${eventSourceArn}`);
  }
  const timestamp = body.StartingPositionTimestamp;
  if (position === 'AT_TIMESTAMP' && typeof timestamp !== 'number') {
    throw invalidParameter('StartingPositionTimestamp is required when StartingPosition is AT_TIMESTAMP.');
  }
  if (position !== 'AT_TIMESTAMP' && timestamp !== undefined && timestamp !== null) {
    throw invalidParameter('StartingPositionTimestamp can only be given with StartingPosition AT_TIMESTAMP.');
  }
  const given = commonSettings(body, kind);
  const settings: MappingSettings = {
    enabled: true,
    batchSize: 100,
    maximumBatchingWindowInSeconds: 0,
    parallelizationFactor: 1,
    maximumRecordAgeInSeconds: -1,
    maximumRetryAttempts: -1,
    tumblingWindowInSeconds: 0,
    bisectBatchOnFunctionError: false,
    functionResponseTypes: [],
    ...given,
    startingPosition: position as MappingSettings['startingPosition'],
    ...(typeof timestamp === 'number' ? { startingPositionTimestamp: timestamp } : {}),
  };
  return { functionName, eventSourceArn, kind, settings };
};

/** Checks an UpdateEventSourceMapping body; `kind` is the mapping's source (for its own limits). */
export const validateUpdateRequest = (
  request: UpdateMappingRequest,
  kind: SourceKind,
): ValidUpdateRequest => {
  const body = request as Record<string, unknown>;
  const functionName = body.FunctionName === undefined ? undefined : requiredString(body, 'FunctionName');
  const changes = commonSettings(body, kind);
  // `DestinationConfig: { OnFailure: {} }` removes the destination.
  if (body.DestinationConfig && changes.onFailureDestinationArn === undefined) {
    changes.onFailureDestinationArn = undefined;
  }
  return { ...(functionName ? { functionName } : {}), changes };
};
