import { type AdaptiveState, adaptiveStateSchema } from './adaptiveState';
import { type BatchHealth, batchHealth } from './batchHealth';
import { probeDelay } from './probeDelay';
import { type Controller, type ControlStep, fullBatchSize, type ProviderParameters } from './types';

/** Tuning of {@link createAdaptiveController}; every field has a default. */
export interface AdaptiveOptions {
  /** Window × this when errors reach the threshold (default 0.5). */
  errorDecrease: number;
  /** Window × this when more than half the calls are slow (default 0.75): slowness is a softer signal. */
  latencyDecrease: number;
  /** A batch counts as healthy with up to this share of failed calls (default 0.1)… */
  healthyErrorRate: number;
  /** …and up to this share of slow calls (default 0.2): a heavy tail is not congestion. */
  healthySlowRate: number;
  /** Failed calls in a row, none succeeding, that open the circuit (default 3): one error at batch size 1 is noise. */
  tripAfterFailures: number;
  /** A batch throttled as a whole with a Retry-After at least this long opens the circuit for it (60 s). */
  openOnRetryAfterMs: number;
  /** After this long at a learned 429 cap, one more concurrent call is tried (default 10 min). */
  capReprobeAfterMs: number;
  /** The schedule's rate (default 1 min, EventBridge's smallest); probes fire on the first tick due. */
  tickIntervalMs: number;
}

export const ADAPTIVE_DEFAULTS: AdaptiveOptions = {
  errorDecrease: 0.5,
  latencyDecrease: 0.75,
  healthyErrorRate: 0.1,
  healthySlowRate: 0.2,
  tripAfterFailures: 3,
  openOnRetryAfterMs: 60_000,
  capReprobeAfterMs: 10 * 60_000,
  tickIntervalMs: 60_000,
};

const answer = (state: AdaptiveState, reason: string): ControlStep<AdaptiveState> => ({
  state,
  decision: { batchSize: state.batchSize, enabled: state.enabled, reason },
});

/** Sets the window and the batch size that follows from it. */
const withWindow = (state: AdaptiveState, window: number): AdaptiveState => {
  const bounded = Math.max(1, window);
  return { ...state, window: bounded, batchSize: Math.max(1, Math.floor(bounded + 1e-9)) };
};

/** The largest window allowed now: the provider's maximum, and a learned 429 cap. */
const allowedWindow = (state: AdaptiveState, params: ProviderParameters): number =>
  Math.min(fullBatchSize(params), state.learnedCap ?? Number.POSITIVE_INFINITY);

/** Disables the mapping until the next probe is due. */
const open = (
  state: AdaptiveState,
  params: ProviderParameters,
  now: number,
  failedProbes: number,
  minDelayMs: number,
  reason: string,
): ControlStep<AdaptiveState> => {
  const [delay, rng] = probeDelay(params.probe, failedProbes, state.rng);
  const waitMs = Math.max(delay, minDelayMs);
  return answer(
    { ...state, enabled: false, circuit: 'open', failedProbes, nextProbeAt: now + waitMs, rng },
    `${reason}: circuit open, probe in ${Math.round(waitMs / 1000)} s`,
  );
};

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

/** Closed circuit: decrease, trip, learn a cap or grow, from one batch's health. */
const closedStep = (
  state: AdaptiveState,
  params: ProviderParameters,
  health: BatchHealth,
  now: number,
  options: AdaptiveOptions,
): ControlStep<AdaptiveState> => {
  if (health.throttled > 0) {
    if (health.throttled === health.calls && health.retryAfterMs >= options.openOnRetryAfterMs)
      return open(
        state,
        params,
        now,
        state.failedProbes,
        health.retryAfterMs,
        'provider asks to come back later',
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
    // Every call failing, at any concurrency, is not our load: come back at full speed after probing.
    return open(
      { ...state, ceiling: allowedWindow(state, params) },
      params,
      now,
      0,
      0,
      `${state.failureStreak} calls in a row failed`,
    );
  if (errorRate >= params.errorRateThreshold) {
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

/**
 * Our controller, designed to beat the article's on the same signals:
 *
 * - **multiplicative decrease, additive increase**: errors at the threshold halve the window, a batch
 *   with most calls over the latency target multiplies it by 0.75; a healthy batch (a few slow or failed
 *   calls allowed: heavy tails are normal) adds 1 — or doubles it below the ceiling (slow start), so the
 *   batch size is back to full a few batches after a recovery;
 * - **trip at once** when every call of a batch fails, or calls still fail at concurrency 1; slowness
 *   alone never opens the circuit (at concurrency 1 it is not our load);
 * - **half-open probes** at batch size 1 on a 1-minute schedule, with exponential backoff and seeded
 *   jitter (1, 2, 4, 5, 5… min by default) instead of a fixed 10 minutes; a good probe closes the circuit;
 * - **429s**: the number of calls the provider accepted becomes a learned cap (re-tried + 1 after
 *   10 min); a batch refused as a whole with a long Retry-After (maintenance) opens the circuit until then;
 * - never above the provider's concurrency limit.
 *
 * @example
 * const controller = createAdaptiveController({ healthySlowRate: 0.1 });
 * const { state, decision } = controller.afterBatch(previous, params, observations, Date.now());
 */
export const createAdaptiveController = (
  options: Partial<AdaptiveOptions> = {},
): Controller<AdaptiveState> => {
  const settings: AdaptiveOptions = { ...ADAPTIVE_DEFAULTS, ...options };
  return {
    name: 'adaptive',
    tickIntervalMs: () => settings.tickIntervalMs,
    initialState: (params, seed) => {
      const full = fullBatchSize(params);
      return {
        controller: 'adaptive',
        batchSize: full,
        enabled: true,
        circuit: 'closed',
        window: full,
        ceiling: full,
        learnedCap: null,
        learnedCapAt: null,
        failureStreak: 0,
        failedProbes: 0,
        nextProbeAt: null,
        rng: seed >>> 0,
      };
    },
    parseState: (value) => adaptiveStateSchema.parse(value),

    afterBatch(previous, params, observations, now) {
      let state = previous;
      const health = batchHealth(observations, params.latencyThresholdMs);
      if (health.calls === 0 || !state.enabled) return answer(state, 'no calls in the batch');
      const streak = health.ok > 0 ? 0 : state.failureStreak + health.failed;
      state = { ...state, failureStreak: streak };
      if (state.circuit === 'half-open') {
        if (health.failed === 0 && health.throttled === 0) {
          const closed = withWindow(
            { ...state, circuit: 'closed', failedProbes: 0, nextProbeAt: null },
            Math.min(2, allowedWindow(state, params)),
          );
          return answer(closed, 'probe succeeded: circuit closed, slow start');
        }
        return open(state, params, now, state.failedProbes + 1, health.retryAfterMs, 'probe failed');
      }
      return closedStep(state, params, health, now, settings);
    },

    onTick(state, _params, now) {
      // The schedule fires once a minute: probe on the tick nearest the due time, not the one after it.
      if (state.circuit !== 'open' || now < (state.nextProbeAt ?? 0) - settings.tickIntervalMs / 2)
        return answer(state, 'tick: nothing due');
      return answer(
        { ...withWindow(state, 1), enabled: true, circuit: 'half-open' },
        'tick: probe due, mapping enabled at batch size 1 (half-open)',
      );
    },
  };
};

/** The adaptive controller with its default tuning. */
export const adaptiveController: Controller<AdaptiveState> = createAdaptiveController();
