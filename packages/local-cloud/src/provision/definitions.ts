import type { ReadPriority } from '../esm/ShardReadScheduler';

/** A Lambda function of a provisioned template; serverless-offline runs its code. */
export interface FunctionDefinition {
  stackName: string;
  logicalId: string;
  functionName: string;
  arn: string;
  /** The environment CloudFormation would give it: provider and function variables, intrinsics resolved. */
  environment: Record<string, string>;
  timeoutSeconds: number;
}

/** An event-source mapping (AWS::Lambda::EventSourceMapping), properties resolved. */
export interface MappingDefinition {
  uuid: string;
  stackName: string;
  logicalId: string;
  functionName: string;
  eventSourceArn: string;
  batchSize?: number;
  maximumBatchingWindowInSeconds?: number;
  startingPosition?: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  startingPositionTimestamp?: number;
  bisectBatchOnFunctionError?: boolean;
  maximumRetryAttempts?: number;
  maximumRecordAgeInSeconds?: number;
  functionResponseTypes?: string[];
  filterPatterns?: string[];
  enabled?: boolean;
  parallelizationFactor?: number;
  tumblingWindowInSeconds?: number;
  onFailureDestinationArn?: string;
  /**
   * Local-cloud extension, not an AWS property: take turns at reading each shard by priority (see
   * ShardReadScheduler) instead of racing the other mappings for the shard's 5 reads per second.
   */
  readPriority?: ReadPriority;
}

export interface AuthorizerDefinition {
  id: string;
  apiId: string;
  name: string;
  type: 'JWT' | 'REQUEST';
  issuer?: string;
  audience: string[];
  identitySource: string[];
}

export interface RouteDefinition {
  apiId: string;
  routeKey: string;
  functionName: string;
  authorizationType: string;
  authorizerId?: string;
  /** The route's `AuthorizationScopes` (JWT routes): a token must carry at least one of them. */
  authorizationScopes?: string[];
  stackName: string;
}

export interface HttpApiDefinition {
  apiId: string;
  name: string;
  accessLogFormat?: string;
}
