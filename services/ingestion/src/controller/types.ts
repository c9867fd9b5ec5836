import { z } from 'zod';

/** How one call to the provider (one worker invocation for one record) ended. */
export const callOutcomeSchema = z.enum(['ok', 'error', 'timeout', 'throttled']);
export type CallOutcome = z.infer<typeof callOutcomeSchema>;

/**
 * What the ventilator saw of one call: `throttled` = the provider refused it before doing any work
 * (429, or 503 with Retry-After during maintenance); `timeout` = the worker's timeout ran out first.
 */
export const callObservationSchema = z.object({
  latencyMs: z.number().nonnegative(),
  outcome: callOutcomeSchema,
  /** The provider's Retry-After, in milliseconds, when it sent one. */
  retryAfterMs: z.number().nonnegative().optional(),
});
export type CallObservation = z.infer<typeof callObservationSchema>;

/** Half-open probes: the first after `initialIntervalMs`, then × `multiplier` per failed probe, capped. */
export const probeSettingsSchema = z.object({
  initialIntervalMs: z.number().positive(),
  maxIntervalMs: z.number().positive(),
  multiplier: z.number().min(1),
  /** Fraction of each interval drawn at random (0 = none, 0.5 = the interval is 50–100% of its value). */
  jitter: z.number().min(0).max(1),
});
export type ProbeSettings = z.infer<typeof probeSettingsSchema>;

/** One provider's parameters: read once per deployment (one ingestion service per provider). */
export const providerParametersSchema = z.object({
  /** Largest BatchSize the mapping may have (= the largest concurrency the ventilator fans out to). */
  maxBatchSize: z.number().int().min(1).max(10_000),
  /** The provider's documented concurrency limit; the batch size never goes above it. */
  maxConcurrency: z.number().int().min(1),
  /** A successful call slower than this counts as slow. */
  latencyThresholdMs: z.number().positive(),
  /** Share of a batch's calls that failed (and, for the article, were slow) that means "unhealthy". */
  errorRateThreshold: z.number().gt(0).max(1),
  probe: probeSettingsSchema,
});
export type ProviderParameters = z.infer<typeof providerParametersSchema>;

/** Circuit-breaker state: closed = ingesting, open = mapping disabled, half-open = probing at 1. */
export const circuitStateSchema = z.enum(['closed', 'open', 'half-open']);
export type CircuitState = z.infer<typeof circuitStateSchema>;

/** What the ventilator applies with UpdateEventSourceMapping (when it differs from the mapping). */
export interface ControlDecision {
  batchSize: number;
  enabled: boolean;
  /** Why, for the structured log line. */
  reason: string;
}

/** The fields every controller state has: what the mapping should look like, and the circuit. */
export interface BaseControllerState {
  controller: string;
  batchSize: number;
  enabled: boolean;
  circuit: CircuitState;
}

/** A controller's answer: the state to persist and the decision to apply. */
export interface ControlStep<S extends BaseControllerState> {
  state: S;
  decision: ControlDecision;
}

/**
 * A batch-size controller for one provider's event-source mapping. Pure: the state is passed in and
 * returned (it lives in DynamoDB, so a cold start finds it), the time is an argument, randomness comes
 * from a seed kept in the state. The ventilator calls {@link afterBatch} after fanning a batch out and
 * the scheduled tick calls {@link onTick}; both apply the decision through UpdateEventSourceMapping.
 */
export interface Controller<S extends BaseControllerState> {
  readonly name: S['controller'];
  /** How often the schedule should call {@link onTick}. */
  tickIntervalMs(params: ProviderParameters): number;
  /** The state of a provider never seen before: full batch size, mapping enabled. */
  initialState(params: ProviderParameters, seed: number): S;
  /** Validates a state read back from storage (throws a ZodError when it is not one of ours). */
  parseState(value: unknown): S;
  afterBatch(
    state: S,
    params: ProviderParameters,
    observations: readonly CallObservation[],
    now: number,
  ): ControlStep<S>;
  onTick(state: S, params: ProviderParameters, now: number): ControlStep<S>;
}

/** The largest batch size a provider allows: the mapping's maximum, never above its concurrency limit. */
export const fullBatchSize = (params: ProviderParameters): number =>
  Math.min(params.maxBatchSize, params.maxConcurrency);
