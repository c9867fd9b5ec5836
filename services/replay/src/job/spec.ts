import { subjectSchema } from '@kes/envelope';
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });

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
    rateShare: z.number().gt(0).max(1).optional(),
  })
  .strict()
  .refine((spec) => Date.parse(spec.from) < Date.parse(spec.to), {
    message: '`from` must be before `to`',
    path: ['to'],
  });

export type ReplaySpec = z.infer<typeof replaySpecSchema>;

/** Defaults merged in one place. */
export const DEFAULT_RATE_SHARE = 0.8;
