export { devSecret, signDevToken, verifyDevToken } from './auth/devTokens';
export { DynamoDbLocal, JavaNotFoundError } from './dynamodb/DynamoDbLocal';
export type { MappingStats } from './esm/EventSourceMapping';
export { FaultInjector, type KinesisFaults, type KinesisOutage } from './kinesis/faults';
export { KinesisEmulator } from './kinesis/KinesisEmulator';
export { LocalCloud, type LocalCloudOptions } from './LocalCloud';
export { S3Emulator } from './s3/S3Emulator';
export { startEmulators, type TestEmulators, type TestEmulatorsOptions } from './testing/startEmulators';
export { freePort, LOOPBACK } from './util/net';
