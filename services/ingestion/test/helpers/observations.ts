import type { CallObservation, ProviderParameters } from '../../src';

export const PARAMS: ProviderParameters = {
  maxBatchSize: 10,
  maxConcurrency: 10,
  latencyThresholdMs: 1_000,
  errorRateThreshold: 0.5,
  probe: { initialIntervalMs: 60_000, maxIntervalMs: 300_000, multiplier: 2, jitter: 0.5 },
};

/**
 * A batch written compactly: `o` fast ok (200 ms), `s` slow ok (2 s), `e` error, `t` timeout (30 s),
 * `4` a 429 (Retry-After 1 s), `m` a 503 with a 20 min Retry-After.
 */
export const batch = (calls: string): CallObservation[] =>
  [...calls].map((code): CallObservation => {
    switch (code) {
      case 'o':
        return { latencyMs: 200, outcome: 'ok' };
      case 's':
        return { latencyMs: 2_000, outcome: 'ok' };
      case 'e':
        return { latencyMs: 300, outcome: 'error' };
      case 't':
        return { latencyMs: 30_000, outcome: 'timeout' };
      case '4':
        return { latencyMs: 10, outcome: 'throttled', retryAfterMs: 1_000 };
      case 'm':
        return { latencyMs: 10, outcome: 'throttled', retryAfterMs: 20 * 60_000 };
      default:
        throw new Error(`Unknown call code "${code}"`);
    }
  });
