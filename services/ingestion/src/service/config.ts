import { requireEnv } from '@kes/aws-clients';
import { type ProviderParameters, providerParametersSchema } from '../controller/types';

/** The deployment's settings (serverless-compose params → function environment). */
export interface IngestionConfig {
  provider: string;
  controller: string;
  params: ProviderParameters;
  maxAttempts: number;
  workerTimeoutMs: number;
}

const number = (name: string): number => {
  const value = Number(requireEnv(name));
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number`);
  return value;
};

export const readConfig = (): IngestionConfig => ({
  provider: requireEnv('PROVIDER'),
  controller: requireEnv('CONTROLLER'),
  params: providerParametersSchema.parse({
    maxBatchSize: number('MAX_BATCH_SIZE'),
    maxConcurrency: number('MAX_CONCURRENCY'),
    latencyThresholdMs: number('LATENCY_THRESHOLD_MS'),
    errorRateThreshold: number('ERROR_RATE_THRESHOLD'),
    probe: {
      initialIntervalMs: number('PROBE_INITIAL_MS'),
      maxIntervalMs: number('PROBE_MAX_MS'),
      multiplier: 2,
      jitter: 0.5,
    },
  }),
  maxAttempts: number('MAX_ATTEMPTS'),
  workerTimeoutMs: number('WORKER_TIMEOUT_MS'),
});
