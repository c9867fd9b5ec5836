import { z } from 'zod';

/**
 * A record on a provider's stream: one record id to fetch. `day` (UTC `yyyy-mm-dd`) is the ingestion day
 * it belongs to; without it, the UTC day the record arrived on the stream. A record id is fetched at most
 * once per day. `jobId` names the job whose progress counts it.
 */
export const ingestionJobSchema = z.object({
  recordId: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only'),
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** The ingestion job that enqueued it (the schedule's daily job or a `POST /ingestions`), for its counts. */
  jobId: z.string().min(1).max(64).optional(),
});
export type IngestionJob = z.infer<typeof ingestionJobSchema>;

/** What the ventilator sends the worker: one record to fetch. */
export interface WorkerRequest {
  recordId: string;
  day: string;
}

/** What the worker answers: how the provider call ended (see `CallObservation`). */
export const workerResultSchema = z.object({
  outcome: z.enum(['ok', 'error', 'timeout', 'throttled']),
  latencyMs: z.number().nonnegative(),
  retryAfterMs: z.number().nonnegative().optional(),
  status: z.number().int().optional(),
  error: z.string().optional(),
});
export type WorkerResult = z.infer<typeof workerResultSchema>;

export const utcDay = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);
