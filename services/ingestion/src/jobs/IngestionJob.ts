import { randomBytes } from 'node:crypto';

/** Where a job's record ids come from: a list given by a user, or the provider's catalogue of its day. */
export type JobSource = { type: 'ids'; ids: string[] } | { type: 'catalogue' };

/** Counts the ventilator keeps per job (each record counted once: see `JobStore.countFate`). */
export interface JobCounts {
  fetched: number;
  deadLettered: number;
  /** Attempts that failed (a record may fail and then be fetched, or fail again). */
  failedAttempts: number;
}

/**
 * An ingestion job, one item in the provider's tracking table (key `#job` / `<jobId>`): the daily
 * schedule's job of a day (`daily-<day>`) or one `POST /ingestions/<provider>`. It holds the enqueue
 * cursor (a catalogue cursor, or an index into `ids`), so a restarted run goes on where the last stopped.
 */
export interface IngestionJob extends JobCounts {
  jobId: string;
  kind: 'daily' | 'ad-hoc';
  provider: string;
  /** The ingestion day of its records (UTC yyyy-mm-dd): a record is fetched once per day. */
  ingestionDay: string;
  source: JobSource;
  /** Epoch ms; nothing is enqueued before. */
  notBefore?: number;
  createdAt: number;
  createdBy?: string;
  /** Next page to enqueue; absent = from the start. */
  cursor?: string;
  /** True once every id is on the stream. */
  enqueueDone: boolean;
  enqueued: number;
  /** Known from the start for ids; for a catalogue once it is read to the end. */
  total?: number;
  leaseOwner?: string;
  leaseUntil?: number;
  updatedAt: number;
}

/** A job's status as `GET /ingestions/<provider>/{jobId}` shows it. */
export type JobStatus = 'scheduled' | 'enqueuing' | 'running' | 'done';

export const jobStatus = (job: IngestionJob, now: number): JobStatus => {
  if (!job.enqueueDone) return job.enqueued === 0 && (job.notBefore ?? 0) > now ? 'scheduled' : 'enqueuing';
  return job.fetched + job.deadLettered >= job.enqueued ? 'done' : 'running';
};

export const dailyJobId = (day: string): string => `daily-${day}`;

/** Sortable by creation: `20261122T181503Z-9f86d081`. */
export const newJobId = (now: number): string =>
  `${new Date(now).toISOString().replace(/[-:]|\.\d{3}/g, '')}-${randomBytes(4).toString('hex')}`;

/** What a job id looks like (checked before any read: a bad id is a 400, not a 404). */
export const JOB_ID_PATTERN = /^(daily-\d{4}-\d{2}-\d{2}|\d{8}T\d{6}Z-[0-9a-f]{8})$/;
