export {
  DEFAULT_DEV_SCOPES,
  type DevTokenOptions,
  devSecret,
  signDevToken,
  verifyDevToken,
} from './auth/devTokens';
export { DynamoDbLocal, JavaNotFoundError } from './dynamodb/DynamoDbLocal';
export type { MappingStats } from './esm/EventSourceMapping';
export { type EngineOptions, EventSourceMappingEngine } from './esm/EventSourceMappingEngine';
export { LambdaInvoker } from './esm/LambdaInvoker';
export { OnFailureDestination } from './esm/OnFailureDestination';
export { type ReadPriority, ShardReadScheduler } from './esm/ShardReadScheduler';
export { AsyncInvoker } from './events/AsyncInvoker';
export { CronExpression } from './events/CronExpression';
export { EventScheduler, type ScheduleStats, type TargetRun } from './events/EventScheduler';
export { isScheduleExpressionError, ScheduleExpressionError } from './events/errors';
export { ScheduleExpression } from './events/ScheduleExpression';
export type { ScheduledEvent } from './events/scheduledEvent';
export type { ScheduleDefinition } from './events/types';
export type { DeliveryStreamStats } from './firehose/DeliveryStream';
export { FirehoseEmulator, type FirehoseEmulatorOptions } from './firehose/FirehoseEmulator';
export { objectName } from './firehose/objectName';
export { effectivePrefixes, expandPrefix, formatTimestamp } from './firehose/prefixes';
export type { DeliveryStreamDefinition } from './firehose/types';
export { FaultInjector, type KinesisFaults, type KinesisOutage } from './kinesis/faults';
export {
  FaultsConfigError,
  isFaultsConfigError,
  type KinesisFaultsInput,
  kinesisFaultsSchema,
  loadKinesisFaults,
  parseKinesisFaults,
} from './kinesis/faultsConfig';
export { KinesisEmulator, type KinesisEmulatorOptions } from './kinesis/KinesisEmulator';
export { AWS_KINESIS_LIMITS, type KinesisLimits } from './kinesis/limits/KinesisLimits';
export type { LimitedOperation, ThrottleCount } from './kinesis/limits/ThrottleCounters';
export { LocalCloud, type LocalCloudOptions } from './LocalCloud';
export { type ComposeService, paramArgs, readCompose } from './provision/readCompose';
export { S3Emulator } from './s3/S3Emulator';
export {
  type FunctionEndpoint,
  type FunctionHandler,
  startFunctionEndpoint,
} from './testing/functionEndpoint';
export { LocalCloudProcess } from './testing/LocalCloudProcess';
export { readWholeStream, type ShardRecord } from './testing/readWholeStream';
export { startEmulators, type TestEmulators, type TestEmulatorsOptions } from './testing/startEmulators';
export { freePort, LOOPBACK } from './util/net';
export { oneAtATimePerFolder } from './util/oneAtATimePerFolder';
