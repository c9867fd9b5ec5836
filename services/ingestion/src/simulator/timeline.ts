import { z } from 'zod';

/** What a phase means for the benchmark's figures (calls "during the outage" = in `outage` phases). */
export const phaseKindSchema = z.enum(['healthy', 'degraded', 'outage', 'maintenance']);
export type PhaseKind = z.infer<typeof phaseKindSchema>;

/**
 * One stretch of a provider's behaviour. Latency is log-normal (median, sigma), clamped to 5 ms–70 s,
 * and grows with the load above `capacity` (× concurrent / capacity): a provider that slows down when
 * pushed, so that backing off helps it.
 */
export const providerPhaseSchema = z.object({
  name: z.string().min(1),
  kind: phaseKindSchema,
  /** How long the phase lasts; the last phase may omit it (it lasts for ever). */
  durationMs: z.number().positive().optional(),
  latency: z.object({ medianMs: z.number().positive(), sigma: z.number().min(0) }),
  /** Probability that a call fails (HTTP 500, after its latency). */
  errorRate: z.number().min(0).max(1).default(0),
  /** Concurrent calls served at the base latency; above, latency × concurrent / capacity. */
  capacity: z.number().int().min(1).optional(),
  /** Concurrent calls accepted; above, an immediate 429 with Retry-After. */
  concurrencyLimit: z.number().int().min(1).optional(),
  /** Retry-After sent with a 429 (default 1 s). */
  retryAfterMs: z.number().min(0).default(1_000),
});
export type ProviderPhase = z.infer<typeof providerPhaseSchema>;
export type ProviderPhaseInput = z.input<typeof providerPhaseSchema>;

/** A scripted timeline: phases one after the other from time 0. */
export const timelineSchema = z.array(providerPhaseSchema).min(1);
export type Timeline = ProviderPhase[];

/** Validates a timeline written by hand (durations, rates in range, defaults filled in). */
export const parseTimeline = (phases: readonly ProviderPhaseInput[]): Timeline =>
  timelineSchema.parse(phases);

/** Where a timeline is at `elapsedMs`: the phase, its index and when it ends. */
export interface PhaseAt {
  phase: ProviderPhase;
  index: number;
  startsAt: number;
  endsAt: number;
}

/**
 * The phase in force `elapsedMs` after the timeline started (the last one once all have passed).
 *
 * @example
 * phaseAt(timeline, 90_000).phase.kind; // 'outage'
 */
export const phaseAt = (timeline: Timeline, elapsedMs: number): PhaseAt => {
  let startsAt = 0;
  for (const [index, phase] of timeline.entries()) {
    const endsAt = startsAt + (phase.durationMs ?? Number.POSITIVE_INFINITY);
    if (elapsedMs < endsAt || index === timeline.length - 1) return { phase, index, startsAt, endsAt };
    startsAt = endsAt;
  }
  throw new Error('A timeline has at least one phase');
};
