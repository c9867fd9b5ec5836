import { nextRandom } from '../random/seededRandom';
import type { ProbeSettings } from './types';

/**
 * The wait before the next half-open probe after `failedProbes` failed ones: exponential
 * (`initialIntervalMs × multiplier^failedProbes`, capped at `maxIntervalMs`), minus a random share of
 * up to `jitter` of it, so that many providers' ventilators do not probe in step. Returns the delay and
 * the random state to persist.
 *
 * @example
 * const [delayMs, rng] = probeDelay(settings, 2, state.rng); // 4 min × (1 − jitter × r) with the defaults
 */
export const probeDelay = (
  settings: ProbeSettings,
  failedProbes: number,
  rng: number,
): [delayMs: number, nextRng: number] => {
  const base = Math.min(
    settings.maxIntervalMs,
    settings.initialIntervalMs * settings.multiplier ** Math.max(0, failedProbes),
  );
  const [r, next] = nextRandom(rng);
  return [Math.round(base * (1 - settings.jitter * r)), next];
};
