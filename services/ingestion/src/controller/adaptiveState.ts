import { z } from 'zod';
import { circuitStateSchema } from './types';

/** The adaptive controller's persisted state (one DynamoDB item per provider). */
export const adaptiveStateSchema = z.object({
  controller: z.literal('adaptive'),
  batchSize: z.number().int().min(1),
  enabled: z.boolean(),
  circuit: circuitStateSchema,
  /** The concurrency window; the batch size is its floor. Fractional so that × 0.75 can add up. */
  window: z.number().min(1),
  /** Below it the window doubles per healthy batch (slow start); above it, + 1. */
  ceiling: z.number().min(1),
  /** A concurrency the provider answered with 429 above, and when it was learned. */
  learnedCap: z.number().int().min(1).nullable(),
  learnedCapAt: z.number().nullable(),
  /** Failed calls in a row, across batches (reset by any success): trips the circuit at a threshold. */
  failureStreak: z.number().int().min(0),
  /** Probes that failed since the circuit opened: the exponent of the backoff. */
  failedProbes: z.number().int().min(0),
  /** When the schedule may half-open the circuit (epoch ms), while it is open. */
  nextProbeAt: z.number().nullable(),
  /** mulberry32 state for the probe jitter. */
  rng: z.number().int().min(0),
});
export type AdaptiveState = z.infer<typeof adaptiveStateSchema>;
