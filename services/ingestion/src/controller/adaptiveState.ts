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
  /**
   * When the current outage began for us (epoch ms): the batch that tripped the circuit. Null while
   * closed. The fields below default to null so that a state stored by an older version still parses.
   */
  openedAt: z.number().nullable().default(null),
  /** While trickling at batch size 1 after a trip (half-open, enabled): until when, before opening. */
  trickleUntil: z.number().nullable().default(null),
  /** …and how many more failed calls it may spend (as many as the batch that tripped). */
  trickleCallsLeft: z.number().int().min(0).default(0),
  /** How long the last outage lasted, from the trip to the call that closed the circuit. */
  lastOutageMs: z.number().nonnegative().nullable().default(null),
  /** mulberry32 state for the probe jitter. */
  rng: z.number().int().min(0),
});
export type AdaptiveState = z.output<typeof adaptiveStateSchema>;
