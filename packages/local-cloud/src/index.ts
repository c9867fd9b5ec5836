export { DynamoDbLocal, JavaNotFoundError } from './dynamodb/DynamoDbLocal';
export { FaultInjector, type KinesisFaults, type KinesisOutage } from './kinesis/faults';
export { KinesisEmulator } from './kinesis/KinesisEmulator';
export { S3Emulator } from './s3/S3Emulator';
export { startEmulators, type TestEmulators, type TestEmulatorsOptions } from './testing/startEmulators';
export { freePort, LOOPBACK } from './util/net';
