/** The states of an event-source mapping, as Lambda reports them. */
export type MappingState =
  | 'Creating'
  | 'Enabling'
  | 'Enabled'
  | 'Disabling'
  | 'Disabled'
  | 'Updating'
  | 'Deleting';

/** States in which an operation is under way: Update and Delete are refused until it ends. */
export const TRANSITIONAL_STATES: ReadonlySet<MappingState> = new Set([
  'Creating',
  'Enabling',
  'Disabling',
  'Updating',
  'Deleting',
]);

export interface FilterCriteria {
  Filters?: Array<{ Pattern?: string }>;
}

export interface DestinationConfig {
  OnSuccess?: { Destination?: string };
  OnFailure?: { Destination?: string };
}

/** The request body of CreateEventSourceMapping (the members the local cloud reads). */
export interface CreateMappingRequest {
  FunctionName?: unknown;
  EventSourceArn?: unknown;
  Enabled?: unknown;
  BatchSize?: unknown;
  MaximumBatchingWindowInSeconds?: unknown;
  ParallelizationFactor?: unknown;
  StartingPosition?: unknown;
  /** Epoch seconds (the SDK serializes dates as epoch seconds in this protocol). */
  StartingPositionTimestamp?: unknown;
  DestinationConfig?: unknown;
  MaximumRecordAgeInSeconds?: unknown;
  BisectBatchOnFunctionError?: unknown;
  MaximumRetryAttempts?: unknown;
  TumblingWindowInSeconds?: unknown;
  FunctionResponseTypes?: unknown;
  FilterCriteria?: unknown;
}

/** The request body of UpdateEventSourceMapping: what Create accepts except the source and its position. */
export type UpdateMappingRequest = Omit<
  CreateMappingRequest,
  'EventSourceArn' | 'StartingPosition' | 'StartingPositionTimestamp'
>;

/** EventSourceMappingConfiguration, as Create/Get/Update/Delete/List answer it for stream sources. */
export interface EventSourceMappingConfiguration {
  UUID: string;
  EventSourceMappingArn: string;
  StartingPosition: string;
  StartingPositionTimestamp?: number;
  BatchSize: number;
  MaximumBatchingWindowInSeconds: number;
  ParallelizationFactor: number;
  EventSourceArn: string;
  FilterCriteria?: { Filters: Array<{ Pattern: string }> };
  FunctionArn: string;
  /** Epoch seconds, with milliseconds as a fraction. */
  LastModified: number;
  LastProcessingResult: string;
  State: MappingState;
  StateTransitionReason: string;
  DestinationConfig: { OnFailure: { Destination?: string } };
  MaximumRecordAgeInSeconds: number;
  BisectBatchOnFunctionError: boolean;
  MaximumRetryAttempts: number;
  TumblingWindowInSeconds: number;
  FunctionResponseTypes: string[];
}

/** A function the local Lambda knows: what the templates declared. */
export interface LocalFunction {
  functionName: string;
  arn: string;
}
