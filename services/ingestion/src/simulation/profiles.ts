import type { ProviderParameters } from '../controller/types';

const MIN = 60_000;

/**
 * A kind of provider the suite runs on (source article 003: "50+ rate-limited third-party providers
 * … some with at most X concurrent requests; one record per call; response times from 5 ms to 70 s;
 * thousands to hundreds of thousands of records"). The scenarios keep their shapes and timings and
 * take the provider's speed, concurrency and workload from here.
 */
export interface ProviderProfile {
  name: string;
  description: string;
  params: ProviderParameters;
  /** The healthy provider's latency: log-normal median and sigma. */
  latency: { medianMs: number; sigma: number };
  /** Records per scenario run (the default profile keeps the suite's original per-scenario counts). */
  records: number | null;
  /** The worker's timeout (above the provider's slowest answer). */
  callTimeoutMs: number;
}

const probe = { initialIntervalMs: MIN, maxIntervalMs: 5 * MIN, multiplier: 2, jitter: 0.5 };

/** The suite's original provider: batch size and concurrency up to 10, 1 s latency threshold. */
export const DEFAULT_PARAMETERS: ProviderParameters = {
  maxBatchSize: 10,
  maxConcurrency: 10,
  latencyThresholdMs: 1_000,
  errorRateThreshold: 0.5,
  probe,
};

/** The profiles of `npm run bench -- ingestion`; the first is the suite's original one. */
export const PROFILES: ProviderProfile[] = [
  {
    name: 'default',
    description: 'the original suite: 10 concurrent, median 300 ms, 5,000-10,000 records',
    params: DEFAULT_PARAMETERS,
    latency: { medianMs: 300, sigma: 0.6 },
    records: null,
    callTimeoutMs: 30_000,
  },
  {
    name: 'fast',
    description: 'fast API: 10 concurrent, median 50 ms, 100,000 records',
    params: { ...DEFAULT_PARAMETERS, latencyThresholdMs: 500 },
    latency: { medianMs: 50, sigma: 0.6 },
    records: 100_000,
    callTimeoutMs: 30_000,
  },
  {
    name: 'slow',
    description: 'slow API: 3 concurrent, median 8 s (1-70 s), 2,000 records',
    params: { ...DEFAULT_PARAMETERS, maxBatchSize: 3, maxConcurrency: 3, latencyThresholdMs: 30_000 },
    latency: { medianMs: 8_000, sigma: 0.8 },
    records: 2_000,
    callTimeoutMs: 90_000,
  },
  {
    name: 'high-volume',
    description: 'high-volume API: 50 concurrent, median 200 ms, 200,000 records',
    params: { ...DEFAULT_PARAMETERS, maxBatchSize: 50, maxConcurrency: 50 },
    latency: { medianMs: 200, sigma: 0.6 },
    records: 200_000,
    callTimeoutMs: 30_000,
  },
];
