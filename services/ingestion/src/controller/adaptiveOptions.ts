/** Tuning of the adaptive controller (`createAdaptiveController`); every field has a default. */
export interface AdaptiveOptions {
  /** Window × this when errors reach the threshold (default 0.5). */
  errorDecrease: number;
  /** Window × this when more than half the calls are slow (default 0.75): slowness is a softer signal. */
  latencyDecrease: number;
  /** A batch counts as healthy with up to this share of failed calls (default 0.1)… */
  healthyErrorRate: number;
  /** …and up to this share of slow calls (default 0.2): a heavy tail is not congestion. */
  healthySlowRate: number;
  /** Fewest failed calls that shrink the window (default 2): 1 error in a batch of 2 is a 1% error rate's noise. */
  minFailuresToDecrease: number;
  /** Failed calls in a row, none succeeding, that trip the circuit (default 3): one error at batch size 1 is noise. */
  tripAfterFailures: number;
  /**
   * After a trip, keep calling at batch size 1 (half-open, mapping enabled) for a while before opening
   * (default true): for the first probe interval, or for 1.5 × the last outage when that was short. A
   * recovery is then seen on the next call rather than on the next tick of the schedule.
   */
  trickle: boolean;
  /** The trickle lasts this × the last outage when that fits within the longest probe interval (1.5). */
  trickleOutageFactor: number;
  /**
   * While the circuit has been open for less than this × the last outage's length, probes stay at the
   * initial interval (default 2): a provider whose outages are short is expected back soon, and backing
   * off would only add to the time lost after its recovery.
   */
  expectRecoveryWithin: number;
  /** A batch throttled as a whole with a Retry-After at least this long opens the circuit for it (60 s). */
  openOnRetryAfterMs: number;
  /** After this long at a learned 429 cap, one more concurrent call is tried (default 10 min). */
  capReprobeAfterMs: number;
  /** The schedule's rate (default 1 min, EventBridge's smallest); probes fire on the first tick due. */
  tickIntervalMs: number;
}

/** The adaptive controller's defaults (see {@link AdaptiveOptions}). */
export const ADAPTIVE_DEFAULTS: AdaptiveOptions = {
  errorDecrease: 0.5,
  latencyDecrease: 0.75,
  healthyErrorRate: 0.1,
  healthySlowRate: 0.2,
  minFailuresToDecrease: 2,
  tripAfterFailures: 3,
  trickle: true,
  trickleOutageFactor: 1.5,
  expectRecoveryWithin: 2,
  openOnRetryAfterMs: 60_000,
  capReprobeAfterMs: 10 * 60_000,
  tickIntervalMs: 60_000,
};
