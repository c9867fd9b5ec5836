import type { CallObservation } from './types';

/** Counts of one batch's calls, the inputs of every controller rule. */
export interface BatchHealth {
  calls: number;
  ok: number;
  /** Successful calls slower than the latency threshold. */
  slow: number;
  /** Errors and timeouts. */
  failed: number;
  throttled: number;
  /** The longest Retry-After of the batch, 0 without one. */
  retryAfterMs: number;
}

/**
 * Tallies a batch's observations against the latency threshold.
 *
 * @example
 * const { failed, calls } = batchHealth(observations, 1_000);
 */
export const batchHealth = (
  observations: readonly CallObservation[],
  latencyThresholdMs: number,
): BatchHealth => {
  const health: BatchHealth = { calls: 0, ok: 0, slow: 0, failed: 0, throttled: 0, retryAfterMs: 0 };
  for (const call of observations) {
    health.calls++;
    if (call.outcome === 'ok') {
      health.ok++;
      if (call.latencyMs > latencyThresholdMs) health.slow++;
    } else if (call.outcome === 'throttled') health.throttled++;
    else health.failed++;
    health.retryAfterMs = Math.max(health.retryAfterMs, call.retryAfterMs ?? 0);
  }
  return health;
};
