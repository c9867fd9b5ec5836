import { ADAPTIVE_DEFAULTS, type AdaptiveOptions } from './adaptiveOptions';
import { type AdaptiveState, adaptiveStateSchema } from './adaptiveState';
import { allowedWindow, answer, withWindow } from './adaptiveWindow';
import { type BatchHealth, batchHealth } from './batchHealth';
import { closedStep } from './closedStep';
import { openCircuit } from './openCircuit';
import { type Controller, type ControlStep, fullBatchSize, type ProviderParameters } from './types';

export { ADAPTIVE_DEFAULTS, type AdaptiveOptions } from './adaptiveOptions';

/** Half-open (a probe, or the trickle after a trip): one success closes, failures open unless trickling. */
const halfOpenStep = (
  state: AdaptiveState,
  params: ProviderParameters,
  health: BatchHealth,
  now: number,
  options: AdaptiveOptions,
): ControlStep<AdaptiveState> => {
  if (health.ok > 0 && health.failed === 0 && health.throttled === 0) {
    const lastOutageMs = state.openedAt === null ? state.lastOutageMs : now - state.openedAt;
    const closed = withWindow(
      {
        ...state,
        circuit: 'closed',
        failedProbes: 0,
        nextProbeAt: null,
        openedAt: null,
        trickleUntil: null,
        trickleCallsLeft: 0,
        lastOutageMs,
      },
      Math.min(2, allowedWindow(state, params)),
    );
    return answer(closed, 'probe succeeded: circuit closed, slow start');
  }
  const callsLeft = state.trickleCallsLeft - health.failed;
  if (state.trickleUntil !== null && now < state.trickleUntil && callsLeft > 0 && health.throttled === 0)
    return answer(
      { ...state, trickleCallsLeft: callsLeft },
      `still failing at batch size 1: up to ${callsLeft} more calls in ${Math.round((state.trickleUntil - now) / 1000)} s`,
    );
  return openCircuit(
    state,
    params,
    now,
    state.failedProbes + 1,
    health.retryAfterMs,
    state.trickleUntil === null ? 'probe failed' : 'still failing after the trickle',
    options,
  );
};

/**
 * Our controller, designed to beat the article's on the same signals:
 *
 * - **multiplicative decrease, additive increase**: errors at the threshold (at least 2 failed calls)
 *   halve the window, a batch with most calls over the latency target multiplies it by 0.75; a healthy
 *   batch (a few slow or failed calls allowed: heavy tails are normal) adds 1 — or doubles it below the
 *   ceiling (slow start), so the batch size is back to full a few batches after a recovery;
 * - **trip** when every call of a batch fails and three in a row have failed; slowness alone never
 *   trips (at concurrency 1 it is not our load). A trip first **trickles** at batch size 1 (half-open,
 *   mapping enabled) for the first probe interval — or 1.5 × the last outage when outages are short —
 *   so a quick recovery is seen on the next call, then opens;
 * - **half-open probes** at batch size 1 on a 1-minute schedule, with exponential backoff and seeded
 *   jitter (1, 2, 4, 5, 5… min by default) instead of a fixed 10 minutes, held at the initial interval
 *   while the outage is shorter than twice the last one; a good probe closes the circuit;
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
        openedAt: null,
        trickleUntil: null,
        trickleCallsLeft: 0,
        lastOutageMs: null,
        rng: seed >>> 0,
      };
    },
    parseState: (value) => adaptiveStateSchema.parse(value),

    afterBatch(previous, params, observations, now) {
      const health = batchHealth(observations, params.latencyThresholdMs);
      if (health.calls === 0 || !previous.enabled) return answer(previous, 'no calls in the batch');
      const streak = health.ok > 0 ? 0 : previous.failureStreak + health.failed;
      const state = { ...previous, failureStreak: streak };
      return state.circuit === 'half-open'
        ? halfOpenStep(state, params, health, now, settings)
        : closedStep(state, params, health, now, settings);
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
