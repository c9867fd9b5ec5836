import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbLocal } from '../dynamodb/DynamoDbLocal';
import type { KinesisFaults } from '../kinesis/faults';
import { KinesisEmulator } from '../kinesis/KinesisEmulator';
import type { KinesisLimits } from '../kinesis/limits/KinesisLimits';
import { S3Emulator } from '../s3/S3Emulator';
import { freePort } from '../util/net';

export interface TestEmulatorsOptions {
  /** `limits`: AWS's shard limits are on unless `false`; an object overrides some values. */
  kinesis?: boolean | { faults?: KinesisFaults; limits?: boolean | Partial<KinesisLimits> };
  dynamodb?: boolean;
  s3?: boolean;
}

export interface TestEmulators {
  kinesis?: KinesisEmulator;
  dynamodb?: DynamoDbLocal;
  s3?: S3Emulator;
  /** Environment for `createAwsClients` (endpoints and the S3RVER credentials). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts the emulators a package's integration tests need, on free ports with throw-away data, and
 * sets nothing globally: pass `env` to `createAwsClients`.
 *
 * @example
 * const emulators = await startEmulators({ kinesis: true });
 * const clients = createAwsClients(emulators.env);
 * afterAll(() => emulators.stop());
 */
export const startEmulators = async (options: TestEmulatorsOptions): Promise<TestEmulators> => {
  const dir = mkdtempSync(join(tmpdir(), 'kes-emulators-'));
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  };
  const started: TestEmulators = { env, stop: async () => undefined };
  try {
    if (options.kinesis) {
      const { faults, limits } = typeof options.kinesis === 'object' ? options.kinesis : {};
      started.kinesis = await KinesisEmulator.start({
        port: 0,
        ...(faults ? { faults } : {}),
        ...(limits === undefined ? {} : { limits }),
      });
      env.AWS_ENDPOINT_URL_KINESIS = started.kinesis.endpoint;
    }
    if (options.dynamodb) {
      started.dynamodb = await DynamoDbLocal.start({
        port: await freePort(),
        dataDir: join(dir, 'dynamodb'),
        logFile: join(dir, 'dynamodb.log'),
      });
      env.AWS_ENDPOINT_URL_DYNAMODB = started.dynamodb.endpoint;
    }
    if (options.s3) {
      started.s3 = await S3Emulator.start({ port: 0, dataDir: join(dir, 's3') });
      env.AWS_ENDPOINT_URL_S3 = started.s3.endpoint;
      env.AWS_S3_FORCE_PATH_STYLE = 'true';
    }
  } catch (error) {
    await stopAll(started);
    throw error;
  }
  started.stop = async () => {
    await stopAll(started);
    rmSync(dir, { recursive: true, force: true });
  };
  return started;
};

const stopAll = async (emulators: TestEmulators): Promise<void> => {
  await Promise.allSettled([emulators.kinesis?.stop(), emulators.dynamodb?.stop(), emulators.s3?.stop()]);
};
