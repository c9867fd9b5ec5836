import type { ReplayJobItem } from '../job/JobStore';
import { DEFAULT_RATE_SHARE } from '../job/spec';
import { sourceTime } from './sourceTime';

/** What `GET /replays/{id}` (and the other routes) answer about a job. */
export interface ReplayJobView {
  jobId: string;
  status: ReplayJobItem['status'];
  spec: ReplayJobItem['spec'];
  target: string;
  counts: { read: number; sent: number; confirmed: number; bytes: number };
  /** Share of the work done, 0…1: of the time range (time-ordered sources) or of the subjects; null before the first checkpoint. */
  progress: number | null;
  /** Confirmed records per second since the job started (over its whole life, resumptions included). */
  rate: number | null;
  rateShare: number;
  lastEventAt: string | null;
  /**
   * The highest sequence number written per target shard, as of the last checkpoint: once a consumer has
   * processed these on every shard (all of them, when the job succeeded), it has read the whole replay.
   */
  written: Record<string, string>;
  /** The runner's lease: past while `running` means its runner died (the next GET hands the job to a new one). */
  leaseUntil: string | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  updatedAt: string;
  finishedAt: string | null;
  error: { code: string; message: string } | null;
  links: { self: string; resume: string; cancel: string };
}

/** The links of a job: where to watch it, resume it and cancel it. */
export const jobLinks = (jobId: string): ReplayJobView['links'] => ({
  self: `/replays/${jobId}`,
  resume: `/replays/${jobId}/resume`,
  cancel: `/replays/${jobId}/cancel`,
});

/**
 * The public view of a job item: counts (`read` from the source, `sent` = `confirmed` by Kinesis up to
 * the last checkpoint — the runner counts a record only once it is confirmed), progress, rate, times.
 *
 * @example
 * return jobView(await jobs.get(jobId), Date.now());
 */
export const jobView = (job: ReplayJobItem, now: number): ReplayJobView => {
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  const seconds = job.startedAt ? (end - Date.parse(job.startedAt)) / 1000 : 0;
  return {
    jobId: job.jobId,
    status: job.status,
    spec: job.spec,
    target: job.target,
    counts: {
      read: job.progress.scanned,
      sent: job.progress.sent,
      confirmed: job.progress.sent,
      bytes: job.progress.bytes,
    },
    progress: progressOf(job),
    rate: seconds > 0 ? Math.round((job.progress.sent / seconds) * 10) / 10 : null,
    rateShare: job.spec.rateShare ?? DEFAULT_RATE_SHARE,
    lastEventAt: job.lastEventAt ?? null,
    written: job.written ?? {},
    leaseUntil: job.leaseUntil === undefined ? null : new Date(job.leaseUntil).toISOString(),
    attempts: job.attempts,
    createdAt: job.createdAt,
    startedAt: job.startedAt ?? null,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt ?? null,
    error: job.error ?? null,
    links: jobLinks(job.jobId),
  };
};

/**
 * How far a job is: 1 when it succeeded; for a subject list, subjects done / subjects; otherwise the
 * checkpoint's place in the time range (the time index's key time, or the lake's arrival hour).
 */
const progressOf = (job: ReplayJobItem): number | null => {
  if (job.status === 'succeeded') return 1;
  const position = job.position;
  if (!position) return job.status === 'pending' ? 0 : null;
  if (job.spec.subjects && typeof position.subject === 'number')
    return round(position.subject / job.spec.subjects.length);
  const at = sourceTime(position);
  if (at === undefined) return null;
  const from = Date.parse(job.spec.from);
  const to = Date.parse(job.spec.to);
  return round(Math.min(1, Math.max(0, (at - from) / (to - from))));
};

const round = (share: number): number => Math.round(share * 1000) / 1000;
