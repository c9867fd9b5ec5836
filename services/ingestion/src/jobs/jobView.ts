import { holdReason } from '../schedule/holdMapping';
import type { IngestionWindows } from '../schedule/IngestionWindows';
import { type IngestionJob, type JobStatus, jobStatus } from './IngestionJob';

/** A job as the API shows it. */
export interface JobView {
  jobId: string;
  provider: string;
  kind: IngestionJob['kind'];
  status: JobStatus;
  day: string;
  source: 'ids' | 'catalogue';
  createdAt: string;
  notBefore?: string;
  /** Ids in the job: known from the start for a list, once the catalogue is read for a catalogue. */
  total: number | null;
  enqueued: number;
  fetched: number;
  deadLettered: number;
  failedAttempts: number;
  /** Enqueued and not settled yet (fetched or dead-lettered). */
  pending: number;
  /** Present while the provider may not be called: why, and from when it may. */
  held?: { reason: string; until: string | null };
}

/** The job item → the answer of `GET /ingestions/<provider>/{jobId}` (and of the POST). */
export const jobView = (
  job: IngestionJob,
  windows: Pick<IngestionWindows, 'check' | 'nextAllowed'>,
  now: number,
): JobView => {
  const check = windows.check(now);
  const status = jobStatus(job, now);
  const next = check.allowed ? undefined : windows.nextAllowed(now);
  return {
    jobId: job.jobId,
    provider: job.provider,
    kind: job.kind,
    status,
    day: job.ingestionDay,
    source: job.source.type,
    createdAt: new Date(job.createdAt).toISOString(),
    ...(job.notBefore === undefined ? {} : { notBefore: new Date(job.notBefore).toISOString() }),
    total: job.total ?? null,
    enqueued: job.enqueued,
    fetched: job.fetched,
    deadLettered: job.deadLettered,
    failedAttempts: job.failedAttempts,
    pending: Math.max(0, job.enqueued - job.fetched - job.deadLettered),
    ...(check.allowed || status === 'done'
      ? {}
      : {
          held: {
            reason: holdReason(check),
            until: next === undefined ? null : new Date(next).toISOString(),
          },
        }),
  };
};
