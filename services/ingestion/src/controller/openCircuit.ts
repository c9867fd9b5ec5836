import type { AdaptiveOptions } from './adaptiveOptions';
import type { AdaptiveState } from './adaptiveState';
import { answer, withWindow } from './adaptiveWindow';
import { probeDelay } from './probeDelay';
import type { ControlStep, ProviderParameters } from './types';

/**
 * Disables the mapping until the next probe is due: exponential backoff on the failed probes, except
 * while the outage is still within `expectRecoveryWithin` × the last one (a provider whose outages are
 * short is probed at the initial interval), and never before `minDelayMs` (a Retry-After).
 */
export const openCircuit = (
  state: AdaptiveState,
  params: ProviderParameters,
  now: number,
  failedProbes: number,
  minDelayMs: number,
  reason: string,
  options: AdaptiveOptions,
): ControlStep<AdaptiveState> => {
  const openedAt = state.openedAt ?? now;
  const expectingRecovery =
    state.lastOutageMs !== null && now - openedAt < state.lastOutageMs * options.expectRecoveryWithin;
  const [delay, rng] = probeDelay(params.probe, expectingRecovery ? 0 : failedProbes, state.rng);
  const waitMs = Math.max(delay, minDelayMs);
  return answer(
    {
      ...state,
      enabled: false,
      circuit: 'open',
      failedProbes,
      nextProbeAt: now + waitMs,
      openedAt,
      trickleUntil: null,
      trickleCallsLeft: 0,
      rng,
    },
    `${reason}: circuit open, probe in ${Math.round(waitMs / 1000)} s`,
  );
};

/**
 * How long to keep calling at batch size 1 after a trip: 1.5 × the last outage when it was short
 * enough to fit within the longest probe interval (the provider tends to come back quickly), else two
 * initial probe intervals (when the backoff's first two probes would have come).
 */
const trickleMs = (state: AdaptiveState, params: ProviderParameters, options: AdaptiveOptions) => {
  const expected = (state.lastOutageMs ?? Number.POSITIVE_INFINITY) * options.trickleOutageFactor;
  return expected <= params.probe.maxIntervalMs ? expected : 2 * params.probe.initialIntervalMs;
};

/**
 * Trips the circuit after every call of a batch failed. A whole batch of at least `tripAfterFailures`
 * calls failing at once is a sudden outage, often short: with `options.trickle` it trickles at batch
 * size 1 first (half-open, mapping enabled), for at most twice as many calls as that batch made (the
 * outage then costs at most 3n calls before opening, where the article's descent makes
 * n + (n − 1) + … + 1) and at most the trickle's time; otherwise it opens at once. The ceiling stays at the window allowed
 * before the trip: every call failing is not our load, so the ramp after the recovery goes back there.
 */
export const tripCircuit = (
  state: AdaptiveState,
  params: ProviderParameters,
  now: number,
  ceiling: number,
  reason: string,
  options: AdaptiveOptions,
  trippingCalls: number,
): ControlStep<AdaptiveState> => {
  const tripped: AdaptiveState = { ...state, ceiling, openedAt: now };
  // A batch of 1 or 2 failing after the window shrank is a struggling provider: back off at once.
  if (!options.trickle || trippingCalls < options.tripAfterFailures)
    return openCircuit(tripped, params, now, 0, 0, reason, options);
  const forMs = trickleMs(state, params, options);
  return answer(
    {
      ...withWindow(tripped, 1),
      enabled: true,
      circuit: 'half-open',
      trickleUntil: now + forMs,
      trickleCallsLeft: 2 * trippingCalls,
    },
    `${reason}: half-open, up to ${2 * trippingCalls} calls at batch size 1 in ${Math.round(forMs / 1000)} s before opening`,
  );
};
