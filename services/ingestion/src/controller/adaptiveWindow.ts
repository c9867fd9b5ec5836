import type { AdaptiveState } from './adaptiveState';
import { type ControlStep, fullBatchSize, type ProviderParameters } from './types';

/** The adaptive controller's answer for a state: the decision is the state's mapping. */
export const answer = (state: AdaptiveState, reason: string): ControlStep<AdaptiveState> => ({
  state,
  decision: { batchSize: state.batchSize, enabled: state.enabled, reason },
});

/** Sets the window and the batch size that follows from it (its floor, at least 1). */
export const withWindow = (state: AdaptiveState, window: number): AdaptiveState => {
  const bounded = Math.max(1, window);
  return { ...state, window: bounded, batchSize: Math.max(1, Math.floor(bounded + 1e-9)) };
};

/** The largest window allowed now: the provider's maximum, and a learned 429 cap. */
export const allowedWindow = (state: AdaptiveState, params: ProviderParameters): number =>
  Math.min(fullBatchSize(params), state.learnedCap ?? Number.POSITIVE_INFINITY);
