import { subjectSchema } from '@kes/envelope';
import { z } from 'zod';

const isoTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 time with a zone, e.g. 2026-02-01T12:00:00Z',
});

/** How a job writes: see `ReplayRunnerOptions.writeMode`. */
export const writeModeSchema = z.enum(['put-records', 'put-record']);
export type WriteMode = z.infer<typeof writeModeSchema>;

/**
 * What a replay job does: which events (source, time range, types, subjects), where to (the replay stream
 * unless a domain stream is allowed explicitly) and how fast (a share of the target's write limit).
 */
export const replaySpecSchema = z
  .object({
    /** `event-store`: the events table (time index, or per-subject history); `lake`: the S3 objects. */
    source: z.enum(['event-store', 'lake']),
    /** `from` ≤ occurredAt < `to`, with a zone (`Z` or an offset). */
    from: isoTime,
    to: isoTime,
    /** Only these event types (all when absent). */
    types: z.array(z.string().min(1).max(128)).min(1).max(100).optional(),
    /** Only these subjects (all when absent); with the event store, read through their histories. */
    subjects: z.array(subjectSchema).min(1).max(1000).optional(),
    /** The stream to write to; the stage's replay stream when absent. */
    target: z.string().min(1).max(128).optional(),
    /** Must be `true` to write to any stream but the replay stream: consumers of a domain stream act on it. */
    allowDomainTarget: z.boolean().optional(),
    /** Share of the target's write limit (shards × 1,000 records/s and 1 MiB/s) the job may use. */
    rateShare: z
      .number({ error: 'must be a number above 0 and at most 1' })
      .gt(0, 'must be above 0 (a share of the target’s write limit)')
      .max(1, 'must be at most 1: a job never writes faster than the target’s limit')
      .optional(),
    /** `put-records` (default for jobs; reaches ~92% of the shard limit) or `put-record` (one call per record). */
    writeMode: writeModeSchema.optional(),
  })
  .strict()
  .refine((spec) => Date.parse(spec.from) < Date.parse(spec.to), {
    message: 'must be after `from`: the range is from ≤ occurredAt < to, so `from` must be before `to`',
    path: ['to'],
  });

export type ReplaySpec = z.infer<typeof replaySpecSchema>;

/** Defaults merged in one place. */
export const DEFAULT_RATE_SHARE = 0.8;
