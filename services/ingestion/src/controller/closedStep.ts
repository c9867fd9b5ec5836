import type { AdaptiveOptions } from './adaptiveOptions';
import type { AdaptiveState } from './adaptiveState';
import { allowedWindow, answer, withWindow } from './adaptiveWindow';
import type { BatchHealth } from './batchHealth';
import { openCircuit, tripCircuit } from './openCircuit';
import type { ControlStep, ProviderParameters } from './types';

/** After a healthy batch: slow start up to the ceiling, then + 1; a learned cap is re-tried now and then. */
const grow = (
  state: AdaptiveState,
  params: ProviderParameters,
  now: number,
  options: AdaptiveOptions,
): ControlStep<AdaptiveState> => {
  let next = state;
  if (
    next.learnedCap !== null &&
    next.window >= next.learnedCap &&
    now - (next.learnedCapAt ?? now) >= options.capReprobeAfterMs
  ) {
    next = { ...next, learnedCap: next.learnedCap + 1, learnedCapAt: now };
  }
  const target = next.window < next.ceiling ? Math.min(next.ceiling, next.window * 2) : next.window + 1;
  next = withWindow(next, Math.min(target, allowedWindow(next, params)));
  return answer(
    next,
    next.batchSize > state.batchSize ? 'healthy batch: window up' : 'healthy batch, at the cap',
  );
};

/**
 * The adaptive controller's step while the circuit is closed: open for a maintenance Retry-After, learn
 * a 429 cap, trip when every call failed, decrease on errors or slowness, or grow, from one batch's
 * health (`state.failureStreak` already counts this batch).
 *
 * @example
 * const { state: next } = closedStep(state, params, batchHealth(observations, 1_000), now, ADAPTIVE_DEFAULTS);
 */
export const closedStep = (
  state: AdaptiveState,
  params: ProviderParameters,
  health: BatchHealth,
  now: number,
  options: AdaptiveOptions,
): ControlStep<AdaptiveState> => {
  if (health.throttled > 0) {
    if (health.throttled === health.calls && health.retryAfterMs >= options.openOnRetryAfterMs)
      return openCircuit(
        { ...state, openedAt: now },
        params,
        now,
        state.failedProbes,
        health.retryAfterMs,
        'provider asks to come back later',
        options,
      );
    const cap = Math.max(1, health.calls - health.throttled);
    const capped = withWindow(
      { ...state, learnedCap: cap, learnedCapAt: now, ceiling: cap },
      Math.min(state.window, cap),
    );
    return answer(
      capped,
      `429 on ${health.throttled} of ${health.calls} calls: concurrency capped at ${cap}`,
    );
  }
  const errorRate = health.failed / health.calls;
  if (health.failed === health.calls && state.failureStreak >= options.tripAfterFailures)
    return tripCircuit(
      state,
      params,
      now,
      allowedWindow(state, params),
      `${state.failureStreak} calls in a row failed`,
      options,
      health.calls,
    );
  if (errorRate >= params.errorRateThreshold && health.failed >= options.minFailuresToDecrease) {
    if (state.window <= 1) return answer(state, 'a failed call at batch size 1: not enough to trip');
    const shrunk = withWindow(state, state.window * options.errorDecrease);
    return answer(
      { ...shrunk, ceiling: shrunk.window },
      `${health.failed} of ${health.calls} calls failed: window × ${options.errorDecrease}`,
    );
  }
  if (health.slow / health.calls > 0.5) {
    if (state.window <= 1) return answer(state, 'slow even at concurrency 1: not our load, keep going');
    const shrunk = withWindow(state, state.window * options.latencyDecrease);
    return answer(
      { ...shrunk, ceiling: shrunk.window },
      `${health.slow} of ${health.calls} calls slow: window × ${options.latencyDecrease}`,
    );
  }
  if (errorRate <= options.healthyErrorRate && health.slow / health.calls <= options.healthySlowRate)
    return grow(state, params, now, options);
  return answer(state, 'some calls slow or failed: window kept');
};
