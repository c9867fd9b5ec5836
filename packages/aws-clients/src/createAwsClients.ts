import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * The environment the clients are built from. On AWS only `AWS_REGION` matters; locally the local cloud
 * sets the endpoint variables (the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` convention), so service code
 * never asks whether it runs locally.
 */
export interface ClientEnvironment {
  AWS_REGION?: string;
  AWS_ENDPOINT_URL_KINESIS?: string;
  AWS_ENDPOINT_URL_DYNAMODB?: string;
  AWS_ENDPOINT_URL_DYNAMODB_STREAMS?: string;
  AWS_ENDPOINT_URL_S3?: string;
  AWS_ENDPOINT_URL_LAMBDA?: string;
  /** `true` for S3 emulators that only understand path-style URLs. */
  AWS_S3_FORCE_PATH_STYLE?: string;
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
  AWS_SESSION_TOKEN?: string;
}

export interface AwsClients {
  kinesis: KinesisClient;
  dynamodb: DynamoDBClient;
  /** Document client: plain JS values in and out; `undefined` attributes dropped. */
  documents: DynamoDBDocumentClient;
  dynamodbStreams: DynamoDBStreamsClient;
  s3: S3Client;
  lambda: LambdaClient;
}

const handler = (maxSockets: number) =>
  new NodeHttpHandler({
    httpAgent: new Agent({ keepAlive: true, maxSockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
  });

const endpoint = (value: string | undefined) => (value ? { endpoint: value } : {});

/**
 * Builds every AWS SDK v3 client the services use, from the environment. Clients are created lazily,
 * once per call of this function; handlers call it at module load and accept the result as an injectable
 * dependency.
 *
 * Kinesis uses the HTTP/1.1 handler: its default HTTP/2 handler (kept for SubscribeToShard) fails
 * against local emulators, and every other Kinesis call is HTTP/1.1 on AWS too.
 *
 * @example
 * const clients = createAwsClients();
 * await clients.documents.send(new GetCommand({ TableName, Key }));
 */
export interface ClientOverrides {
  /**
   * Attempts the Kinesis client makes per call (SDK default 3). Give 1 to a client used by
   * `OrderedKinesisWriter`, which retries itself without reordering and counts its retries.
   */
  kinesisMaxAttempts?: number;
  /**
   * Attempts the Lambda client makes per call (SDK default 3). Give 1 to a caller that retries itself
   * within a time budget (`@kes/esm-mapper`).
   */
  lambdaMaxAttempts?: number;
}

export const createAwsClients = (
  env: ClientEnvironment = process.env,
  overrides: ClientOverrides = {},
): AwsClients => {
  const region = env.AWS_REGION ?? 'us-east-1';
  // With the process environment the SDK's default provider chain finds (and refreshes) credentials;
  // an explicit environment (a test, a tool talking to the local cloud) brings its own.
  const credentials =
    env !== process.env && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {};
  const cache = new Map<keyof AwsClients, unknown>();
  const lazy = <K extends keyof AwsClients>(name: K, build: () => AwsClients[K]): AwsClients[K] => {
    if (!cache.has(name)) cache.set(name, build());
    return cache.get(name) as AwsClients[K];
  };
  const clients = {} as AwsClients;
  Object.defineProperties(clients, {
    kinesis: {
      get: () =>
        lazy(
          'kinesis',
          () =>
            new KinesisClient({
              region,
              ...credentials,
              ...endpoint(env.AWS_ENDPOINT_URL_KINESIS),
              requestHandler: handler(256),
              ...(overrides.kinesisMaxAttempts ? { maxAttempts: overrides.kinesisMaxAttempts } : {}),
            }),
        ),
    },
    dynamodb: {
      get: () =>
        lazy(
          'dynamodb',
          () =>
            new DynamoDBClient({
              region,
              ...credentials,
              ...endpoint(env.AWS_ENDPOINT_URL_DYNAMODB),
              requestHandler: handler(256),
            }),
        ),
    },
    documents: {
      get: () =>
        lazy('documents', () =>
          DynamoDBDocumentClient.from(clients.dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
        ),
    },
    dynamodbStreams: {
      get: () =>
        lazy(
          'dynamodbStreams',
          () =>
            new DynamoDBStreamsClient({
              region,
              ...credentials,
              ...endpoint(env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS ?? env.AWS_ENDPOINT_URL_DYNAMODB),
              requestHandler: handler(64),
            }),
        ),
    },
    s3: {
      get: () =>
        lazy(
          's3',
          () =>
            new S3Client({
              region,
              ...credentials,
              ...endpoint(env.AWS_ENDPOINT_URL_S3),
              forcePathStyle: env.AWS_S3_FORCE_PATH_STYLE === 'true',
              requestHandler: handler(64),
            }),
        ),
    },
    lambda: {
      get: () =>
        lazy(
          'lambda',
          () =>
            new LambdaClient({
              region,
              ...credentials,
              ...endpoint(env.AWS_ENDPOINT_URL_LAMBDA),
              requestHandler: handler(64),
              ...(overrides.lambdaMaxAttempts ? { maxAttempts: overrides.lambdaMaxAttempts } : {}),
            }),
        ),
    },
  });
  return clients;
};
