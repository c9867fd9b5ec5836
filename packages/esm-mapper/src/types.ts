import type { LambdaClient } from '@aws-sdk/client-lambda';

/** Time, injectable so tests run retries and waits without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The few Powertools Logger methods the mapper uses; a Powertools `Logger` fits. */
export interface MapperLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
  appendKeys?(keys: Record<string, unknown>): void;
  resetKeys?(): void;
}

/** The part of `LambdaClient` the mapper calls (`send`); a `LambdaClient` or a fake fits. */
export type MappingLambdaClient = Pick<LambdaClient, 'send'>;

/** Options of `createMapperHandler`; every one has a default. */
export interface MapperOptions {
  /** Lambda client; give it `maxAttempts: 1`: the mapper retries itself within the time budget. */
  lambda?: MappingLambdaClient;
  logger?: MapperLogger;
  clock?: Clock;
  /** Random number in [0, 1) for full jitter. Default `Math.random`. */
  random?: () => number;
  /** Kept back from the remaining time to answer CloudFormation. Default 20,000 ms. */
  safetyMarginMs?: number;
  /** First backoff ceiling; doubles per attempt. Default 500 ms. */
  baseDelayMs?: number;
  /** Backoff ceiling. Default 20,000 ms. */
  maxDelayMs?: number;
  /** Poll interval while a mapping is Creating/Updating. Default 2,000 ms. */
  stabilizePollMs?: number;
  /** Attempts of the ResponseURL PUT. Default 3. */
  responseAttempts?: number;
  /** Timeout of one ResponseURL PUT attempt. Default 5,000 ms. */
  responseAttemptTimeoutMs?: number;
}

/** `MapperOptions` with defaults applied. */
export type ResolvedMapperOptions = Required<MapperOptions>;

/** What CloudFormation receives at the ResponseURL. */
export interface CustomResourceResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  NoEcho?: boolean;
  Data?: Record<string, string>;
}
