import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';

export const STREAM_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/kes-dev-posts';
export const OTHER_STREAM_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/kes-dev-claps';
export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:kes-claps-dev-trackPosts';

/** Properties as CloudFormation sends them: every scalar a string. */
export const cfnProperties = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:kes-claps-dev-esmMapper',
  ServiceTimeout: '360',
  FunctionName: FUNCTION_ARN,
  EventSourceArn: STREAM_ARN,
  StartingPosition: 'TRIM_HORIZON',
  BatchSize: '100',
  MaximumBatchingWindowInSeconds: '0',
  Enabled: 'true',
  ...overrides,
});

const common = (responseURL: string) => ({
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:kes-claps-dev-esmMapper',
  ResponseURL: responseURL,
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/kes-claps-dev/guid',
  RequestId: 'request-1',
  LogicalResourceId: 'TrackPostsEventSourceMapping',
  ResourceType: 'Custom::EventSourceMapping',
});

export const createEvent = (
  responseURL: string,
  properties = cfnProperties(),
): CloudFormationCustomResourceCreateEvent => ({
  ...common(responseURL),
  RequestType: 'Create',
  ResourceProperties: properties as CloudFormationCustomResourceCreateEvent['ResourceProperties'],
});

export const updateEvent = (
  responseURL: string,
  physicalResourceId: string,
  properties: Record<string, unknown>,
  oldProperties: Record<string, unknown>,
): CloudFormationCustomResourceUpdateEvent => ({
  ...common(responseURL),
  RequestType: 'Update',
  PhysicalResourceId: physicalResourceId,
  ResourceProperties: properties as CloudFormationCustomResourceUpdateEvent['ResourceProperties'],
  OldResourceProperties: oldProperties as CloudFormationCustomResourceUpdateEvent['OldResourceProperties'],
});

export const deleteEvent = (
  responseURL: string,
  physicalResourceId: string,
  properties = cfnProperties(),
): CloudFormationCustomResourceDeleteEvent => ({
  ...common(responseURL),
  RequestType: 'Delete',
  PhysicalResourceId: physicalResourceId,
  ResourceProperties: properties as CloudFormationCustomResourceDeleteEvent['ResourceProperties'],
});

/** A Lambda context with `ms` left. */
export const contextWith = (ms: number) => ({
  getRemainingTimeInMillis: () => ms,
  logStreamName: '2026/01/01/[$LATEST]abc',
});
